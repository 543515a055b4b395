// /api/kb through app.request(): roles, statuses, problem answers, drafting from a ticket. A real
// sqlite store; store commands run in-process instead of through the store worker (that path
// runs end to end in test/integration/knowledgeBase.test.ts), and a stand-in ticket service.
import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthEnv, Principal } from '../../api/auth';
import { kbRouter } from '../../api/kb';
import { createKbService } from '../../api/kbService';
import { ProblemError, problemResponse, problems } from '../../api/problem';
import type { TicketService } from '../../api/ticketService';
import { createConfigSource, type ConfigSource } from '../../config/source';
import { runStoreCommand, type StoreCommand } from '../../store/commands';
import { openDatabase, type Db } from '../../store/db';
import type { TemporalSettings } from '../../temporal/settings';

const principals: Record<string, Principal> = {
  lead: { name: 'li.na', role: 'agent', subject: 'li.na' }, // groups.yaml: lead of service-desk
  agent: { name: 'zhao.lei', role: 'agent', subject: 'zhao.lei' }, // a member, not a lead
  admin: { name: 'admin', role: 'admin', subject: 'admin' },
  alice: { name: 'alice', role: 'requester', subject: 'alice@corp.example' },
};

const resolvedTicket = {
  number: 'IT-000042',
  status: 'closed',
  category: 'hardware',
  intake: {
    title: '打印机报错 0x0000011b',
    description: '添加共享打印机失败',
    errorMessage: 'Windows 无法连接到打印机 0x0000011b',
    requester: { email: 'alice@corp.example', name: 'Alice' },
  },
  comments: [
    { id: 1, actor: { role: 'requester', id: 'alice@corp.example' }, body: '很急', visibility: 'public' },
    { id: 2, actor: { role: 'agent', id: 'chen.jie' }, body: '打印服务器缺少更新 KB5005565 之后的补丁', visibility: 'internal' },
  ],
  resolution: { note: '在打印服务器安装累积更新后重新添加打印机', at: '2026-11-03T02:00:00Z', by: { role: 'agent', id: 'chen.jie' } },
  closedAt: '2026-11-03T05:00:00Z',
  closedBy: 'requester',
  satisfaction: { rating: 'satisfied', at: '2026-11-03T05:01:00Z' },
};
const openTicket = { ...resolvedTicket, number: 'IT-000043', status: 'in_progress', resolution: undefined, closedAt: undefined };

const tickets = {
  async read(number: string) {
    const t = [resolvedTicket, openTicket].find((x) => x.number === number);
    if (!t) throw problems.notFound(`no ticket ${number}`);
    return t;
  },
} as unknown as TicketService;

let db: Db;
let app: Hono<AuthEnv>;
let config: ConfigSource;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  config = await createConfigSource('config');
  const client = { workflow: { execute: async (_: string, o: { args: [StoreCommand] }) => runStoreCommand(db, o.args[0]) } } as unknown as Client;
  const kb = createKbService({ db, client, settings: { taskQueues: { store: 'store' } } as TemporalSettings });
  app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    c.set('principal', principals[c.req.header('x-who') ?? 'agent']);
    await next();
  });
  app.route('/api/kb', kbRouter(kb, tickets, config));
  app.onError((err, c) => (err instanceof ProblemError ? problemResponse(c, err) : c.text(String((err as Error).stack), 500)));
});
afterAll(() => db.close());

