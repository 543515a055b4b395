// /api/tickets through app.request() with the real app, real auth and a real config (a copy of
// config/ with test tokens and a directory), and a stand-in ticket service that keeps tickets in
// memory: what each role is answered with, who may state which facts, names that only exist on
// Object.prototype, bounds on what becomes a search attribute, and real assignees only.
// The same routes run end to end on Temporal in test/integration/apiHardening.test.ts.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { TicketService } from '../../api/ticketService';
import { createConfigSource, type ConfigSource } from '../../config/source';
import type { TicketIntake } from '../../ticket/intake';
import type { TicketView } from '../../ticket/state';
import { requesterView } from '../../ticket/requesterView';
import { copyShippedConfig, removeCopy } from '../support/configCopy';
import { INHERITED_NAMES } from '../support/inheritedNames';

const TOKENS = { agent: 'agent-token-api-tickets-01', alice: 'alice-token-api-tickets-01' };
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice@corp.example';
const VIP = 'boss@corp.example';

let dir: string;
let config: ConfigSource;
beforeAll(async () => {
  dir = await copyShippedConfig([
    {
      file: 'auth.yaml',
      write: `tokens:\n  - { name: agent, role: agent, subject: li.na, sha256: ${sha(TOKENS.agent)} }\n  - { name: alice, role: requester, subject: ${ALICE}, sha256: ${sha(TOKENS.alice)} }\n`,
    },
    { file: 'directory.yaml', write: `people:\n  - { email: ${VIP}, name: 老板, vip: true }\n  - { email: ${ALICE}, name: 张三 }\n` },
  ]);
  config = await createConfigSource(dir);
});
afterAll(async () => removeCopy(dir));

/** A ticket as the workflow would hold it, with every kind of internal fact filled in. */
function storedTicket(number: string, intake: TicketIntake): TicketView {
  const agent = { role: 'agent' as const, id: 'li.na' };
  return {
    number,
    intake,
    createdAt: '2026-10-08T01:00:00.000Z',
    updatedAt: '2026-10-08T01:00:00.000Z',
    status: 'pending',
    pendingReason: 'approval',
    priority: 'P3',
    category: 'network',
    group: 'network',
    assignee: 'zhang.wei',
    clocks: [],
    comments: [
      { id: 1, at: '2026-10-08T01:10:00.000Z', actor: agent, body: '请重启路由器', visibility: 'public' },
      { id: 2, at: '2026-10-08T01:11:00.000Z', actor: agent, body: '内部：该用户上周也报过', visibility: 'internal' },
    ],
    timeline: [
      { at: '2026-10-08T01:00:00.000Z', actor: { role: 'system', id: 'system' }, action: 'open', to: 'new', detail: { routing: ['rule network: keyword vpn'] } },
      { at: '2026-10-08T01:11:00.000Z', actor: agent, action: 'note', detail: { commentId: 2 } },
    ],
    reopenCount: 0,
    approval: { status: 'waiting', approver: { id: 'wang.fang', name: '王芳', email: 'wang.fang@corp.example' }, requestedAt: '2026-10-08T01:00:00.000Z', nonce: 'secretnonce0001' },
    escalations: [{ clock: 'response', level: '75%', episode: 1, at: '2026-10-08T01:30:00.000Z', notified: ['network-lead@corp.example'] }],
    sla: [],
    slaComputedAt: '2026-10-08T01:00:00.000Z',
    breached: false,
    configVersion: 'abc123def456',
    slaPolicy: 'standard',
    nextEscalation: null,
  };
}

let tickets: Map<string, TicketView>;
let created: TicketIntake[];
let acted: Array<{ number: string; update: string; args: any }>;
const service = {
  async create(intake: TicketIntake) {
    created.push(intake);
    const ticket = storedTicket(`IT-${String(tickets.size + 1).padStart(6, '0')}`, intake);
    tickets.set(ticket.number, ticket);
    return { ticket, replayed: false };
  },
  async get(number: string) {
    const ticket = tickets.get(number);
    if (!ticket) throw Object.assign(new Error('not found'), { name: 'NotFound' });
    return ticket;
  },
  async read(number: string) {
    return service.get(number);
  },
  async act(number: string, update: { name: string }, args: unknown) {
    acted.push({ number, update: update.name, args });
    return tickets.get(number)!;
  },
  async list() {
    return [];
  },
  async temporalReachable() {
    return true;
  },
} as unknown as TicketService;

