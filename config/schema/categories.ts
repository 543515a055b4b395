// categories.yaml: what a ticket can be about, and which group takes each category by default.
import { z } from 'zod';
import { kebabId } from './ids';

export const CategorySchema = z
  .object({
    label: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict(),
    group: z.string().min(1).describe('default assignment group id'),
  })
  .strict();

export const CategoriesSchema = z
  .object({
    categories: z.record(kebabId('category ids are lower-case kebab-case'), CategorySchema),
    defaultCategory: z.string().min(1),
  })
  .strict();
export type CategoriesConfig = z.infer<typeof CategoriesSchema>;
