// `itdesk kb search <words> [--limit N] [--json]`: published articles, best first, read from the
// store file (read-only, so it never gets in the store worker's way).
import { parseArgs } from 'node:util';
import { openReadOnlyDatabase } from '../store/db';
import { searchArticles } from '../store/knowledge';
import { storeFile } from './storeFile';

export async function kbSearch(args: string[], out = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string' }, json: { type: 'boolean' } } });
  const query = positionals.join(' ').trim();
  const limit = Number(values.limit ?? 10);
  if (!query || !Number.isInteger(limit) || limit < 1) {
    out('usage: itdesk kb search <words> [--limit N] [--json]');
    return 2;
  }
  const db = await openReadOnlyDatabase(storeFile());
  try {
    const hits = await searchArticles(db, query, { statuses: ['published'], limit, mode: 'strict' });
    if (values.json) out(JSON.stringify(hits.map((h) => ({ ...h.article, match: h.match })), null, 2));
    else if (!hits.length) out(`no published article matches '${query}'`);
    else for (const { article, match } of hits) out(`${article.ref.padEnd(8)} ${article.title}  [${article.category}${match === 'loose' ? ', partial match' : ''}]`);
    return 0;
  } finally {
    await db.close();
  }
}