const app = () => createApp({ tickets: service, config, log: () => undefined });
async function call(method: string, path: string, who: keyof typeof TOKENS, body?: unknown) {
  const res = await app().request(path, {
    method,
    headers: { authorization: `Bearer ${TOKENS[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type') };
}

const request = (change: Record<string, unknown> = {}, requester: Record<string, unknown> = {}) => ({
  requester: { name: '张三', email: ALICE, ...requester },
  title: 'VPN 连不上',
  ...change,
});

beforeEach(() => {
  tickets = new Map();
  created = [];
  acted = [];
  tickets.set('IT-000100', storedTicket('IT-000100', { requester: { name: '张三', email: ALICE }, channel: 'api', title: 'VPN 连不上', description: '' }));
});

describe('what a requester is answered with', () => {
  const routes: Array<{ route: string; call: () => ReturnType<typeof call> }> = [
    { route: 'GET /api/tickets/{n}', call: () => call('GET', '/api/tickets/IT-000100', 'alice') },
    { route: 'POST /api/tickets', call: () => call('POST', '/api/tickets', 'alice', request()) },
    { route: 'POST /api/tickets/{n}/comments', call: () => call('POST', '/api/tickets/IT-000100/comments', 'alice', { body: '还是不行' }) },
    { route: 'POST /api/tickets/{n}/reopen', call: () => call('POST', '/api/tickets/IT-000100/reopen', 'alice', { reason: '还是不行' }) },
    { route: 'POST /api/tickets/{n}/cancel', call: () => call('POST', '/api/tickets/IT-000100/cancel', 'alice', { reason: '不需要了' }) },
  ];
  it.each(routes)('$route: no internal notes, internal timeline, nonce, approver or escalations', async ({ call: send }) => {
    const res = await send();
    expect(res.status).toBeLessThan(300);
    const text = JSON.stringify(res.body);
    for (const internal of ['内部：该用户上周也报过', 'secretnonce0001', 'wang.fang', 'network-lead@corp.example', 'rule network', 'abc123def456'])
      expect(text, `${internal} leaked`).not.toContain(internal);
    expect(res.body.comments.map((c: any) => c.body)).toEqual(['请重启路由器']);
    expect(res.body.approval).toEqual({ status: 'waiting', requestedAt: '2026-10-08T01:00:00.000Z' });
  });

  it('staff see the whole ticket', async () => {
    const res = await call('GET', '/api/tickets/IT-000100', 'agent');
    expect(res.body.comments.map((c: any) => c.body)).toEqual(['请重启路由器', '内部：该用户上周也报过']);
    expect(res.body.approval.nonce).toBe('secretnonce0001');
    expect(res.body.escalations).toHaveLength(1);
  });

  it('GET /api/tickets/{n}/sla: the clocks without the levels fired and who they notified', async () => {
    const requester = await call('GET', '/api/tickets/IT-000100/sla', 'alice');
    expect(requester.status).toBe(200);
    expect(requester.body.slaPolicy).toBeUndefined();
    expect(requester.body.nextLevel).toBeUndefined();
    const agent = await call('GET', '/api/tickets/IT-000100/sla', 'agent');
    expect(agent.body.slaPolicy).toBe('standard');
  });
});

describe('who may state which facts of a new ticket', () => {
  const cases: Array<{ given: string; who: keyof typeof TOKENS; body: Record<string, unknown>; status: number; path?: string }> = [
    { given: 'a requester saying they are a VIP', who: 'alice', body: request({}, { vip: true }), status: 422, path: 'requester.vip' },
    { given: 'a requester saying they are not a VIP', who: 'alice', body: request({}, { vip: false }), status: 422, path: 'requester.vip' },
    { given: 'an agent saying someone is a VIP', who: 'agent', body: request({}, { email: 'carol@corp.example', vip: true }), status: 422, path: 'requester.vip' },
    { given: 'a requester stating a priority', who: 'alice', body: request({ priority: 'P1' }), status: 422, path: 'priority' },
    { given: 'an agent stating a priority', who: 'agent', body: request({ priority: 'P1' }), status: 201 },
    { given: 'a requester claiming a phone call', who: 'alice', body: request({ channel: 'phone' }), status: 422, path: 'channel' },
    { given: 'a requester claiming a mail', who: 'alice', body: request({ channel: 'mail' }), status: 422, path: 'channel' },
    { given: 'an agent recording a phone call', who: 'agent', body: request({ channel: 'phone' }), status: 201 },
    { given: 'an agent recording a walk-in', who: 'agent', body: request({ channel: 'walk-in' }), status: 201 },
    { given: 'an agent claiming a mail', who: 'agent', body: request({ channel: 'mail' }), status: 422, path: 'channel' },
    { given: 'a requester naming a mailbox', who: 'alice', body: request({ mailbox: 'vip-desk' }), status: 422, path: 'mailbox' },
    { given: 'an agent naming a mailbox', who: 'agent', body: request({ mailbox: 'vip-desk' }), status: 422, path: 'mailbox' },
    { given: 'a requester naming a source Message-ID', who: 'alice', body: request({ sourceMessageId: 'x@y.example' }), status: 422, path: 'sourceMessageId' },
    { given: 'a requester with impact, urgency and a category hint', who: 'alice', body: request({ impact: 'department', urgency: 'high', category: 'network' }), status: 201 },
  ];
  it.each(cases)('$given: $status $path', async ({ who, body, status, path }) => {
    const res = await call('POST', '/api/tickets', who, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (path) expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    expect(created).toHaveLength(status === 201 ? 1 : 0);
  });

  it('takes VIP status from directory.yaml', async () => {
    await call('POST', '/api/tickets', 'agent', request({}, { email: VIP, name: '老板' }));
    await call('POST', '/api/tickets', 'alice', request());
    expect(created.map((i) => i.requester.vip)).toEqual([true, undefined]);
  });
});

describe('names that every object inherits', () => {
  it.each(INHERITED_NAMES)("POST /api/tickets/{n}/%s is 404, not 500", async (name) => {
    for (const who of ['agent', 'alice'] as const) {
      const res = await call('POST', `/api/tickets/IT-000100/${encodeURIComponent(name)}`, who, {});
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
    expect(acted).toEqual([]);
  });

  const bodies: Array<{ given: string; path: string; body: (name: string) => { route: string; body: unknown }; field: string }> = [
    { given: 'a new ticket in category', path: 'category', body: (name) => ({ route: '/api/tickets', body: request({ category: name }) }), field: 'category' },
    { given: 'a new ticket at priority', path: 'priority', body: (name) => ({ route: '/api/tickets', body: request({ priority: name }) }), field: 'priority' },
    { given: 'a category change to', path: 'category', body: (name) => ({ route: '/api/tickets/IT-000100/category', body: { category: name, reason: 'x' } }), field: 'category' },
    { given: 'an assignment to the group', path: 'group', body: (name) => ({ route: '/api/tickets/IT-000100/assign', body: { group: name } }), field: 'group' },
    { given: 'an assignment to the member', path: 'assignee', body: (name) => ({ route: '/api/tickets/IT-000100/assign', body: { assignee: name } }), field: 'assignee' },
  ];
  const rows = bodies.flatMap((b) => INHERITED_NAMES.map((name) => ({ ...b, name })));
  it.each(rows)("$given '$name' is 422 at $path", async ({ body, name, path }) => {
    const { route, body: sent } = body(name);
    const res = await call('POST', route, 'agent', sent);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    expect(created).toEqual([]);
    expect(acted).toEqual([]);
  });
});

describe('bounds on what becomes a search attribute, memo or Message-ID', () => {
  const cases: Array<{ given: string; route: string; body: unknown; path: string }> = [
    { given: 'a requester address of 2,449 characters', route: '/api/tickets', body: request({}, { email: `${'a'.repeat(2436)}@corp.example` }), path: 'requester.email' },
    { given: 'a requester address of 255 characters', route: '/api/tickets', body: request({}, { email: `${'a'.repeat(242)}@corp.example` }), path: 'requester.email' },
    { given: 'a requester name of 201 characters', route: '/api/tickets', body: request({}, { name: '张'.repeat(201) }), path: 'requester.name' },
    { given: 'a title of 301 characters', route: '/api/tickets', body: request({ title: '题'.repeat(301) }), path: 'title' },
    { given: 'a category of 65 characters', route: '/api/tickets', body: request({ category: 'a'.repeat(65) }), path: 'category' },
    { given: 'an assignee of 2,049 characters', route: '/api/tickets/IT-000100/assign', body: { assignee: 'a'.repeat(2049) }, path: 'assignee' },
    { given: 'an assignee named 张伟', route: '/api/tickets/IT-000100/assign', body: { assignee: '张伟' }, path: 'assignee' },
    { given: 'an assignee with a space', route: '/api/tickets/IT-000100/assign', body: { assignee: 'zhang wei' }, path: 'assignee' },
    { given: 'an assignee with a NUL', route: '/api/tickets/IT-000100/assign', body: { assignee: 'zhang\u0000wei' }, path: 'assignee' },
    { given: 'a group of 2,049 characters', route: '/api/tickets/IT-000100/assign', body: { group: 'a'.repeat(2049) }, path: 'group' },
  ];
  it.each(cases)('$given is 422 at $path', async ({ route, body, path }) => {
    const res = await call('POST', route, 'agent', body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    expect(created).toEqual([]);
    expect(acted).toEqual([]);
  });

  it('the boundary itself is accepted: an address of 254 characters', async () => {
    // RFC 5321: at most 64 characters before the @, 254 in all (labels of at most 63).
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(53)}.example`;
    expect(email).toHaveLength(254);
    const res = await call('POST', '/api/tickets', 'agent', request({}, { email }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe('assignees are members of the group (groups.yaml)', () => {
  // IT-000100 is in group network (members: zhang.wei), assigned to zhang.wei.
  const cases: Array<{ given: string; body: unknown; status: number; path?: string; message?: RegExp }> = [
    { given: 'an unknown person', body: { assignee: 'nobody.here' }, status: 422, path: 'assignee', message: /^'nobody\.here' is not a member of group 'network' \(members: zhang\.wei\)$/ },
    { given: 'a member of another group', body: { assignee: 'chen.jie' }, status: 422, path: 'assignee', message: /not a member of group 'network'/ },
    { given: 'a member of the new group, moving the ticket', body: { group: 'desktop', assignee: 'chen.jie' }, status: 200 },
    { given: 'someone outside the new group, moving the ticket', body: { group: 'desktop', assignee: 'zhang.wei' }, status: 422, path: 'assignee', message: /not a member of group 'desktop'/ },
    { given: 'a move that would keep an assignee from the old group', body: { group: 'desktop' }, status: 422, path: 'assignee', message: /current assignee 'zhang\.wei' is not a member of group 'desktop'/ },
    { given: 'a move that leaves the ticket in the new queue', body: { group: 'desktop', assignee: null }, status: 200 },
    { given: 'a group that does not exist', body: { group: 'helpdesk' }, status: 422, path: 'group', message: /^unknown group 'helpdesk' \(known: service-desk, / },
    { given: 'the member of the current group', body: { assignee: 'zhang.wei' }, status: 200 },
  ];
  it.each(cases)('$given: $status', async ({ body, status, path, message }) => {
    const res = await call('POST', '/api/tickets/IT-000100/assign', 'agent', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (path) {
      const error = res.body.errors.find((e: any) => e.path === path);
      expect(error?.message).toMatch(message!);
      expect(acted).toEqual([]);
    } else {
      expect(acted).toEqual([{ number: 'IT-000100', update: 'assign', args: expect.objectContaining(body as object) }]);
    }
  });
});

describe('the one-click link routes without a link secret', () => {
  const saved = process.env.ITDESK_APPROVAL_SECRET;
  afterAll(() => {
    if (saved === undefined) delete process.env.ITDESK_APPROVAL_SECRET;
    else process.env.ITDESK_APPROVAL_SECRET = saved;
  });
  const routes = ['/api/approvals/abc.def', '/api/requester-links/abc.def'].flatMap((path) => ['GET', 'POST'].map((method) => ({ method, path })));

  it.each(routes)('$method $path is 503 links-disabled, saying what is missing', async ({ method, path }) => {
    delete process.env.ITDESK_APPROVAL_SECRET;
    const res = await app().request(path, { method });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { detail: string };
    expect(problem).toMatchObject({ type: 'https://itdesk.dev/problems/links-disabled', status: 503 });
    expect(problem.detail).toMatch(/^ITDESK_APPROVAL_SECRET is not set/);
  });

  it('shows a browser the same as a page', async () => {
    process.env.ITDESK_APPROVAL_SECRET = 'too-short';
    const res = await app().request('/api/approvals/abc.def', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('ITDESK_APPROVAL_SECRET is shorter than 32 characters');
  });

  it.each(routes)('$method $path checks the link again once a secret is set, answering an API client with problem+json', async ({ method, path }) => {
    process.env.ITDESK_APPROVAL_SECRET = 'a-secret-of-at-least-32-characters-0001';
    const res = await app().request(path, { method });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('workarounds and on-site visits through the API (issue #12)', () => {
  const future = '2026-12-24T10:00:00+08:00';
  const cases: Array<{ given: string; route: string; who: keyof typeof TOKENS; body: unknown; status: number; update?: string; path?: string }> = [
    { given: 'a workaround', route: 'workaround', who: 'agent', body: { kind: 'workaround', note: '先用网页版' }, status: 200, update: 'recordWorkaround' },
    { given: 'a containment', route: 'workaround', who: 'agent', body: { kind: 'containment', note: '已隔离受感染主机' }, status: 200, update: 'recordWorkaround' },
    { given: 'a kind that does not exist', route: 'workaround', who: 'agent', body: { kind: 'fix', note: 'x' }, status: 422, path: 'kind' },
    { given: 'a workaround without a note', route: 'workaround', who: 'agent', body: { kind: 'workaround' }, status: 422, path: 'note' },
    { given: 'a requester recording a workaround', route: 'workaround', who: 'alice', body: { kind: 'workaround', note: 'x' }, status: 403 },
    { given: 'a visit', route: 'visits', who: 'agent', body: { scheduledAt: future, place: '3 楼', site: 'same-site' }, status: 200, update: 'bookVisit' },
    { given: 'a visit with its engineer', route: 'visits', who: 'agent', body: { scheduledAt: future, place: '3 楼', site: 'other-office', engineer: 'chen.jie' }, status: 200, update: 'bookVisit' },
    { given: 'an engineer nobody knows', route: 'visits', who: 'agent', body: { scheduledAt: future, place: '3 楼', site: 'same-site', engineer: 'nobody.here' }, status: 422, path: 'engineer' },
    { given: 'a time without its zone', route: 'visits', who: 'agent', body: { scheduledAt: '2026-12-24T10:00', place: '3 楼', site: 'same-site' }, status: 422, path: 'scheduledAt' },
    { given: 'a site kind that does not exist', route: 'visits', who: 'agent', body: { scheduledAt: future, place: '3 楼', site: 'abroad' }, status: 422, path: 'site' },
    { given: 'a cancellation without a reason', route: 'cancel-visit', who: 'agent', body: {}, status: 422, path: 'reason' },
    { given: 'an arrival', route: 'arrival', who: 'agent', body: { note: '已到现场' }, status: 200, update: 'recordArrival' },
    { given: 'a requester recording an arrival', route: 'arrival', who: 'alice', body: {}, status: 403 },
  ];
  it.each(cases)('$given: $status', async ({ route, who, body, status, update, path }) => {
    const res = await call('POST', `/api/tickets/IT-000100/${route}`, who, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (update) expect(acted).toEqual([{ number: 'IT-000100', update, args: expect.objectContaining({ ...(body as object), actor: expect.objectContaining({ role: who }) }) }]);
    else expect(acted).toEqual([]);
    if (path) expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('shows the requester the workaround and the visit, not who booked them', () => {
    const agent = { role: 'agent' as const, id: 'li.na' };
    const ticket = {
      ...storedTicket('IT-000200', { requester: { name: '张三', email: ALICE }, channel: 'api', title: 'VPN 连不上', description: '' }),
      workarounds: [{ id: 1, kind: 'workaround' as const, note: '先用网页版', at: '2026-10-08T02:00:00.000Z', by: agent, metResolution: true }],
      visits: [{ id: 1, scheduledAt: '2026-10-09T02:00:00.000Z', place: '3 楼', site: 'same-site' as const, engineer: 'chen.jie', bookedAt: '2026-10-08T02:00:00.000Z', bookedBy: agent, status: 'booked' as const }],
    };
    const shown = requesterView(ticket);
    expect(shown.workarounds).toEqual([{ id: 1, kind: 'workaround', note: '先用网页版', at: '2026-10-08T02:00:00.000Z' }]);
    expect(shown.visits).toEqual([{ id: 1, scheduledAt: '2026-10-09T02:00:00.000Z', place: '3 楼', site: 'same-site', status: 'booked' }]);
  });
});
