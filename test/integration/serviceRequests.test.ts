// Service requests from the catalogue (catalogue.yaml): approval chains asked step by step,
// fulfilment checklists ticked off by the engineers of each group, requests with missing answers
// refused. Real Temporal, real SMTP, the API over HTTP; the shipped catalogue.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, startTestDesk, TOKENS, waitUntil, type TestDesk } from '../support/testDesk';
import { csrfOf } from '../support/webClient';
import { signIn } from '../support/webDesk';

// Engineers who tick off their own tasks and decide their own approval steps, with their own tokens.
const ENGINEERS = { 'chen.jie': 'engineer-chen-jie-token-01', 'wang.fang': 'engineer-wang-fang-token-1', 'zhang.wei': 'engineer-zhang-wei-token-1' };
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const AUTH = `tokens:
  - { name: agent, role: agent, subject: li.na, sha256: ${sha(TOKENS.agent)} }
  - { name: admin, role: admin, subject: admin, sha256: ${sha(TOKENS.admin)} }
  - { name: alice, role: requester, subject: alice@corp.example, sha256: ${sha(TOKENS.alice)} }
  - { name: bob, role: requester, subject: bob@corp.example, sha256: ${sha(TOKENS.bob)} }
${Object.entries(ENGINEERS).map(([id, token]) => `  - { name: ${id}, role: agent, subject: ${id}, sha256: ${sha(token)} }`).join('\n')}
`;
// Alice's line manager is Bob, who is no desk member: he decides with his requester token or the mail's link.
const DIRECTORY = `people:
  - { email: alice@corp.example, name: 张三, department: 财务部, manager: bob@corp.example }
  - { email: bob@corp.example, name: 李四 (Bob), department: 财务部 }
`;

let desk: TestDesk;
beforeAll(async () => {
  process.env.ITDESK_APPROVAL_SECRET = 'test-approval-secret-0123456789abcdef';
  desk = await startTestDesk('requests', { 'auth.yaml': AUTH, 'directory.yaml': DIRECTORY }, 'REQ');
});
afterAll(async () => desk?.stop());

const as = (engineer: keyof typeof ENGINEERS) => ({ token: null, headers: { authorization: `Bearer ${ENGINEERS[engineer]}` } });
const request = async (catalogueItem: string, title: string, fields: Record<string, unknown>) => {
  const res = await desk.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title, catalogueItem, fields } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const read = async (number: string) => (await desk.api('GET', `/api/tickets/${number}`, { token: 'admin' })).body;
const approvalMail = (number: string, to: string, step: string) =>
  desk.smtp.waitFor((m) => Boolean(m.subject?.includes(number) && m.subject.includes(`Approval needed (${step})`) && m.envelope.rcptTo.includes(to)), 20_000);
const linkIn = (text: string | undefined, decision: 'Approve' | 'Reject') => new RegExp(`${decision}:\\s+(\\S+)`).exec(text ?? '')![1].split('/api/approvals/')[1];

