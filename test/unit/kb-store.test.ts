import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleFields } from '../../kb/article';
import { assertKbActionAllowed, KbIllegalTransitionError, statusAfterEdit } from '../../kb/lifecycle';
import { openDatabase, type Db } from '../../store/db';
import {
  articleHistory,
  changeArticleStatus,
  createArticle,
  editArticle,
  KbVersionConflictError,
  kbUsageBetween,
  readArticle,
  recordKbEvents,
  searchArticles,
} from '../../store/knowledge';
import { RECALL_ARTICLES, RECALL_QUERIES } from '../fixtures/kb/recallSet';

const fields = (over: Partial<ArticleFields> = {}): ArticleFields => ({
  title: 'VPN 连接失败',
  symptom: '在家连不上 VPN',
  cause: '',
  solution: '改用 SSL VPN 客户端',
  category: 'network',
  tags: [],
  language: 'zh-CN',
  sourceTickets: [],
  ...over,
});

describe('article lifecycle table', () => {
  const cases = [
    { action: 'publish', from: 'draft', allowed: true },
    { action: 'publish', from: 'published', allowed: false },
    { action: 'publish', from: 'retired', allowed: true },
    { action: 'retire', from: 'published', allowed: true },
    { action: 'retire', from: 'draft', allowed: true },
    { action: 'retire', from: 'retired', allowed: false },
    { action: 'edit', from: 'retired', allowed: true },
  ] as const;
  for (const c of cases)
    it(`${c.action} from ${c.from}: ${c.allowed ? 'allowed' : 'refused'}`, () => {
      const run = () => assertKbActionAllowed(c.action, c.from);
      if (c.allowed) expect(run).not.toThrow();
      else expect(run).toThrow(KbIllegalTransitionError);
    });

  const edits = [
    { status: 'published', mayPublish: false, expect: 'draft' },
    { status: 'published', mayPublish: true, expect: 'published' },
    { status: 'draft', mayPublish: false, expect: 'draft' },
    { status: 'retired', mayPublish: false, expect: 'retired' },
  ] as const;
  for (const e of edits)
    it(`an edit of a ${e.status} article by ${e.mayPublish ? 'a lead' : 'an agent'} leaves it ${e.expect}`, () =>
      expect(statusAfterEdit(e.status, e.mayPublish)).toBe(e.expect));
});

