// One ticket's row in a list: what the search attributes (open tickets) or the archive
// (finished ones) hold of it, and what every reader of the list may see.
export interface TicketSummary {
  number: string;
  title: string;
  requester: string;
  status: string;
  priority: string;
  category: string;
  group: string;
  assignee: string | null;
  /** The response team besides the assignee (open tickets; absent when nobody helps). */
  helpers?: string[];
  slaResponseDue: string | null;
  slaResolutionDue: string | null;
  breached: boolean;
  /** Known for archived tickets and for open ones listed by period. */
  createdAt?: string;
  closedAt?: string | null;
  /** Where the entry came from: the search attributes of a workflow, or the sqlite archive. */
  source?: 'live' | 'archive';
}