describe('approval chains', () => {
  it('asks the line manager, then IT, and assigns the software installation only after both approved', async () => {
    const ticket = await request('software-installation', '安装 Visio', { software: 'Microsoft Visio', licence: 'owned', businessReason: '绘制财务流程图' });
    expect(ticket).toMatchObject({ type: 'request', request: { item: 'software-installation' }, status: 'pending', pendingReason: 'approval', group: 'desktop', assignee: null });

    // Step 1 goes to Bob; IT hears nothing yet.
    await approvalMail(ticket.number, 'bob@corp.example', '1/2');
    let view = await read(ticket.number);
    expect(view.approval).toMatchObject({ status: 'waiting', step: 0, approver: { id: 'bob@corp.example' } });
    expect(view.approvalSteps.map((s: any) => [s.approver.id, s.status])).toEqual([['bob@corp.example', 'waiting'], ['chen.jie', 'not-requested']]);
    expect(desk.smtp.messages.some((m) => m.subject?.includes(ticket.number) && m.envelope.rcptTo.includes('chen.jie@corp.example'))).toBe(false);
    // IT cannot jump the queue; the requester cannot approve their own request.
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { ...as('chen.jie'), body: { decision: 'approve' } })).status).toBe(422);
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { token: 'alice', body: { decision: 'approve' } })).status).toBe(404);

    const bobSays = await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { token: 'bob', body: { decision: 'approve', comment: '同意，部门预算内' } });
    expect(bobSays.status, JSON.stringify(bobSays.body)).toBe(200);
    expect(bobSays.body.status).toBe('pending');

    // Step 2: the desktop lead, by the one-click link in the mail.
    const itMail = await approvalMail(ticket.number, 'chen.jie@corp.example', '2/2');
    expect(itMail.parsed.text).toContain('Step 2/2');
    // The approver decides on what is asked for, not only the title.
    expect(itMail.parsed.text).toContain('软件名称 / Software: Microsoft Visio');
    expect(itMail.parsed.text).toContain('业务用途 / Business reason: 绘制财务流程图');
    const approved = await fetch(`${desk.url}/api/approvals/${linkIn(itMail.parsed.text, 'Approve')}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(approved.status, await approved.clone().text()).toBe(200);

    view = await waitUntil('the assignment', async () => {
      const v = await read(ticket.number);
      return v.status === 'assigned' ? v : undefined;
    });
    // A P4 request: the dispatch table (routing.yaml) gives it to the desktop group's junior engineer.
    expect(view).toMatchObject({ priority: 'P4', assignee: 'qian.yu' });
    expect(view.approvalSteps).toMatchObject([
      { step: 0, status: 'approved', decidedBy: { id: 'bob@corp.example' }, comment: '同意，部门预算内' },
      { step: 1, status: 'approved', decidedBy: { id: 'chen.jie' } },
    ]);
    const story = view.timeline.filter((t: any) => ['pend', 'approval-requested', 'approve', 'assign'].includes(t.action)).map((t: any) => [t.action, t.detail?.step ?? null]);
    expect(story).toEqual([['pend', null], ['approval-requested', 1], ['approve', 1], ['approval-requested', 2], ['approve', 2], ['assign', null]]);
    expect(view.sla.find((c: any) => c.name === 'resolution').state).toBe('running');

    // Installed: the one task done, the request resolves itself.
    const done = await desk.api('POST', `/api/tickets/${ticket.number}/complete-task`, { token: 'admin', body: { task: 'install', note: 'Visio 2021 已安装激活' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', resolution: { code: 'checklist' } });
    // RECORD_HISTORIES=request-chain keeps this history for replay.test.ts (chain + checklist).
    if (process.env.RECORD_HISTORIES === 'request-chain') {
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', `ticket-${ticket.number}`, '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync('test/fixtures/histories/ticket-request-chain-2026-12.json', json);
    }
  });

  it('declines the request when IT rejects at step 2, and tells the requester', async () => {
    const ticket = await request('hardware', '申领显示器', { item: 'monitor', quantity: 1, businessReason: '双屏对账' });
    const bobMail = await approvalMail(ticket.number, 'bob@corp.example', '1/2');
    // Bob approves by his link: no token needed.
    const byLink = await fetch(`${desk.url}/api/approvals/${linkIn(bobMail.parsed.text, 'Approve')}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(byLink.status, await byLink.clone().text()).toBe(200);
    await approvalMail(ticket.number, 'chen.jie@corp.example', '2/2');
    // Bob's link is spent: a second click changes nothing.
    expect((await fetch(`${desk.url}/api/approvals/${linkIn(bobMail.parsed.text, 'Reject')}`, { method: 'POST', headers: { accept: 'application/json' } })).status).toBe(409);

    const rejected = await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { ...as('chen.jie'), body: { decision: 'reject', comment: '库存显示器已用完，请下季度申请' } });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'declined', approval: { status: 'rejected', step: 1 } });
    expect(rejected.body.approvalSteps.map((s: any) => s.status)).toEqual(['approved', 'rejected']);
    expect(rejected.body.timeline.at(-1)).toMatchObject({ action: 'reject', reason: '库存显示器已用完，请下季度申请', detail: { step: 2, of: 2 } });
    const declined = await desk.smtp.waitFor((m) => m.messageId === `<${ticket.number.toLowerCase()}.declined@itdesk.corp.example>`, 20_000);
    expect(declined.envelope.rcptTo).toEqual([alice.email]);
  });
});

