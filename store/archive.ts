// The archive: every finished ticket with its timeline, kept for reports and knowledge.
import type { TicketView } from '../ticket/state';
import { indexArchivedTicket } from './archiveSearch';
import type { Db } from './db';
import { writeTicketFacts } from './reportFacts';

export async function archiveTicket(db: Db, ticket: TicketView, now: Date = new Date()): Promise<void> {
  await db.transaction(async () => {
    await db.run(
      `INSERT INTO tickets (number, title, requester, status, priority, category, assignment_group, assignee,
         created_at, closed_at, breached, satisfaction, config_version, ticket_json, archived_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(number) DO UPDATE SET status = excluded.status, priority = excluded.priority,
         category = excluded.category, assignment_group = excluded.assignment_group, assignee = excluded.assignee,
         closed_at = excluded.closed_at, breached = excluded.breached, satisfaction = excluded.satisfaction,
         config_version = excluded.config_version, ticket_json = excluded.ticket_json, archived_at = excluded.archived_at`,
      [
        ticket.number,
        ticket.intake.title,
        ticket.intake.requester.email,
        ticket.status,
        ticket.priority,
        ticket.category,
        ticket.group,
        ticket.assignee,
        ticket.createdAt,
        ticket.closedAt ?? null,
        ticket.breached ? 1 : 0,
        ticket.satisfaction?.rating ?? null,
        ticket.configVersion,
        JSON.stringify(ticket),
        now.toISOString(),
      ],
    );
    await db.run('DELETE FROM ticket_events WHERE number = ?', [ticket.number]);
    for (const [seq, event] of ticket.timeline.entries()) {
      await db.run('INSERT INTO ticket_events (number, seq, at, actor, action, event_json) VALUES (?, ?, ?, ?, ?, ?)', [
        ticket.number,
        seq,
        event.at,
        `${event.actor.role}:${event.actor.id}`,
        event.action,
        JSON.stringify(event),
      ]);
    }
    await indexArchivedTicket(db, ticket);
    await writeTicketFacts(db, ticket);
  });
}

export async function archivedTicket(db: Db, number: string): Promise<TicketView | undefined> {
  const row = await db.get<{ ticket_json: string }>('SELECT ticket_json FROM tickets WHERE number = ?', [number]);
  return row ? (JSON.parse(row.ticket_json) as TicketView) : undefined;
}
