// Human-friendly ticket numbers (IT-000123) from one sqlite sequence: they never repeat,
// and the same idempotency key always gets the same number back.
import type { Db } from './db';

export function formatNumber(prefix: string, digits: number, seq: number): string {
  return `${prefix}-${String(seq).padStart(digits, '0')}`;
}

export async function allocateTicketNumber(
  db: Db,
  idempotencyKey: string,
  format: { prefix: string; digits: number },
  now: Date = new Date(),
): Promise<{ number: string; created: boolean }> {
  return db.transaction(async () => {
    const existing = await db.get<{ number: string }>('SELECT number FROM ticket_numbers WHERE idempotency_key = ?', [idempotencyKey]);
    if (existing) return { number: existing.number, created: false };
    // AUTOINCREMENT never hands out a sequence value twice, even after deletes.
    const next = await db.get<{ seq: number }>("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'ticket_numbers'), 0) + 1 AS seq");
    const number = formatNumber(format.prefix, format.digits, next!.seq);
    await db.run('INSERT INTO ticket_numbers (seq, idempotency_key, number, created_at) VALUES (?, ?, ?, ?)', [
      next!.seq,
      idempotencyKey,
      number,
      now.toISOString(),
    ]);
    return { number, created: true };
  });
}
