// Knowledge-base search: recall and speed of the two candidate designs on the recall set
// (test/fixtures/kb/recallSet.ts), then query time on a padded corpus.
//   A  bigram + unigram pre-segmentation into an FTS5 unicode61 (porter) table — what the store uses
//   B  FTS5 trigram on the raw text, with LIKE '%…%' for query words shorter than 3 characters
// Run: npx tsx bench/kbRecall.ts [paddingArticles=20000]
import { openDatabase, type Db } from '../store/db';
import { changeArticleStatus, createArticle, searchArticles } from '../store/knowledge';
import { normalizeText } from '../search/segment';
import { RECALL_ARTICLES, RECALL_QUERIES } from '../test/fixtures/kb/recallSet';

const K = 5;
const PADDING = Number(process.argv[2] ?? 20_000);

type Searcher = (query: string, limit: number) => Promise<number[]>;

/** `strictOnly` turns off the loose fill, to compare the tokenizers alone. */
async function designA(db: Db, strictOnly = false): Promise<Searcher> {
  const minCoverage = strictOnly ? 2 : undefined;
  return async (query, limit) => (await searchArticles(db, query, { statuses: ['published'], limit, mode: 'strict', minCoverage })).map((h) => h.article.id);
}

async function designB(db: Db): Promise<Searcher> {
  await db.exec(`CREATE VIRTUAL TABLE tri USING fts5(title, body, tokenize = 'trigram')`);
  await db.exec(`INSERT INTO tri (rowid, title, body)
    SELECT id, lower(title), lower(symptom || ' ' || cause || ' ' || solution || ' ' || tags_json || ' ' || category) FROM kb_articles`);
  return async (query, limit) => {
    const words = normalizeText(query).split(/\s+/).filter(Boolean);
    const long = words.filter((w) => [...w].length >= 3);
    const short = words.filter((w) => [...w].length < 3);
    const where: string[] = [];
    const params: unknown[] = [];
    if (long.length) {
      where.push('tri MATCH ?');
      params.push(long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND '));
    }
    for (const w of short) {
      where.push("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')");
      const pattern = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(pattern, pattern);
    }
    if (!where.length) return [];
    const order = long.length ? 'bm25(tri, 5.0, 1.0)' : 'rowid';
    const rows = await db.all<{ rowid: number }>(`SELECT rowid FROM tri WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, [...params, limit]);
    return rows.map((r) => r.rowid);
  };
}

async function seed(db: Db): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const a of RECALL_ARTICLES) {
    const { key, tags, ...fields } = a;
    const created = await createArticle(db, { ...fields, tags: tags ?? [], sourceTickets: [] }, 'bench');
    await changeArticleStatus(db, created.id, 'publish', 'bench');
    ids.set(key, created.id);
  }
  return ids;
}

/** recall@K over all expected pairs, share of queries with every expected article found, MRR of the first. */
async function measureRecall(search: Searcher, ids: Map<string, number>) {
  let expected = 0;
  let found = 0;
  let complete = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const q of RECALL_QUERIES) {
    const top = await search(q.query, Math.max(K, q.expect.length));
    const want = q.expect.map((k) => ids.get(k)!);
    const hit = want.filter((id) => top.includes(id));
    expected += want.length;
    found += hit.length;
    if (hit.length === want.length) complete++;
    else misses.push(`${q.query} (${hit.length}/${want.length})`);
    const rank = top.findIndex((id) => want.includes(id));
    reciprocal += rank < 0 ? 0 : 1 / (rank + 1);
  }
  return { recall: found / expected, found, expected, complete, queries: RECALL_QUERIES.length, mrr: reciprocal / RECALL_QUERIES.length, misses };
}

// Filler articles built from the real ones' sentences, so they share vocabulary and the index has
// realistic posting lists; titles get a serial so none is a duplicate.
async function pad(db: Db, count: number): Promise<void> {
  const sentences = RECALL_ARTICLES.flatMap((a) => [a.symptom, a.cause, a.solution]).filter(Boolean);
  let seedValue = 42;
  const rand = () => ((seedValue = (seedValue * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = () => sentences[Math.floor(rand() * sentences.length)];
  for (let i = 0; i < count; i++) {
    const base = RECALL_ARTICLES[i % RECALL_ARTICLES.length];
    const created = await createArticle(
      db,
      { title: `${base.title}（案例 ${i}）`, symptom: pick(), cause: pick(), solution: `${pick()} ${pick()}`, category: base.category, tags: [], language: base.language, sourceTickets: [] },
      'bench',
    );
    await changeArticleStatus(db, created.id, 'publish', 'bench');
  }
}

async function timeQueries(search: Searcher, rounds: number): Promise<{ meanMs: number; p95Ms: number; slowest: string }> {
  const samples: Array<{ ms: number; query: string }> = [];
  for (let r = 0; r < rounds; r++)
    for (const q of RECALL_QUERIES) {
      const t0 = performance.now();
      await search(q.query, K);
      samples.push({ ms: performance.now() - t0, query: q.query });
    }
  samples.sort((a, b) => a.ms - b.ms);
  const mean = samples.reduce((s, x) => s + x.ms, 0) / samples.length;
  return { meanMs: mean, p95Ms: samples[Math.floor(samples.length * 0.95)].ms, slowest: samples.at(-1)!.query };
}

const db = await openDatabase(':memory:');
const ids = await seed(db);
const a = await designA(db);
const b = await designB(db);
const fmt = (r: Awaited<ReturnType<typeof measureRecall>>) =>
  `recall@${K} ${(r.recall * 100).toFixed(1)} % (${r.found}/${r.expected}), queries complete ${r.complete}/${r.queries}, MRR ${r.mrr.toFixed(3)}\n    misses: ${r.misses.join('; ') || 'none'}`;
console.log(`recall set: ${RECALL_ARTICLES.length} articles, ${RECALL_QUERIES.length} queries`);
console.log(`A bigram+unigram: ${fmt(await measureRecall(a, ids))}`);
console.log(`A strict only:    ${fmt(await measureRecall(await designA(db, true), ids))}`);
console.log(`B trigram+LIKE:   ${fmt(await measureRecall(b, ids))}`);

await db.exec('DROP TABLE tri');
const t0 = performance.now();
await pad(db, PADDING);
console.log(`\npadded with ${PADDING} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const a2 = await designA(db);
const b2 = await designB(db);
const show = (t: Awaited<ReturnType<typeof timeQueries>>) => `mean ${t.meanMs.toFixed(2)} ms, p95 ${t.p95Ms.toFixed(2)} ms (slowest: ${t.slowest})`;
console.log(`A bigram+unigram: ${show(await timeQueries(a2, 2))}`);
console.log(`B trigram+LIKE:   ${show(await timeQueries(b2, 2))}`);
await db.close();