describe('knowledge store', () => {
  let db: Db;
  const ids = new Map<string, number>();
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    for (const { key, tags, ...rest } of RECALL_ARTICLES) {
      const a = await createArticle(db, { ...rest, tags: tags ?? [], sourceTickets: [] }, 'agent:li.na');
      await changeArticleStatus(db, a.id, 'publish', 'agent:chen.jie');
      ids.set(key, a.id);
    }
  });
  afterAll(() => db.close());

  for (const q of RECALL_QUERIES.filter((q) => q.required))
    it(`finds ${q.expect.join(', ')} for ${q.query}`, async () => {
      const hits = await searchArticles(db, q.query, { statuses: ['published'], limit: 5, mode: 'strict' });
      const found = hits.map((h) => h.article.id);
      for (const key of q.expect) expect(found, key).toContain(ids.get(key));
      // Two-character words are matched as written, not by any article sharing one character.
      for (const h of hits) expect(`${h.article.title}${h.article.symptom}${h.article.cause}${h.article.solution}${h.article.tags}`.toLowerCase()).toContain(q.query);
    });

  it('ranks a title match before a body match', async () => {
    const hits = await searchArticles(db, '打印机', { statuses: ['published'], limit: 5, mode: 'strict' });
    expect(hits[0].article.title).toContain('打印机');
  });

  it('suggests from free text in loose mode and skips weak matches', async () => {
    const hits = await searchArticles(db, '网络打印机连不上了，报错0x0000011b，急', { statuses: ['published'], limit: 3, mode: 'loose' });
    expect(hits[0].article.id).toBe(ids.get('printer-11b'));
    expect(await searchArticles(db, '食堂菜单', { statuses: ['published'], limit: 3, mode: 'loose' })).toEqual([]);
  });

  it('keeps drafts out of a published-only search and finds them for staff', async () => {
    const draft = await createArticle(db, fields({ title: '投影仪灯泡更换', solution: '联系行政更换灯泡' }), 'agent:li.na');
    expect(await searchArticles(db, '灯泡', { statuses: ['published'], limit: 5, mode: 'strict' })).toEqual([]);
    const staff = await searchArticles(db, '灯泡', { statuses: ['draft', 'published'], limit: 5, mode: 'strict' });
    expect(staff.map((h) => h.article.id)).toEqual([draft.id]);
  });

  it('keeps a version history and refuses an edit made on an old version', async () => {
    const a = await createArticle(db, fields(), 'agent:li.na');
    const edited = await editArticle(db, a.id, { version: 1, solution: '改用 SSL VPN 客户端 EasyConnect' }, 'agent:li.na', false);
    expect(edited).toMatchObject({ version: 2, status: 'draft', solution: '改用 SSL VPN 客户端 EasyConnect', title: 'VPN 连接失败' });
    await expect(editArticle(db, a.id, { version: 1, title: '旧版本上的修改' }, 'agent:zhao.lei', false)).rejects.toThrow(KbVersionConflictError);
    await changeArticleStatus(db, a.id, 'publish', 'agent:zhang.wei', '网络组审核');
    // An agent's edit of a published article needs a lead again; the search index follows the text.
    const back = await editArticle(db, a.id, { version: 2, title: 'VPN 错误 809' }, 'agent:zhao.lei', false);
    expect(back.status).toBe('draft');
    expect((await searchArticles(db, '809', { statuses: ['draft'], limit: 5, mode: 'strict' })).map((h) => h.article.id)).toContain(a.id);
    const history = await articleHistory(db, a.id);
    expect(history.map((h) => [h.action, h.version, h.status, h.actor])).toEqual([
      ['created', 1, 'draft', 'agent:li.na'],
      ['edited', 2, 'draft', 'agent:li.na'],
      ['published', 2, 'published', 'agent:zhang.wei'],
      ['edited', 3, 'draft', 'agent:zhao.lei'],
    ]);
    expect(history[0].fields?.solution).toBe('改用 SSL VPN 客户端');
    expect(history[2]).toMatchObject({ note: '网络组审核', fields: null });
  });

  it('counts views, suggestions and "this solved it", and reports them per period', async () => {
    const id = ids.get('vpn-809')!;
    const at = (s: string) => new Date(s).toISOString();
    const recorded = await recordKbEvents(db, [
      { articleId: id, kind: 'view', at: at('2026-11-02T10:00:00+08:00') },
      { articleId: id, kind: 'suggested', ticketNumber: 'IT-000001', at: at('2026-11-02T10:00:00+08:00') },
      { articleId: id, kind: 'suggested', ticketNumber: 'IT-000002', at: at('2026-11-03T10:00:00+08:00') },
      { articleId: id, kind: 'solved', ticketNumber: 'IT-000002', at: at('2026-11-03T10:05:00+08:00') },
      { articleId: id, kind: 'view', at: at('2026-12-02T10:00:00+08:00') },
      { articleId: 999_999, kind: 'view' }, // an article that does not exist is not counted
    ]);
    expect(recorded).toBe(5);
    expect((await readArticle(db, id))?.counters).toEqual({ views: 2, suggestionsShown: 2, solved: 1 });
    expect(await kbUsageBetween(db, new Date('2026-11-01T00:00:00+08:00'), new Date('2026-12-01T00:00:00+08:00'))).toEqual({
      view: 1,
      suggested: 2,
      solved: 1,
      ticketsShownSuggestions: 2,
      ticketsSolvedByArticle: 1,
    });
  });

  it('counts a suggestion once per ticket and article, wherever and however often it was shown', async () => {
    const id = ids.get('vpn-809')!;
    const before = (await readArticle(db, id))!.counters.suggestionsShown;
    const again = { articleId: id, kind: 'suggested' as const, ticketNumber: 'IT-000777' };
    expect(await recordKbEvents(db, [again, again])).toBe(1); // the intake answer and the acknowledgement mail
    expect(await recordKbEvents(db, [again])).toBe(0); // a retried activity
    expect((await readArticle(db, id))!.counters.suggestionsShown).toBe(before + 1);
  });
});
