// priorities.yaml: the priority levels (P1 most urgent) and what each means.
import { z } from 'zod';

export const PriorityIdSchema = z.string().regex(/^P[1-9]$/, 'priority ids are P1..P9');

export const PrioritySchema = z
  .object({
    label: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict(),
    meaning: z.string().min(1),
  })
  .strict();

export const PrioritiesSchema = z
  .object({
    priorities: z.record(PriorityIdSchema, PrioritySchema),
    defaultPriority: PriorityIdSchema,
  })
  .strict();
export type PrioritiesConfig = z.infer<typeof PrioritiesSchema>;
