// Routing all the way to a person, approval-gated requests, and config reloads on a running desk:
// real Temporal, real SMTP, the API over HTTP.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutTicket } from '../support/smtpSink';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  // The worker and the API of this test run in this process: both read the link secret here.
  process.env.ITDESK_APPROVAL_SECRET = 'test-approval-secret-0123456789abcdef';
  desk = await startTestDesk('approvals', {}, 'APR');
});
afterAll(async () => desk?.stop());

const open = async (title: string, extra: Record<string, unknown> = {}) => {
  const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe('assignment within the group', () => {
  it('lands a routed ticket with the right group and person, and says why', async () => {
    const ticket = await open('VPN 连不上', { description: '在家无法连接公司 VPN' });
    expect(ticket).toMatchObject({ group: 'network', assignee: 'zhang.wei', status: 'assigned' });
    expect(ticket.timeline.find((t: any) => t.action === 'assign')).toMatchObject({ actor: { role: 'system' }, detail: { strategy: 'round-robin' } });
  });

  it('assigns desktop tickets to the member with the fewest open tickets', async () => {
    const ticket = await open('打印机卡纸', { description: '三楼打印机卡纸' });
    expect(ticket.group).toBe('desktop');
    expect(['chen.jie', 'liu.yang']).toContain(ticket.assignee);
    expect(ticket.timeline.find((t: any) => t.action === 'assign').detail.strategy).toBe('fewest-open');
  });
});

describe('reclassification', () => {
  it('routes the ticket again, tells the old assignee and assigns within the new group', async () => {
    const ticket = await open('VPN 连不上');
    expect(ticket.assignee).toBe('zhang.wei');
    const moved = await desk.api('POST', `/api/tickets/${ticket.number}/category`, { body: { category: 'security', reason: '疑似账号被盗' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ category: 'security', group: 'security', assignee: 'sun.hao' });
    const told = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('Moved to security')), 20_000);
    expect(told.envelope.rcptTo).toEqual(['zhang.wei@corp.example']);
  });
});

