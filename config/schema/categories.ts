// categories.yaml: what a ticket can be about, and which group takes each category by default.
import { z } from 'zod';
import { kebabId } from './ids';

export const CategorySchema = z
  .object({
    label: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict(),
    group: z.string().min(1).describe('default assignment group id'),
    tiers: z
      .array(z.string().min(1))
      .min(2, 'a ladder needs at least two groups, lowest tier first')
      .optional()
      .describe('the groups this category climbs when a ticket is escalated to the next tier, lowest tier first (e.g. [service-desk, desktop, infrastructure])'),
  })
  .strict();

export const CategoriesSchema = z
  .object({
    categories: z.record(kebabId('category ids are lower-case kebab-case'), CategorySchema),
    defaultCategory: z.string().min(1),
  })
  .strict();
export type CategoriesConfig = z.infer<typeof CategoriesSchema>;
