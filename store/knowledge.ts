// The knowledge base in sqlite: articles with their history, full-text search over
// pre-segmented text (search/segment.ts), and usage events (views, suggestions, "this solved it").
// Writes run only in the store worker; the API reads through the same functions.
import {
  articleRef,
  type Article,
  type ArticleEdit,
  type ArticleFields,
  type ArticleHistoryEntry,
  type KbStatus,
} from '../kb/article';
import { assertKbActionAllowed, statusAfterEdit } from '../kb/lifecycle';
import { coverage, looseUnits, matchExpression, queryTerms, segmentForIndex } from '../search/segment';
import type { Db } from './db';

export class KbNotFoundError extends Error {
  constructor(readonly id: number) {
    super(`no article ${articleRef(id)}`);
    this.name = 'KbNotFoundError';
  }
}

export class KbVersionConflictError extends Error {
  constructor(
    readonly id: number,
    readonly current: number,
    readonly given: number,
  ) {
    super(`${articleRef(id)} is at version ${current}, the edit was made on version ${given}: reload and edit again`);
    this.name = 'KbVersionConflictError';
  }
}

interface ArticleRow {
  id: number;
  status: KbStatus;
  version: number;
  title: string;
  symptom: string;
  cause: string;
  solution: string;
  category: string;
  tags_json: string;
  language: 'zh-CN' | 'en';
  source_tickets_json: string;
  author: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
  published_at: string | null;
  published_by: string | null;
  retired_at: string | null;
  views: number;
  suggestions_shown: number;
  solved: number;
}

function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    ref: articleRef(r.id),
    status: r.status,
    version: r.version,
    title: r.title,
    symptom: r.symptom,
    cause: r.cause,
    solution: r.solution,
    category: r.category,
    tags: JSON.parse(r.tags_json),
    language: r.language,
    sourceTickets: JSON.parse(r.source_tickets_json),
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    retiredAt: r.retired_at,
    counters: { views: r.views, suggestionsShown: r.suggestions_shown, solved: r.solved },
  };
}

const fieldsOf = (a: ArticleFields): ArticleFields => ({
  title: a.title,
  symptom: a.symptom,
  cause: a.cause,
  solution: a.solution,
  category: a.category,
  tags: a.tags,
  language: a.language,
  sourceTickets: a.sourceTickets,
});

/** What the search index holds for an article: the title weighs more than the body. */
export function indexedArticle(a: ArticleFields) {
  const title = segmentForIndex(a.title);
  const body = segmentForIndex([a.symptom, a.cause, a.solution, a.tags.join(' '), a.category].join('\n'));
  return { titleWords: title.words, bodyWords: body.words, chars: `${title.chars} ${body.chars}`.trim() };
}

async function reindex(db: Db, id: number, a: ArticleFields): Promise<void> {
  const idx = indexedArticle(a);
  await db.run('DELETE FROM kb_search WHERE rowid = ?', [id]);
  await db.run('INSERT INTO kb_search (rowid, title_words, body_words, chars) VALUES (?, ?, ?, ?)', [id, idx.titleWords, idx.bodyWords, idx.chars]);
}

async function appendHistory(
  db: Db,
  id: number,
  entry: Omit<ArticleHistoryEntry, 'seq'>,
): Promise<void> {
  await db.run(
    `INSERT INTO kb_article_history (article_id, seq, action, version, status, actor, at, note, fields_json)
     VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM kb_article_history WHERE article_id = ?), ?, ?, ?, ?, ?, ?, ?)`,
    [id, id, entry.action, entry.version, entry.status, entry.actor, entry.at, entry.note, entry.fields ? JSON.stringify(entry.fields) : null],
  );
}

export async function readArticle(db: Db, id: number): Promise<Article | undefined> {
  const row = await db.get<ArticleRow>('SELECT * FROM kb_articles WHERE id = ?', [id]);
  return row ? toArticle(row) : undefined;
}

async function mustRead(db: Db, id: number): Promise<Article> {
  const article = await readArticle(db, id);
  if (!article) throw new KbNotFoundError(id);
  return article;
}