async function call(method: string, path: string, who: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { 'x-who': who, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

const article = {
  title: '账号被锁定无法登录',
  symptom: '提示账户已锁定',
  solution: '等待 30 分钟或联系服务台解锁',
  category: 'account',
  language: 'zh-CN',
};

describe('/api/kb', () => {
  let id: number;

  it('lets an agent write a draft that requesters cannot see', async () => {
    const created = await call('POST', '/api/kb', 'agent', article);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, author: 'agent:zhao.lei', tags: [], cause: '' });
    id = created.body.id;
    expect((await call('GET', `/api/kb/${id}`, 'alice')).status).toBe(404);
    expect((await call('GET', `/api/kb?q=锁定`, 'alice')).body.items).toEqual([]);
    expect((await call('GET', `/api/kb?q=锁定&status=draft`, 'alice')).status).toBe(403);
    expect((await call('GET', `/api/kb?q=锁定&status=draft`, 'agent')).body.items.map((a: { id: number }) => a.id)).toEqual([id]);
  });

  const refusals = [
    { name: 'a requester writing an article', method: 'POST', path: '/api/kb', who: 'alice', body: article, status: 403 },
    { name: 'an unknown category', method: 'POST', path: '/api/kb', who: 'agent', body: { ...article, category: 'nope' }, status: 422 },
    { name: 'an unknown field', method: 'POST', path: '/api/kb', who: 'agent', body: { ...article, author: 'me' }, status: 422 },
    { name: 'a member who leads no group publishing', method: 'POST', path: '/api/kb/1/publish', who: 'agent', body: {}, status: 403 },
    { name: 'a requester retiring', method: 'POST', path: '/api/kb/1/retire', who: 'alice', body: {}, status: 403 },
    { name: 'an unknown article', method: 'GET', path: '/api/kb/KB-999', who: 'agent', body: undefined, status: 404 },
    { name: 'a requester reading history', method: 'GET', path: '/api/kb/1/history', who: 'alice', body: undefined, status: 403 },
  ];
  it.each(refusals)('refuses $name with $status problem+json', async (r) => {
    const res = await call(r.method, r.path, r.who, r.body);
    expect(res.status).toBe(r.status);
    expect(res.type).toMatch(/^application\/problem\+json/);
  });

  it('lets a group lead publish, refuses a second publish and an edit on an old version', async () => {
    const published = await call('POST', `/api/kb/KB-${id}/publish`, 'lead', { note: '已核对' });
    expect(published.body).toMatchObject({ status: 'published', publishedBy: 'agent:li.na' });
    expect((await call('POST', `/api/kb/${id}/publish`, 'lead')).status).toBe(409);
    const seen = await call('GET', `/api/kb?q=锁定`, 'alice');
    expect(seen.body.items.map((a: { id: number }) => a.id)).toEqual([id]);
    const stale = await call('PATCH', `/api/kb/${id}`, 'agent', { version: 0, title: 'x' });
    expect(stale.status).toBe(422); // version must be ≥ 1
    const edited = await call('PATCH', `/api/kb/${id}`, 'agent', { version: 1, cause: '连续输错密码 5 次' });
    expect(edited.body).toMatchObject({ version: 2, status: 'draft' }); // back to a lead
    const conflict = await call('PATCH', `/api/kb/${id}`, 'lead', { version: 1, title: '旧' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toBe('https://itdesk.dev/problems/version-conflict');
    const history = await call('GET', `/api/kb/${id}/history`, 'agent');
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['created', 'published', 'edited']);
  });

  it('drafts an article from a resolved ticket: problem, diagnosis, solution and result', async () => {
    const res = await call('POST', '/api/kb/from-ticket/IT-000042', 'agent');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      title: '打印机报错 0x0000011b',
      category: 'hardware',
      language: 'zh-CN',
      sourceTickets: ['IT-000042'],
      cause: '打印服务器缺少更新 KB5005565 之后的补丁',
    });
    expect(res.body.symptom).toBe('添加共享打印机失败\n\n错误信息: Windows 无法连接到打印机 0x0000011b');
    expect(res.body.solution).toBe('在打印服务器安装累积更新后重新添加打印机\n\n结果: 请求人已于 2026-11-03 确认解决。 满意度：满意。');
    const notYet = await call('POST', '/api/kb/from-ticket/IT-000043', 'agent');
    expect(notYet.status).toBe(409);
    expect((await call('POST', '/api/kb/from-ticket/IT-000042', 'alice')).status).toBe(403);
  });
});