describe('approvals', () => {
  it('holds a permission request until the module owner approves by the one-click link, once', async () => {
    const ticket = await open('申请 ERP 财务模块权限', { description: '新入职需要开通 ERP 财务模块查询权限' });
    expect(ticket).toMatchObject({ status: 'pending', pendingReason: 'approval', group: 'identity-access', assignee: null });
    expect(ticket.approval).toMatchObject({ status: 'waiting', approver: { id: 'wang.fang' } });
    expect(ticket.sla.find((c: any) => c.name === 'resolution').state).toBe('paused');

    const mail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('Approval needed')), 20_000);
    expect(mail.envelope.rcptTo).toEqual(['wang.fang@corp.example']);
    const approveUrl = /Approve: (\S+)/.exec(mail.parsed.text ?? '')![1];
    const token = approveUrl.split('/api/approvals/')[1];

    // A prefetching mail scanner (GET) decides nothing.
    const page = await fetch(`${desk.url}/api/approvals/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await desk.api('GET', `/api/tickets/${ticket.number}`)).body.status).toBe('pending');

    const decided = await fetch(`${desk.url}/api/approvals/${token}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(decided.status, await decided.clone().text()).toBe(200);
    const after = (await desk.api('GET', `/api/tickets/${ticket.number}`)).body;
    expect(after).toMatchObject({ status: 'assigned', assignee: 'wang.fang', approval: { status: 'approved', decidedBy: { id: 'wang.fang' } } });
    expect(after.sla.find((c: any) => c.name === 'resolution').state).toBe('running');

    const again = await fetch(`${desk.url}/api/approvals/${token}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(again.status).toBe(409);
    const tampered = await fetch(`${desk.url}/api/approvals/${token.slice(0, -2)}xx`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(tampered.status).toBe(400);
  });

  it('lets only the approver or an admin decide through the API, and a rejection declines the request', async () => {
    const ticket = await open('申请开通 OA 系统账号权限');
    expect(ticket.approval.approver.id).toBe('wang.fang');
    const notApprover = await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { body: { decision: 'approve' } }); // li.na
    expect(notApprover.status).toBe(422);
    expect(notApprover.body.detail).toMatch(/only 王芳 can decide/);
    const rejected = await desk.api('POST', `/api/tickets/${ticket.number}/approval`, { token: 'admin', body: { decision: 'reject', comment: '需部门经理先签字' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'declined', approval: { status: 'rejected' } });
  });
});

describe('config reload on a running desk', () => {
  it('routes new tickets by an edited rule within seconds, without a restart', async () => {
    const before = desk.config.current().version;
    const reloaded = new Promise<string>((resolve) => {
      const stop = desk.config.watch((message) => {
        if (message.startsWith('config reloaded')) {
          stop();
          resolve(message);
        }
      });
    });
    const file = join(desk.configDir, 'routing.yaml');
    const rule = `rules:\n  - name: coffee-machine\n    when: { keywords: [咖啡机] }\n    then: { category: other, group: service-desk, tags: [facilities] }\n`;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^rules:\n/m, rule));
    await Promise.race([reloaded, new Promise((_, reject) => setTimeout(() => reject(new Error('no reload within 10 s')), 10_000))]);
    expect(desk.config.current().version).not.toBe(before);

    const ticket = await open('三楼咖啡机坏了');
    expect(ticket.configVersion).toBe(desk.config.current().version);
    expect(ticket.timeline[0].detail.routing.join('\n')).toMatch(/rule coffee-machine/);
    expect(ticket.group).toBe('service-desk');
  });
});

describe('approval reminder and timeout', () => {
  let quick: TestDesk;
  beforeAll(async () => {
    quick = await startTestDesk(
      'approvaltimeout',
      {
        // The reminder goes out only while the timeout is still ahead (a wake-up after it rejects
        // at once), so the window between the two must hold a slow request mail on a loaded
        // machine: 1 s to 6 s rather than 2 s to 4 s.
        'approvals.yaml': `categories:
  account: { approver: { role: person, person: wang.fang }, reminderAfter: 1s, timeoutAfter: 6s, onTimeout: reject }
`,
      },
      'APT',
    );
  });
  afterAll(async () => quick?.stop());

  it('reminds the approver once, then rejects when nobody decides in time', async () => {
    const res = await quick.api('POST', '/api/tickets', { body: { requester: alice, title: '账号锁定', category: 'account' } });
    // Not its status: on a loaded machine the answer may come after the timeout already fired.
    expect(res.status).toBe(201);
    const number = res.body.number;
    const reminder = await quick.smtp.waitFor((m) => Boolean(m.subject?.includes(number) && m.subject.startsWith('提醒 / Reminder')), 20_000);
    expect(reminder.envelope.rcptTo).toEqual(['wang.fang@corp.example']);
    const declined = await waitUntil('the timeout', async () => {
      const view = (await quick.api('GET', `/api/tickets/${number}`)).body;
      return view.status === 'declined' ? view : undefined;
    });
    expect(declined.approval).toMatchObject({ status: 'rejected', approver: { id: 'wang.fang' } });
    // It waited for the approver first: pending on approval, asked and reminded, then rejected.
    const actions: string[] = declined.timeline.map((t: any) => t.action);
    expect(actions).toEqual(expect.arrayContaining(['pend', 'approval-requested', 'approval-reminded', 'reject']));
    expect(actions.indexOf('pend')).toBeLessThan(actions.indexOf('reject'));
    expect(declined.timeline.at(-1)).toMatchObject({ action: 'reject', reason: 'no approval decision in time' });
    const mails = quick.smtp.messages.filter(aboutTicket(number, [alice.email]));
    // The request and one reminder; nothing more.
    expect(mails).toHaveLength(2);
    expect(mails[0].subject).toMatch(/^\[APT-\d{6}\] 待您审批 \/ Approval needed/);
    expect(mails[1].subject).toMatch(/^提醒 \/ Reminder: /);
    // The requester, who asked through the API, heard both ends: received, then declined.
    const declinedNotice = await quick.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.declined@itdesk.corp.example>`, 20_000);
    expect(declinedNotice.envelope.rcptTo).toEqual([alice.email]);
    expect(quick.smtp.messages.filter((m) => m.envelope.rcptTo.includes(alice.email) && m.subject?.includes(number)).map((m) => m.subject)).toEqual([
      `[${number}] 已受理：账号锁定`,
      `[${number}] 无法受理：账号锁定`,
    ]);
  });
});