export async function createArticle(db: Db, fields: ArticleFields, actor: string, now = new Date()): Promise<Article> {
  const at = now.toISOString();
  return db.transaction(async () => {
    const { lastID: id } = await db.run(
      `INSERT INTO kb_articles (status, version, title, symptom, cause, solution, category, tags_json, language,
         source_tickets_json, author, created_at, updated_at, updated_by)
       VALUES ('draft', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [fields.title, fields.symptom, fields.cause, fields.solution, fields.category, JSON.stringify(fields.tags), fields.language,
        JSON.stringify(fields.sourceTickets), actor, at, at, actor],
    );
    await reindex(db, id, fields);
    await appendHistory(db, id, { action: 'created', version: 1, status: 'draft', actor, at, note: null, fields: fieldsOf(fields) });
    return mustRead(db, id);
  });
}

export async function editArticle(
  db: Db,
  id: number,
  edit: ArticleEdit,
  actor: string,
  editorMayPublish: boolean,
  now = new Date(),
): Promise<Article> {
  const at = now.toISOString();
  return db.transaction(async () => {
    const current = await mustRead(db, id);
    assertKbActionAllowed('edit', current.status);
    if (edit.version !== current.version) throw new KbVersionConflictError(id, current.version, edit.version);
    const { version: _base, note, ...changes } = edit;
    const next: ArticleFields = { ...fieldsOf(current), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    const status = statusAfterEdit(current.status, editorMayPublish);
    const version = current.version + 1;
    await db.run(
      `UPDATE kb_articles SET status = ?, version = ?, title = ?, symptom = ?, cause = ?, solution = ?, category = ?, tags_json = ?,
         language = ?, source_tickets_json = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
      [status, version, next.title, next.symptom, next.cause, next.solution, next.category, JSON.stringify(next.tags), next.language,
        JSON.stringify(next.sourceTickets), at, actor, id],
    );
    await reindex(db, id, next);
    await appendHistory(db, id, { action: 'edited', version, status, actor, at, note: note ?? null, fields: next });
    return mustRead(db, id);
  });
}

export async function changeArticleStatus(db: Db, id: number, action: 'publish' | 'retire', actor: string, note?: string, now = new Date()): Promise<Article> {
  const at = now.toISOString();
  return db.transaction(async () => {
    const current = await mustRead(db, id);
    assertKbActionAllowed(action, current.status);
    if (action === 'publish')
      await db.run(`UPDATE kb_articles SET status = 'published', published_at = ?, published_by = ?, retired_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?`, [at, actor, at, actor, id]);
    else await db.run(`UPDATE kb_articles SET status = 'retired', retired_at = ?, updated_at = ?, updated_by = ? WHERE id = ?`, [at, at, actor, id]);
    const status: KbStatus = action === 'publish' ? 'published' : 'retired';
    await appendHistory(db, id, { action: action === 'publish' ? 'published' : 'retired', version: current.version, status, actor, at, note: note ?? null, fields: null });
    return mustRead(db, id);
  });
}

export async function articleHistory(db: Db, id: number): Promise<ArticleHistoryEntry[]> {
  const rows = await db.all<{ seq: number; action: ArticleHistoryEntry['action']; version: number; status: KbStatus; actor: string; at: string; note: string | null; fields_json: string | null }>(
    'SELECT seq, action, version, status, actor, at, note, fields_json FROM kb_article_history WHERE article_id = ? ORDER BY seq',
    [id],
  );
  return rows.map((r) => ({ ...r, fields: r.fields_json ? JSON.parse(r.fields_json) : null, fields_json: undefined }) as ArticleHistoryEntry);
}

// ---- usage ---------------------------------------------------------------------------------

export type KbEventKind = 'view' | 'suggested' | 'solved';
export interface KbEvent {
  articleId: number;
  kind: KbEventKind;
  ticketNumber?: string;
  actor?: string;
  at?: string;
}

const COUNTER: Record<KbEventKind, string> = { view: 'views', suggested: 'suggestions_shown', solved: 'solved' };

/**
 * Counts usage; events for articles that no longer exist are dropped, not failed. A suggestion
 * of an article for a ticket counts once, however many places (or retries) showed it.
 */
export async function recordKbEvents(db: Db, events: readonly KbEvent[], now = new Date()): Promise<number> {
  if (!events.length) return 0;
  return db.transaction(async () => {
    let recorded = 0;
    for (const e of events) {
      if (e.kind === 'suggested' && e.ticketNumber !== undefined) {
        const shown = await db.get('SELECT 1 AS yes FROM kb_events WHERE ticket_number = ? AND article_id = ? AND kind = ?', [e.ticketNumber, e.articleId, 'suggested']);
        if (shown) continue;
      }
      const { changes } = await db.run(`UPDATE kb_articles SET ${COUNTER[e.kind]} = ${COUNTER[e.kind]} + 1 WHERE id = ?`, [e.articleId]);
      if (!changes) continue;
      await db.run('INSERT INTO kb_events (article_id, kind, ticket_number, actor, at) VALUES (?, ?, ?, ?, ?)', [
        e.articleId,
        e.kind,
        e.ticketNumber ?? null,
        e.actor ?? null,
        e.at ?? now.toISOString(),
      ]);
      recorded++;
    }
    return recorded;
  });
}

