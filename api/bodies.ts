// zod schemas of the agent-action bodies; strict so a misspelt field is an error, not a no-op.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const actionBodies = {
  assign: z.object({ group: z.string().min(1).optional(), assignee: z.string().min(1).nullable().optional(), reason: z.string().max(2000).optional() }).strict()
    .refine((b) => b.group !== undefined || b.assignee !== undefined, { message: 'give group and/or assignee' }),
  respond: z.object({ message: text(20_000) }).strict(),
  comments: z.object({ body: text(20_000), visibility: z.enum(['public', 'internal']).default('public') }).strict(),
  priority: z.object({ priority: z.string().regex(/^P[1-9]$/, 'a priority such as P2'), reason: text(2000) }).strict(),
  category: z.object({ category: z.string().regex(/^[a-z][a-z0-9-]*$/), reason: text(2000) }).strict(),
  pend: z.object({ reason: z.enum(['requester', 'vendor', 'approval']), note: text(5000) }).strict(),
  resume: z.object({ note: z.string().max(5000).optional() }).strict(),
  resolve: z.object({ resolutionNote: text(20_000), code: z.string().max(100).optional() }).strict(),
  reopen: z.object({ reason: text(5000) }).strict(),
  close: z.object({ note: z.string().max(5000).optional() }).strict(),
  cancel: z.object({ reason: text(5000) }).strict(),
  decline: z.object({ reason: text(5000) }).strict(),
  approval: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(5000).optional() }).strict(),
  rate: z.object({ rating: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']), comment: z.string().max(5000).optional() }).strict(),
} as const;

export type ActionRoute = keyof typeof actionBodies;

export const ListQuerySchema = z
  .object({
    status: z.enum(['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'declined', 'cancelled']).optional(),
    priority: z.string().regex(/^P[1-9]$/).optional(),
    assignee: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).optional(),
    group: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    category: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    breached: z.enum(['true', 'false']).optional(),
    /** Opened in [from, to): a date in the desk's zone or an ISO-8601 instant; reads the archive too. */
    from: z.string().optional(),
    to: z.string().optional(),
    /** Words in number, title, description or resolution of archived tickets. */
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
