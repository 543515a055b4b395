// Hostile and careless API calls against a real desk (Temporal, SMTP, sqlite, the API over
// HTTP): what a requester may read, names only Object.prototype knows, values too long for a
// search attribute, a reused Idempotency-Key, and a desk running without a link secret.
// The same rules are checked route by route in test/unit/api-tickets.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  // This desk runs without a link secret: one-click links are off (the worker and the API run here).
  delete process.env.ITDESK_APPROVAL_SECRET;
  desk = await startTestDesk('hardening', {}, 'HRD');
});
afterAll(async () => desk?.stop());

const open = async (title: string, extra: Record<string, unknown> = {}, token: 'agent' | 'alice' = 'agent') => {
  const res = await desk.api('POST', '/api/tickets', { token, body: { requester: alice, title, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe('what a requester reads', () => {
  it('sees the public conversation and the clocks, never an internal note', async () => {
    const ticket = await open('VPN 连不上', {}, 'alice');
    expect(ticket.clocks).toBeUndefined(); // the answer to the requester's own POST is the requester view too
    await desk.api('POST', `/api/tickets/${ticket.number}/comments`, { body: { body: '内部：疑似账号共享', visibility: 'internal' } });
    await desk.api('POST', `/api/tickets/${ticket.number}/comments`, { body: { body: '请重启客户端再试', visibility: 'public' } });

    const read = await desk.api('GET', `/api/tickets/${ticket.number}`, { token: 'alice' });
    expect(read.status).toBe(200);
    expect(read.body.comments.map((c: any) => c.body)).toEqual(['请重启客户端再试']);
    expect(read.body.timeline.map((t: any) => t.action)).not.toContain('note');
    expect(read.body.sla.length).toBeGreaterThan(0);
    expect(JSON.stringify(read.body)).not.toContain('疑似账号共享');
    expect(read.body.configVersion).toBeUndefined();

    const staff = await desk.api('GET', `/api/tickets/${ticket.number}`);
    expect(staff.body.comments.map((c: any) => c.body)).toEqual(['内部：疑似账号共享', '请重启客户端再试']);
  });
});

describe('names only Object.prototype knows', () => {
  it('answers 404 for an action named constructor and 422 for a category or group of that name, and the ticket goes on', async () => {
    const ticket = await open('打印机卡纸');
    for (const action of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])
      expect((await desk.api('POST', `/api/tickets/${ticket.number}/${action}`, { body: {} })).status, action).toBe(404);
    expect((await desk.api('POST', '/api/tickets', { body: { requester: alice, title: '咨询', category: 'constructor' } })).status).toBe(422);
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/category`, { body: { category: 'constructor', reason: 'x' } })).status).toBe(422);
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/assign`, { body: { group: 'constructor' } })).status).toBe(422);
    const responded = await desk.api('POST', `/api/tickets/${ticket.number}/respond`, { body: { message: '马上来' } });
    expect(responded.status, JSON.stringify(responded.body)).toBe(200);
  });
});

describe('values too long for a search attribute', () => {
  it('refuses a 2,049-character assignee and a 2,449-character requester address at the API; the ticket keeps running', async () => {
    const ticket = await open('显示器不亮');
    const assign = await desk.api('POST', `/api/tickets/${ticket.number}/assign`, { body: { assignee: 'a'.repeat(2049) } });
    expect(assign.status).toBe(422);
    expect(assign.body.errors[0].path).toBe('assignee');
    const address = await desk.api('POST', '/api/tickets', { body: { requester: { ...alice, email: `${'a'.repeat(2436)}@corp.example` }, title: '长地址' } });
    expect(address.status).toBe(422);
    expect(address.body.errors[0].path).toBe('requester.email');
    const described = await desk.client.workflow.getHandle(`ticket-${ticket.number}`).describe();
    expect(described.status.name).toBe('RUNNING');
  });

  it('refuses an assignee who is not a member of the group, so the requester is never told a stranger handles it', async () => {
    const ticket = await open('VPN 连不上');
    const res = await desk.api('POST', `/api/tickets/${ticket.number}/assign`, { body: { assignee: 'nobody.here' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'assignee', message: "'nobody.here' is not a member of group 'network' (members: zhang.wei)" }]);
  });
});

describe('Idempotency-Key', () => {
  it('replays the same request, reordered or with defaults spelt out, and refuses another request under the same key with 422', async () => {
    const headers = { 'idempotency-key': `hardening-${Date.now()}` };
    const body = { requester: alice, title: '无法打印', description: '三楼打印机' };
    const first = await desk.api('POST', '/api/tickets', { body, headers });
    expect(first.status).toBe(201);
    const again = await desk.api('POST', '/api/tickets', { body: { description: '三楼打印机', channel: 'api', title: '无法打印', requester: alice }, headers });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.number).toBe(first.body.number);

    const other = await desk.api('POST', '/api/tickets', { body: { ...body, description: '四楼打印机' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://itdesk.dev/problems/idempotency-key-reused');
    expect(other.body.detail).toContain(first.body.number);
  });
});

describe('a desk without a link secret', () => {
  it('answers the link routes with 503 links-disabled, saying what is missing', async () => {
    for (const path of ['/api/approvals/abc.def', '/api/requester-links/abc.def']) {
      for (const method of ['GET', 'POST']) {
        const res = await desk.api(method, path, { token: null });
        expect(res.status, `${method} ${path}`).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.type).toBe('https://itdesk.dev/problems/links-disabled');
        expect(res.body.detail).toContain('ITDESK_APPROVAL_SECRET');
      }
    }
  });

  it('still mails the approver, without links, telling them where to decide', async () => {
    const ticket = await open('申请 ERP 财务模块权限', { description: '新入职需要开通 ERP 财务模块查询权限' });
    expect(ticket).toMatchObject({ status: 'pending', pendingReason: 'approval' });
    const mail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('Approval needed')), 20_000);
    expect(mail.envelope.rcptTo).toEqual(['wang.fang@corp.example']);
    const text = mail.parsed.text ?? '';
    expect(text).not.toMatch(/\/api\/approvals\//);
    expect(text).toContain(`/api/tickets/${ticket.number}/approval`);
    const recorded = await waitUntil('the approval request on the timeline', async () => {
      const { body } = await desk.api('GET', `/api/tickets/${ticket.number}`);
      return body.timeline.find((t: any) => t.action === 'approval-requested' || t.action === 'approval-mail-failed');
    });
    expect(recorded.action).toBe('approval-requested');
  });
});
