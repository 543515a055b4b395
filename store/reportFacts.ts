// Report facts of archived tickets (report/facts.ts), written with the archive and read by
// period: a ticket matters to [from, to) if it was opened before `to` and something happened to
// it at or after `from` (its last event), which also keeps the backlog at the end of the period.
import { decodeFacts, encodeFacts, FACTS_VERSION, ticketFacts, type TicketFacts } from '../report/facts';
import type { TicketView } from '../ticket/state';
import type { Db } from './db';

/** Called inside the archive's transaction. The row moves when its last event does (it is the key). */
export async function writeTicketFacts(db: Db, ticket: TicketView): Promise<void> {
  const facts = ticketFacts(ticket);
  await db.run('DELETE FROM ticket_facts WHERE number = ?', [facts.number]);
  await db.run(
    'INSERT INTO ticket_facts (last_event_at, number, facts_version, created_at, assignment_group, facts_json) VALUES (?, ?, ?, ?, ?, ?)',
    [facts.lastEventAt, facts.number, FACTS_VERSION, facts.createdAt, facts.group, encodeFacts(facts)],
  );
}

/** Facts for tickets archived before facts existed, or computed by an older FACTS_VERSION. Run by the store worker at start. */
export async function backfillTicketFacts(db: Db, batchSize = 500): Promise<number> {
  let written = 0;
  for (;;) {
    const rows = await db.all<{ ticket_json: string }>(
      `SELECT t.ticket_json FROM tickets t LEFT JOIN ticket_facts f ON f.number = t.number
        WHERE f.number IS NULL OR f.facts_version < ? LIMIT ?`,
      [FACTS_VERSION, batchSize],
    );
    if (!rows.length) return written;
    await db.transaction(async () => {
      for (const r of rows) await writeTicketFacts(db, JSON.parse(r.ticket_json) as TicketView);
    });
    written += rows.length;
  }
}

export async function archivedFactsFor(db: Db, from: Date, to: Date, group?: string): Promise<TicketFacts[]> {
  const rows = await db.all<{ facts_json: string; assignment_group: string }>(
    `SELECT facts_json, assignment_group FROM ticket_facts WHERE last_event_at >= ? AND created_at < ?${group ? ' AND assignment_group = ?' : ''}`,
    group ? [from.getTime(), to.getTime(), group] : [from.getTime(), to.getTime()],
  );
  return rows.map((r) => decodeFacts(r.facts_json, r.assignment_group));
}