describe('fulfilment checklists', () => {
  it("resolves a new-staff setup by itself once each group's engineer ticked off their task", async () => {
    const ticket = await request('new-staff-setup', '新员工入职：王小明', {
      employeeName: '王小明',
      department: '财务部',
      startDate: '2026-12-14',
      computer: 'laptop',
      accounts: ['mail', 'erp'],
    });
    // No approval: straight to the service desk, with the four tasks.
    expect(ticket).toMatchObject({ type: 'request', status: 'assigned', group: 'service-desk' });
    expect(ticket.tasks.map((t: any) => [t.id, t.group, t.done ?? null])).toEqual([
      ['accounts', 'identity-access', null],
      ['computer', 'desktop', null],
      ['network', 'network', null],
      ['first-day', 'service-desk', null],
    ]);
    const tick = (who: Parameters<typeof as>[0] | 'agent', task: string, note?: string) =>
      desk.api('POST', `/api/tickets/${ticket.number}/complete-task`, { ...(who === 'agent' ? {} : as(who)), body: { task, ...(note ? { note } : {}) } });

    const first = await tick('wang.fang', 'accounts', '域账号 wangxm，邮箱与 ERP 已开通');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.status).toBe('in_progress');
    // Not his group's task; and a task is done once.
    const notHis = await tick('chen.jie', 'network');
    expect(notHis.status).toBe(422);
    expect(notHis.body.detail).toMatch(/for the network group/);
    expect((await tick('wang.fang', 'accounts')).status).toBe(422);
    expect((await tick('chen.jie', 'no-such-task')).status).toBe(422);

    expect((await tick('chen.jie', 'computer', 'ThinkPad T14 资产号 A-1024')).status).toBe(200);
    expect((await tick('zhang.wei', 'network')).status).toBe(200);
    const last = await tick('agent', 'first-day');
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body).toMatchObject({ status: 'resolved', resolution: { code: 'checklist' } });
    expect(last.body.resolution.note).toContain('ThinkPad T14 资产号 A-1024');
    expect(last.body.tasks.every((t: any) => t.done)).toBe(true);
    expect(last.body.tasks.map((t: any) => t.done.by.id)).toEqual(['wang.fang', 'chen.jie', 'zhang.wei', 'li.na']);
    // The requester is told as with any resolution.
    const resolvedMail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.envelope.rcptTo.includes(alice.email) && m.parsed.text?.includes('ThinkPad')), 20_000);
    expect(resolvedMail.subject).toContain(ticket.number);
    // Nothing left to tick.
    expect((await tick('agent', 'first-day')).status).toBe(409);
  });
});

describe('what a request must carry', () => {
  const open = (body: Record<string, unknown>) => desk.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title: '入职', ...body } });

  it('refuses a request without its required fields, naming each field', async () => {
    const res = await open({ catalogueItem: 'new-staff-setup', fields: { employeeName: '王小明', department: '财务部', computer: 'tablet' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { path: 'fields.startDate', message: 'required: Start date (入职日期)' },
      { path: 'fields.computer', message: 'expected one of laptop, desktop, none, got "tablet"' },
    ]);
  });

  const cases = [
    { given: { catalogueItem: 'coffee' }, expect: 'catalogueItem' },
    { given: { catalogueItem: 'hardware', type: 'incident', fields: { item: 'monitor', quantity: 1, businessReason: 'x' } }, expect: 'type' },
    { given: { fields: { software: 'Visio' } }, expect: 'fields' },
    { given: { catalogueItem: 'hardware', fields: { item: 'monitor', quantity: -1, businessReason: 'x' } }, expect: 'fields.quantity' },
    { given: { catalogueItem: 'permission', fields: { system: 'sap', access: '查询', businessReason: 'x' } }, expect: 'fields.system' },
  ];
  it.each(cases)('refuses $given with a problem at $expect', async ({ given, expect: path }) => {
    const res = await open(given);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.path)).toEqual([path]);
  });

  it('lists the catalogue for tools and forms', async () => {
    const res = await desk.api('GET', '/api/catalogue', { token: 'alice' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.id)).toEqual(['new-staff-setup', 'software-installation', 'permission', 'hardware', 'account']);
    const permission = res.body.items.find((i: any) => i.id === 'permission');
    expect(permission.fields.find((f: any) => f.name === 'system').choices.map((c: any) => c.value)).toContain('erp');
    expect(permission.approvals.map((s: any) => s.approver.role)).toEqual(['lineManager', 'systemOwner']);
  });

  it('takes the type from routing when the requester chose no item', async () => {
    const asked = await desk.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title: '新同事下周一入职，需要准备电脑' } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ type: 'request' });
    expect(asked.body.tasks).toBeUndefined();
    const broken = await desk.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title: 'VPN 连不上' } });
    expect(broken.body.type).toBe('incident');
  });
});

