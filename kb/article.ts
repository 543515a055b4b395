// A knowledge-base article (DESIGN §2 "Knowledge and reports"): the fields people write, the
// bodies the API accepts, and the article as the store keeps and the API shows it.
import { z } from 'zod';

export const KB_STATUSES = ['draft', 'published', 'retired'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);
const TicketNumberSchema = z.string().regex(/^[A-Z]{1,6}-\d{3,10}$/, 'a ticket number such as IT-000123');

export const ArticleFieldsSchema = z
  .object({
    title: text(300).min(1),
    symptom: text(20_000).default(''),
    cause: text(20_000).default(''),
    solution: text(50_000).min(1),
    category: z.string().regex(/^[a-z][a-z0-9-]*$/),
    tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
    language: z.enum(['zh-CN', 'en']),
    /** The tickets the article was learned from. */
    sourceTickets: z.array(TicketNumberSchema).max(50).default([]),
  })
  .strict();
export type ArticleFields = z.infer<typeof ArticleFieldsSchema>;

/** An edit names the version it was made on, so two editors cannot overwrite each other. */
export const ArticleEditSchema = ArticleFieldsSchema.partial()
  .extend({ version: z.number().int().min(1), note: z.string().trim().max(2000).optional() })
  .strict();
export type ArticleEdit = z.infer<typeof ArticleEditSchema>;

export const StatusChangeSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();

export interface KbCounters {
  views: number;
  suggestionsShown: number;
  solved: number;
}

export interface Article extends ArticleFields {
  id: number;
  /** How people cite it: KB-12. */
  ref: string;
  status: KbStatus;
  /** Content version, 1 for the first text; status changes do not make a version. */
  version: number;
  author: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  retiredAt: string | null;
  counters: KbCounters;
}

export interface ArticleHistoryEntry {
  seq: number;
  action: 'created' | 'edited' | 'published' | 'retired';
  version: number;
  status: KbStatus;
  actor: string;
  at: string;
  note: string | null;
  /** The whole text of the version, for entries that changed it. */
  fields: ArticleFields | null;
}

export const articleRef = (id: number) => `KB-${id}`;

/** KB-12 or 12 → 12; anything else → undefined. */
export function parseArticleId(text: string): number | undefined {
  const m = /^(?:KB-)?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}
