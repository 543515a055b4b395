// Finding archived tickets: filters on the archive's columns, a period on the opening time, and
// full text over number, title, description, error message and resolution (search/segment.ts,
// so two-character Chinese words are found as in the knowledge base).
import type { TicketSummary } from '../ticket/summary';
import { matchExpression, queryTerms, segmentForIndex } from '../search/segment';
import type { TicketView } from '../ticket/state';
import type { Db } from './db';

/** What the full-text index holds for a ticket. */
export function indexedTicket(ticket: Pick<TicketView, 'number' | 'intake' | 'resolution'>) {
  const title = segmentForIndex(`${ticket.number} ${ticket.intake.title}`);
  const body = segmentForIndex([ticket.intake.description, ticket.intake.errorMessage ?? '', ticket.resolution?.note ?? ''].join('\n'));
  return { titleWords: title.words, bodyWords: body.words, chars: `${title.chars} ${body.chars}`.trim() };
}

/** Called inside the archive's transaction, after the ticket row is written. */
export async function indexArchivedTicket(db: Db, ticket: TicketView): Promise<void> {
  const row = await db.get<{ rowid: number }>('SELECT rowid FROM tickets WHERE number = ?', [ticket.number]);
  if (!row) return;
  const idx = indexedTicket(ticket);
  await db.run('DELETE FROM ticket_search WHERE rowid = ?', [row.rowid]);
  await db.run('INSERT INTO ticket_search (rowid, title_words, body_words, chars) VALUES (?, ?, ?, ?)', [row.rowid, idx.titleWords, idx.bodyWords, idx.chars]);
}

/**
 * Indexes tickets archived before the index existed (node-sqlite3 cannot segment in SQL, so a
 * migration cannot). Run by the store worker at start; a no-op once everything is indexed.
 */
export async function backfillArchiveSearch(db: Db, batchSize = 500): Promise<number> {
  let indexed = 0;
  for (;;) {
    const rows = await db.all<{ ticket_json: string }>(
      'SELECT ticket_json FROM tickets WHERE rowid NOT IN (SELECT rowid FROM ticket_search) LIMIT ?',
      [batchSize],
    );
    if (!rows.length) return indexed;
    await db.transaction(async () => {
      for (const r of rows) await indexArchivedTicket(db, JSON.parse(r.ticket_json) as TicketView);
    });
    indexed += rows.length;
  }
}

export interface ArchiveFilter {
  status?: string;
  priority?: string;
  assignee?: string;
  group?: string;
  category?: string;
  breached?: 'true' | 'false';
  requester?: string;
  /** Opened at or after. */
  from?: Date;
  /** Opened before. */
  to?: Date;
  /** Words, as for the knowledge base: every word must match. */
  q?: string;
}

/** A finished ticket's row: the list's summary, from the archive (no due times any more). */
export interface ArchivedSummary extends TicketSummary {
  slaResponseDue: null;
  slaResolutionDue: null;
  createdAt: string;
  closedAt: string | null;
  source: 'archive';
}

const COLUMN: Record<string, string> = {
  status: 't.status',
  priority: 't.priority',
  assignee: 't.assignee',
  group: 't.assignment_group',
  category: 't.category',
  requester: 't.requester',
};

/** Newest first; with `q`, best match first. An unusable `q` (punctuation only) finds nothing. */
export async function listArchived(db: Db, filter: ArchiveFilter, limit: number): Promise<ArchivedSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [field, column] of Object.entries(COLUMN)) {
    const value = filter[field as keyof ArchiveFilter];
    if (typeof value === 'string') {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.breached) where.push(`t.breached = ${filter.breached === 'true' ? 1 : 0}`);
  if (filter.from) {
    where.push('t.created_at >= ?');
    params.push(filter.from.toISOString());
  }
  if (filter.to) {
    where.push('t.created_at < ?');
    params.push(filter.to.toISOString());
  }
  let from = 'tickets t';
  let order = 't.created_at DESC, t.number DESC';
  if (filter.q !== undefined) {
    const expression = matchExpression(queryTerms(filter.q), ['title_words', 'body_words'], 'chars', 'strict');
    if (!expression) return [];
    // CROSS JOIN keeps sqlite from running the MATCH once per archived ticket.
    from = 'ticket_search s CROSS JOIN tickets t ON t.rowid = s.rowid';
    where.unshift('ticket_search MATCH ?');
    params.unshift(expression);
    order = 'bm25(ticket_search, 5.0, 1.0, 0.5)';
  }
  const rows = await db.all<{
    number: string; title: string; requester: string; status: string; priority: string; category: string;
    assignment_group: string; assignee: string | null; breached: number; created_at: string; closed_at: string | null;
  }>(
    `SELECT t.number, t.title, t.requester, t.status, t.priority, t.category, t.assignment_group, t.assignee, t.breached, t.created_at, t.closed_at
       FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`,
    [...params, limit],
  );
  return rows.map((r) => ({
    number: r.number,
    title: r.title,
    requester: r.requester,
    status: r.status,
    priority: r.priority,
    category: r.category,
    group: r.assignment_group,
    assignee: r.assignee,
    slaResponseDue: null,
    slaResolutionDue: null,
    breached: r.breached === 1,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    source: 'archive',
  }));
}

/**
 * Numbers handed out in [from, to) whose tickets are not archived yet: the open tickets of a
 * period, which the API then reads from the search attributes. The number is allocated at
 * intake, milliseconds before the ticket's createdAt.
 */
export async function unarchivedNumbersOpenedBetween(db: Db, from: Date | undefined, to: Date | undefined): Promise<Array<{ number: string; createdAt: string }>> {
  const rows = await db.all<{ number: string; created_at: string }>(
    `SELECT n.number, n.created_at FROM ticket_numbers n
      WHERE n.created_at >= ? AND n.created_at < ? AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.number = n.number)
      ORDER BY n.created_at DESC`,
    // ISO strings compare as text: the open end is the largest four-digit year, not Date's max (+275760-…).
    [(from ?? new Date(0)).toISOString(), to?.toISOString() ?? '9999-12-31T23:59:59.999Z'],
  );
  return rows.map((r) => ({ number: r.number, createdAt: r.created_at }));
}

/** Which of these numbers are archived (their workflows may still be listed until retention ends). */
export async function archivedAmong(db: Db, numbers: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const chunk = numbers.slice(i, i + 500);
    const rows = await db.all<{ number: string }>(`SELECT number FROM tickets WHERE number IN (${chunk.map(() => '?').join(',')})`, chunk);
    for (const r of rows) found.add(r.number);
  }
  return found;
}

/** What the ticket service reads from the archive. */
export function createArchiveReader(db: Db) {
  return {
    list: (filter: ArchiveFilter, limit: number) => listArchived(db, filter, limit),
    unarchivedNumbersOpenedBetween: (from?: Date, to?: Date) => unarchivedNumbersOpenedBetween(db, from, to),
    archivedAmong: (numbers: readonly string[]) => archivedAmong(db, numbers),
  };
}
export type ArchiveReader = ReturnType<typeof createArchiveReader>;