describe('the portal and the workbench', () => {
  it('lets the requester choose a catalogue request, shows its fields, refuses what is missing and opens it', async () => {
    const portal = await signIn(desk, 'alice@corp.example', { 'accept-language': 'en' });
    const chooser = await portal.get('/portal/new');
    expect(chooser.status).toBe(200);
    expect(chooser.text).toContain('href="/portal/new?item=new-staff-setup"');
    expect(chooser.text).toContain('New-staff setup');
    expect(chooser.text).toContain('name="impact"'); // the incident form is still the default

    const form = await portal.get('/portal/new?item=new-staff-setup');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<input id="f-field-startDate" name="field.startDate" type="date"[^>]*required/);
    expect(form.text).toContain('<option value="laptop">Laptop</option>');
    expect(form.text).toMatch(/type="checkbox" name="field.accounts" value="erp"/);
    expect(form.text).not.toContain('name="impact"');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1];
    const post = (fields: Array<[string, string]>) =>
      portal.request('POST', '/portal/new', new URLSearchParams([['_csrf', csrfOf(portal.lastPage)], ['idempotencyKey', key], ['catalogueItem', 'new-staff-setup'], ...fields]));
    const answers: Array<[string, string]> = [['title', '新员工入职：李小红'], ['field.employeeName', '李小红'], ['field.department', '财务部'], ['field.computer', 'laptop'], ['field.accounts', 'mail'], ['field.accounts', 'erp']];

    const missing = await post(answers);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('<a href="#f-field-startDate">Start date (required)</a>');
    // What was typed is kept.
    expect(missing.text).toMatch(/type="checkbox" name="field.accounts" value="erp" checked/);

    const opened = await post([...answers, ['field.startDate', '2026-12-21']]);
    expect(opened.status, opened.text.slice(0, 500)).toBe(303);
    const number = opened.headers.get('location')!.split('/').pop()!;
    const ticket = await read(number);
    expect(ticket.intake).toMatchObject({ catalogueItem: 'new-staff-setup', type: 'request', fields: { startDate: '2026-12-21', accounts: ['mail', 'erp'], computer: 'laptop' } });
    expect(ticket.tasks).toHaveLength(4);
    const page = await portal.get(`/portal/tickets/${number}`);
    expect(page.text).toContain('Service request: New-staff setup');
    expect(page.text).toContain('Desk network and VPN');
    const mine = await portal.get('/portal');
    expect(mine.text).toMatch(new RegExp(`${number}[\\s\\S]*?新员工入职：李小红<span class="hint"> · New-staff setup</span>`));

    // The engineer ticks a task off on the workbench.
    const agent = await signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' });
    const deskPage = await agent.get(`/desk/tickets/${number}`);
    expect(deskPage.text).toContain(`action="/desk/tickets/${number}/complete-task"`);
    const ticked = await agent.post(`/desk/tickets/${number}/complete-task`, { task: 'first-day', note: '周一 9:00 到工位' });
    expect(ticked.status, ticked.text.slice(0, 500)).toBe(303);
    const after = await read(number);
    expect(after.tasks.find((t: any) => t.id === 'first-day').done).toMatchObject({ by: { id: 'li.na' }, note: '周一 9:00 到工位' });
    expect(after.status).toBe('in_progress');
  });
});

describe('reminders and timeouts per step', () => {
  let quick: TestDesk;
  beforeAll(async () => {
    // A one-item catalogue whose second step reminds after 1 s and gives up after 6 s (the window
    // must hold a slow request mail on a loaded machine, as in assignmentApprovals.test.ts).
    quick = await startTestDesk(
      'requesttimeout',
      {
        'auth.yaml': AUTH,
        'directory.yaml': DIRECTORY,
        'catalogue.yaml': `items:
  hardware:
    label: { zh-CN: 硬件申领, en: Hardware }
    category: hardware
    fields: [{ name: item, label: { zh-CN: 设备, en: Item }, type: text, required: true }]
    approvals:
      - { approver: { role: lineManager } }
      - { approver: { role: groupLead, group: desktop }, reminderAfter: 1s, timeoutAfter: 6s, onTimeout: reject }
`,
      },
      'RQT',
    );
  });
  afterAll(async () => quick?.stop());

  it("reminds step 2's approver once, then declines when nobody decides in time", async () => {
    const res = await quick.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title: '申领键盘', catalogueItem: 'hardware', fields: { item: '键盘' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const number = res.body.number;
    // Step 1 keeps the catalogue's default timing (a day): it waits for Bob, however slow the machine.
    expect((await quick.api('POST', `/api/tickets/${number}/approval`, { token: 'bob', body: { decision: 'approve' } })).status).toBe(200);
    const reminder = await quick.smtp.waitFor((m) => Boolean(m.subject?.includes(number) && m.subject.startsWith('提醒 / Reminder') && m.subject.includes('(2/2)')), 20_000);
    expect(reminder.envelope.rcptTo).toEqual(['chen.jie@corp.example']);
    const declined = await waitUntil('the timeout of step 2', async () => {
      const view = (await quick.api('GET', `/api/tickets/${number}`, { token: 'admin' })).body;
      return view.status === 'declined' ? view : undefined;
    });
    expect(declined.approvalSteps.map((s: any) => s.status)).toEqual(['approved', 'rejected']);
    expect(declined.approvalSteps[1].remindedAt).toBeDefined();
    expect(declined.timeline.at(-1)).toMatchObject({ action: 'reject', reason: 'no approval decision in time' });
    // Bob was never reminded: his step was decided before its reminder was due.
    expect(quick.smtp.messages.filter((m) => m.subject?.includes(number) && m.subject.startsWith('提醒')).map((m) => m.envelope.rcptTo)).toEqual([['chen.jie@corp.example']]);
  });
});
