// The Message-ID index: which ticket each mail the desk received or sent belongs to. Threading
// reads it; the mailbox writes it after a mail is accepted, so a re-fetch is recognised.
import type { Db } from './db';

export type MailDirection = 'in' | 'out';

export interface IndexedMessage {
  messageId: string;
  ticketNumber: string;
  direction: MailDirection;
}

// SQLite's default limit of bound parameters is 999; stay well below it.
const LOOKUP_CHUNK = 500;

/** The indexed entries among `messageIds` (normal form); unknown ids are simply absent. */
export async function lookupMessages(db: Db, messageIds: readonly string[]): Promise<IndexedMessage[]> {
  const unique = [...new Set(messageIds)];
  const found: IndexedMessage[] = [];
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
    const chunk = unique.slice(i, i + LOOKUP_CHUNK);
    const rows = await db.all<{ message_id: string; ticket_number: string; direction: MailDirection }>(
      `SELECT message_id, ticket_number, direction FROM mail_messages WHERE message_id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    found.push(...rows.map((r) => ({ messageId: r.message_id, ticketNumber: r.ticket_number, direction: r.direction })));
  }
  return found;
}

/** Records ids; an id already recorded keeps its first ticket (the mail was accepted then). */
export async function recordMessages(
  db: Db,
  entries: ReadonlyArray<IndexedMessage & { mailbox?: string }>,
  now: Date = new Date(),
): Promise<void> {
  if (!entries.length) return;
  await db.transaction(async () => {
    for (const e of entries)
      await db.run(
        'INSERT INTO mail_messages (message_id, ticket_number, direction, mailbox, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(message_id) DO NOTHING',
        [e.messageId, e.ticketNumber, e.direction, e.mailbox ?? null, now.toISOString()],
      );
  });
}
