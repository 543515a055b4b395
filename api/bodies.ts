// zod schema of the ticket list's query string; action bodies are in ticket/actions.ts.
import { z } from 'zod';
import { CategoryId, GroupId, MemberId, PriorityId, STATUSES, TicketNumber } from '../ticket/actions';

export const ListQuerySchema = z
  .object({
    status: z.enum(STATUSES).optional(),
    priority: PriorityId.optional(),
    assignee: MemberId.optional(),
    group: GroupId.optional(),
    category: CategoryId.optional(),
    breached: z.enum(['true', 'false']).optional(),
    /** `open` / `resolved` major incidents, or the tickets linked to one (its number). */
    majorIncident: z.union([z.enum(['open', 'resolved']), TicketNumber]).optional(),
    /** Opened in [from, to): a date in the desk's zone or an ISO-8601 instant; reads the archive too. */
    from: z.string().optional(),
    to: z.string().optional(),
    /** Words in number, title, description or resolution of archived tickets. */
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
