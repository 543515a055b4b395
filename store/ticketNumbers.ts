// Human-friendly ticket numbers (IT-000123) from one sqlite sequence: they never repeat,
// and the same idempotency key always gets the same number back.
import type { Db } from './db';

export function formatNumber(prefix: string, digits: number, seq: number): string {
  return `${prefix}-${String(seq).padStart(digits, '0')}`;
}

export interface NumberFormat {
  prefix: string;
  digits: number;
}

/** Used by the intake workflow of tickets opened before issue #10 (still registered for them). */
export async function allocateTicketNumber(
  db: Db,
  idempotencyKey: string,
  format: NumberFormat,
  now: Date = new Date(),
): Promise<{ number: string; created: boolean }> {
  const reserved = await reserveTicketNumber(db, idempotencyKey, null, format, now);
  return { number: reserved.number, created: reserved.created };
}

export interface Reservation<Opening> {
  number: string;
  /** False when the key had its number already (a retried request). */
  created: boolean;
  /** What the first request with this key opens (null for numbers the intake workflow took). */
  opening: Opening | null;
}

/**
 * Takes the next number for an idempotency key together with what opens its ticket, in one
 * transaction: a number is never handed out without the means to start its ticket, so a start
 * lost between here and Temporal is made good by `unstartedTickets` (no gaps, no intake workflow).
 */
export async function reserveTicketNumber<Opening>(
  db: Db,
  idempotencyKey: string,
  opening: Opening | null,
  format: NumberFormat,
  now: Date = new Date(),
): Promise<Reservation<Opening>> {
  return db.transaction(async () => {
    const existing = await db.get<{ number: string; opening_json: string | null }>(
      'SELECT number, opening_json FROM ticket_numbers WHERE idempotency_key = ?',
      [idempotencyKey],
    );
    if (existing) return { number: existing.number, created: false, opening: existing.opening_json ? (JSON.parse(existing.opening_json) as Opening) : null };
    // AUTOINCREMENT never hands out a sequence value twice, even after deletes.
    const next = await db.get<{ seq: number }>("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'ticket_numbers'), 0) + 1 AS seq");
    const number = formatNumber(format.prefix, format.digits, next!.seq);
    await db.run('INSERT INTO ticket_numbers (seq, idempotency_key, number, created_at, opening_json) VALUES (?, ?, ?, ?, ?)', [
      next!.seq,
      idempotencyKey,
      number,
      now.toISOString(),
      opening === null ? null : JSON.stringify(opening),
    ]);
    return { number, created: true, opening };
  });
}

/** The ticket's workflow is known to exist: the sweep leaves it alone. */
export async function markTicketStarted(db: Db, number: string, now: Date = new Date()): Promise<void> {
  await db.run('UPDATE ticket_numbers SET started_at = ? WHERE number = ? AND started_at IS NULL', [now.toISOString(), number]);
}

/** Numbers reserved before `before` whose start nobody has confirmed, oldest first. */
export async function unstartedTickets<Opening>(db: Db, before: Date, limit = 100): Promise<Array<{ number: string; opening: Opening }>> {
  const rows = await db.all<{ number: string; opening_json: string }>(
    'SELECT number, opening_json FROM ticket_numbers WHERE opening_json IS NOT NULL AND started_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?',
    [before.toISOString(), limit],
  );
  return rows.map((r) => ({ number: r.number, opening: JSON.parse(r.opening_json) as Opening }));
}
