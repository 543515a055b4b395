// The visibility query that counts a person's open work: running ticket workflows assigned to
// them in a status where they owe the requester something (not new, not resolved).
import type { TicketStatus } from '../ticket/lifecycle';

/** Statuses that load an engineer: resolved tickets wait on the requester, new ones on nobody yet. */
export const WORKLOAD_STATUSES: readonly TicketStatus[] = ['assigned', 'in_progress', 'pending'];

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function openTicketsQuery(assignee: string): string {
  return [
    `WorkflowType = 'ticketWorkflow'`,
    `ExecutionStatus = 'Running'`,
    `Assignee = ${quoted(assignee)}`,
    `TicketStatus IN (${WORKLOAD_STATUSES.map(quoted).join(', ')})`,
  ].join(' AND ');
}
