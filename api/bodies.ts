// zod schema of the ticket list's query string; action bodies are in ticket/actions.ts.
import { z } from 'zod';
import { CategoryId, GroupId, MemberId, PriorityId, STATUSES } from '../ticket/actions';

export const ListQuerySchema = z
  .object({
    status: z.enum(STATUSES).optional(),
    priority: PriorityId.optional(),
    assignee: MemberId.optional(),
    group: GroupId.optional(),
    category: CategoryId.optional(),
    breached: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