/** Usage events per kind in [from, to): what the report's knowledge-base figures count. */
export async function kbUsageBetween(db: Db, from: Date, to: Date): Promise<Record<KbEventKind, number> & { ticketsShownSuggestions: number; ticketsSolvedByArticle: number }> {
  const rows = await db.all<{ kind: KbEventKind; n: number; tickets: number }>(
    'SELECT kind, COUNT(*) AS n, COUNT(DISTINCT ticket_number) AS tickets FROM kb_events WHERE at >= ? AND at < ? GROUP BY kind',
    [from.toISOString(), to.toISOString()],
  );
  const of = (kind: KbEventKind) => rows.find((r) => r.kind === kind);
  return {
    view: of('view')?.n ?? 0,
    suggested: of('suggested')?.n ?? 0,
    solved: of('solved')?.n ?? 0,
    ticketsShownSuggestions: of('suggested')?.tickets ?? 0,
    ticketsSolvedByArticle: of('solved')?.tickets ?? 0,
  };
}

// ---- search --------------------------------------------------------------------------------

export interface KbSearchOptions {
  statuses: readonly KbStatus[];
  limit: number;
  /**
   * strict: every word of the query must be in the article (a Chinese run as written), then
   * loose matches fill the rest; loose: any bigram or word, for suggestions from free text.
   */
  mode: 'strict' | 'loose';
  /** Loose matches must contain this share of the query's bigrams / words (0–1), and at least two of them. */
  minCoverage?: number;
}

export interface KbHit {
  article: Article;
  /** bm25 (lower is better) within its match kind; strict hits always come first. */
  score: number;
  match: 'strict' | 'loose';
  coverage: number;
}

const WORD_COLUMNS = ['title_words', 'body_words'];
// bm25 weights per column: title_words, body_words, chars.
const RANK = 'bm25(kb_search, 5.0, 1.0, 0.5)';
const LOOSE_CANDIDATES = 50;

export async function searchArticles(db: Db, query: string, options: KbSearchOptions): Promise<KbHit[]> {
  const terms = queryTerms(query);
  if (!terms.length || options.limit < 1) return [];
  const statuses = options.statuses.map(() => '?').join(',');
  const run = (expression: string, limit: number) =>
    db.all<ArticleRow & { score: number; title_words: string; body_words: string; chars: string }>(
      `SELECT a.*, ${RANK} AS score, kb_search.title_words, kb_search.body_words, kb_search.chars
         FROM kb_search CROSS JOIN kb_articles a ON a.id = kb_search.rowid
        WHERE kb_search MATCH ? AND a.status IN (${statuses})
        ORDER BY score LIMIT ?`,
      [expression, ...options.statuses, limit],
    );
  const units = looseUnits(terms);
  const hits: KbHit[] = [];
  if (options.mode === 'strict') {
    for (const row of await run(matchExpression(terms, WORD_COLUMNS, 'chars', 'strict')!, options.limit))
      hits.push({ article: toArticle(row), score: row.score, match: 'strict', coverage: 1 });
  }
  if (hits.length < options.limit) {
    const seen = new Set(hits.map((h) => h.article.id));
    const minCoverage = options.minCoverage ?? (options.mode === 'strict' ? 0.5 : 0.25);
    const loose: KbHit[] = [];
    for (const row of await run(matchExpression(terms, WORD_COLUMNS, 'chars', 'loose')!, LOOSE_CANDIDATES)) {
      if (seen.has(row.id)) continue;
      const { matched, share } = coverage(units, { words: `${row.title_words} ${row.body_words}`, chars: row.chars });
      // One shared bigram (菜单 in 食堂菜单) is chance, not a match: ask for two units, or all of a one-unit query.
      if (share >= minCoverage && matched >= Math.min(2, units.length))
        loose.push({ article: toArticle(row), score: row.score, match: 'loose', coverage: share });
    }
    // More of the query present beats a rarer word present: bm25 alone favours one rare bigram.
    loose.sort((a, b) => b.coverage - a.coverage || a.score - b.score);
    hits.push(...loose.slice(0, options.limit - hits.length));
  }
  return hits;
}

/** Articles by status, newest change first: the list without a query. */
export async function listArticles(db: Db, statuses: readonly KbStatus[], limit: number): Promise<Article[]> {
  const rows = await db.all<ArticleRow>(
    `SELECT * FROM kb_articles WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY updated_at DESC, id DESC LIMIT ?`,
    [...statuses, limit],
  );
  return rows.map(toArticle);
}
