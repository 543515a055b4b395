// zod schemas of the agent-action bodies; strict so a misspelt field is an error, not a no-op.
import { z } from 'zod';
import { kebabId, memberId } from '../config/schema/ids';

const text = (max: number) => z.string().trim().min(1).max(max);

export const actionBodies = {
  // Ids as config writes them (and bounded: both become search attributes); whether they exist is checked against groups.yaml.
  assign: z.object({ group: kebabId().optional(), assignee: memberId().nullable().optional(), reason: z.string().max(2000).optional() }).strict()
    .refine((b) => b.group !== undefined || b.assignee !== undefined, { message: 'give group and/or assignee' }),
  respond: z.object({ message: text(20_000) }).strict(),
  comments: z.object({ body: text(20_000), visibility: z.enum(['public', 'internal']).default('public') }).strict(),
  priority: z.object({ priority: z.string().regex(/^P[1-9]$/, 'a priority such as P2'), reason: text(2000) }).strict(),
  category: z.object({ category: kebabId(), reason: text(2000) }).strict(),
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
    assignee: memberId().optional(),
    group: kebabId().optional(),
    category: kebabId().optional(),
    breached: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
