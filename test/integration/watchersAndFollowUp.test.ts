// Issue #12: watchers get the public updates they subscribe to by mail, threaded with the
// requester's mail, and never internal notes; 不满意 opens a follow-up for the group lead that
// keeps the ticket's workflow running until the lead records the outcome, and escalates once
// when it is overdue.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { aftercareWorkflowId, receiveMailUpdate, ticketWorkflowId } from '../../workflows/messages';
import type { ReceivedMail } from '../support/smtpSink';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn } from '../support/webDesk';

// A follow-up due 20 seconds after the rating on the 24×7 calendar: long enough for the lead to
// record it first in one case, short enough to watch it fall due in the other.
const FOLLOW_UP_DUE_SECONDS = 20;
const slaYaml = readFileSync('config/sla.yaml', 'utf8').replace(
  /^dissatisfiedFollowUp: .*$/m,
  `dissatisfiedFollowUp: { calendar: always, due: ${FOLLOW_UP_DUE_SECONDS}s, escalateTo: [itManager] }`,
);

let desk: TestDesk;
beforeAll(async () => {
  expect(slaYaml).toContain(`due: ${FOLLOW_UP_DUE_SECONDS}s`);
  desk = await startTestDesk('watchers-follow-up', { 'sla.yaml': slaYaml }, 'WAT');
});
afterAll(async () => desk?.stop());

async function openTicket(title: string, category: string): Promise<any> {
  const created = await desk.api('POST', '/api/tickets', {
    body: { requester: alice, title, description: '测试', category, impact: 'individual', urgency: 'medium' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const to = (address: string, number: string) => (m: ReceivedMail) => m.envelope.rcptTo.includes(address) && Boolean(m.subject?.includes(number));
const mailsTo = (address: string, number: string) => desk.smtp.messages.filter(to(address, number));
const ok = (res: { status: number; body: unknown }) => expect(res.status, JSON.stringify(res.body)).toBe(200);

describe('watchers', () => {
  it('get the public updates they subscribe to, threaded with the requester, and never internal notes', async () => {
    const ticket = await openTicket('打印机无法连接', 'hardware');
    const n = ticket.number;
    const staffWatcher = 'zhou.min@corp.example';
    const colleague = 'carol@corp.example';
    const manager = 'boss@corp.example';

    // Staff add anyone (the address is normalised); the requester adds a colleague, not an outsider.
    ok(await desk.api('POST', `/api/tickets/${n}/watch`, { body: { address: ' Zhou.Min@Corp.Example ' } }));
    ok(await desk.api('POST', `/api/tickets/${n}/watch`, { token: 'alice', body: { address: colleague } }));
    ok(await desk.api('POST', `/api/tickets/${n}/watch`, { body: { address: manager, updates: 'resolution' } }));
    const outsider = await desk.api('POST', `/api/tickets/${n}/watch`, { token: 'alice', body: { address: 'someone@gmail.example' } });
    expect(outsider.status).toBe(422);
    expect(outsider.body.errors[0].path).toBe('address');
    const malformed = await desk.api('POST', `/api/tickets/${n}/watch`, { body: { address: 'not an address' } });
    expect(malformed.status).toBe(422);
    const itself = await desk.api('POST', `/api/tickets/${n}/watch`, { body: { address: alice.email } });
    expect(itself.status).toBe(422);

    const staffView = (await desk.api('GET', `/api/tickets/${n}`)).body;
    expect(staffView.watchers.map((w: { who: string; updates: string; source: string }) => [w.who, w.updates, w.source])).toEqual([
      [staffWatcher, 'all', 'staff'],
      [colleague, 'all', 'requester'],
      [manager, 'resolution', 'staff'],
    ]);
    // The requester sees the colleagues they added, not whom the desk added.
    const own = (await desk.api('GET', `/api/tickets/${n}`, { token: 'alice' })).body;
    expect(own.watchers.map((w: { address: string }) => w.address)).toEqual([colleague]);

    // Each is told they now watch the ticket.
    for (const who of [staffWatcher, colleague, manager]) await desk.smtp.waitFor((m) => to(who, n)(m) && Boolean(m.subject?.includes('Watching')), 30_000);

    // An internal note, then a public reply: the watchers' queue is in order, so once the reply's
    // copies are in, an internal note's copy would have come before them.
    ok(await desk.api('POST', `/api/tickets/${n}/comments`, { body: { body: '内部：疑似驱动问题 INTERNAL-7731', visibility: 'internal' } }));
    ok(await desk.api('POST', `/api/tickets/${n}/comments`, { body: { body: '请重启打印机后再试 PUBLIC-4410', visibility: 'public' } }));
    const saysReply = (m: ReceivedMail) => m.parsed.text?.includes('PUBLIC-4410') === true;
    const toRequester = await desk.smtp.waitFor((m) => to(alice.email, n)(m) && saysReply(m), 30_000);
    const copies = await Promise.all([staffWatcher, colleague].map((who) => desk.smtp.waitFor((m) => to(who, n)(m) && saysReply(m), 30_000)));
    expect(toRequester.parsed.inReplyTo).toBeTruthy();
    for (const copy of copies) {
      expect(copy.envelope.rcptTo).toHaveLength(1);
      expect(copy.parsed.inReplyTo).toBe(toRequester.parsed.inReplyTo);
      expect(copy.parsed.references).toEqual(toRequester.parsed.references);
      expect(copy.messageId).not.toBe(toRequester.messageId);
      expect(copy.headers.get('auto-submitted')).toBe('auto-generated');
      expect(copy.headers.get('x-itdesk-notice')).toBe('watcher');
    }
    expect(copies[0].messageId).not.toBe(copies[1].messageId);
    // The thread's root is the requester's acknowledgement.
    expect([copies[0].parsed.references].flat()).toContain(`<${n.toLowerCase()}.ack@itdesk.corp.example>`);
    for (const who of [staffWatcher, colleague, manager])
      expect(mailsTo(who, n).some((m) => m.parsed.text?.includes('INTERNAL-7731')), `${who} got the internal note`).toBe(false);

    // The requester takes back their colleague but cannot remove whom the desk added.
    const notTheirs = await desk.api('POST', `/api/tickets/${n}/unwatch`, { token: 'alice', body: { address: staffWatcher } });
    expect(notTheirs.status).toBe(422);
    ok(await desk.api('POST', `/api/tickets/${n}/unwatch`, { token: 'alice', body: { address: colleague } }));

    ok(await desk.api('POST', `/api/tickets/${n}/resolve`, { body: { resolutionNote: '更新了打印机驱动 RESOLVED-2207' } }));
    const resolved = (m: ReceivedMail) => m.parsed.text?.includes('RESOLVED-2207') === true;
    await desk.smtp.waitFor((m) => to(staffWatcher, n)(m) && resolved(m), 30_000);
    await desk.smtp.waitFor((m) => to(manager, n)(m) && resolved(m), 30_000);
    // The manager subscribed to the outcome only: the reply never reached him; the removed colleague hears no more.
    expect(mailsTo(manager, n).some(saysReply)).toBe(false);
    expect(mailsTo(manager, n)).toHaveLength(2);
    expect(mailsTo(colleague, n).some(resolved)).toBe(false);
    const after = (await desk.api('GET', `/api/tickets/${n}`)).body;
    expect(after.watchers.map((w: { who: string }) => w.who)).toEqual([staffWatcher, manager]);
    expect(after.timeline.filter((t: { action: string }) => t.action === 'unwatch')).toHaveLength(1);

    // A watcher's reply to the resolution is a comment, not the requester asking to reopen.
    const replied = await desk.client.workflow.getHandle(ticketWorkflowId(n)).executeUpdate(receiveMailUpdate, {
      args: [{ messageId: `thanks-${n}@corp.example`, from: staffWatcher, subject: `Re: [${n}]`, body: '谢谢 WATCHER-REPLY-3391', attachments: [], receivedAt: new Date().toISOString(), reopenWindowSeconds: 86_400 }],
    });
    expect(replied).toEqual({ outcome: 'commented', status: 'resolved' });
  });
});

describe('a dissatisfied rating', () => {
  async function rateDissatisfied(title: string, category: string, beforeResolve?: (n: string) => Promise<void>) {
    const ticket = await openTicket(title, category);
    const n = ticket.number;
    await beforeResolve?.(n);
    ok(await desk.api('POST', `/api/tickets/${n}/resolve`, { body: { resolutionNote: '已处理' } }));
    ok(await desk.api('POST', `/api/tickets/${n}/close`, { token: 'alice', body: {} }));
    ok(await desk.api('POST', `/api/tickets/${n}/rate`, { token: 'alice', body: { rating: 'dissatisfied', comment: '处理太慢' } }));
    const view = await waitUntil('the follow-up on the ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${n}`);
      return res.body.followUp ? res.body : undefined;
    });
    // The ticket completed as it closed (issue #10); its aftercare keeps the follow-up.
    expect((await desk.client.workflow.getHandle(ticketWorkflowId(n)).describe()).status.name).toBe('COMPLETED');
    return { n, view, handle: desk.client.workflow.getHandle(aftercareWorkflowId(n)) };
  }

  it('opens a follow-up for the group lead; the lead records the outcome and the aftercare finishes', async () => {
    const { n, view, handle } = await rateDissatisfied('咨询邮箱容量', 'other');
    const group = desk.config.current().groups.groups[view.group];
    const lead = group.members.find((m) => m.id === group.lead)!;
    expect(view.followUp).toMatchObject({ reason: 'dissatisfied', status: 'open', owner: { id: lead.id, name: lead.name } });
    const due = Date.parse(view.followUp.dueAt) - Date.parse(view.followUp.openedAt);
    expect(due).toBe(FOLLOW_UP_DUE_SECONDS * 1000);
    const told = await desk.smtp.waitFor((m) => to(lead.email, n)(m) && Boolean(m.subject?.includes('follow up')), 30_000);
    expect(told.parsed.text).toContain('处理太慢');
    // Rated and closed, but the aftercare waits for the follow-up.
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // Only the lead (the agent token is li.na, lead of this group) or an admin records it.
    expect(group.lead).toBe('li.na');
    const empty = await desk.api('POST', `/api/tickets/${n}/follow-up`, { body: { outcome: '  ' } });
    expect(empty.status).toBe(422);
    const requester = await desk.api('POST', `/api/tickets/${n}/follow-up`, { token: 'alice', body: { outcome: '我自己记录' } });
    expect(requester.status).toBe(403);
    // The precondition of this case: the outcome comes before the due time.
    expect(Date.now(), 'the follow-up fell due before the lead could record it').toBeLessThan(Date.parse(view.followUp.dueAt));
    ok(await desk.api('POST', `/api/tickets/${n}/follow-up`, { body: { outcome: '已电话回访，用户接受解释' } }));
    const final = await handle.result();
    expect(final.followUp).toMatchObject({ status: 'done', outcome: '已电话回访，用户接受解释', doneBy: { role: 'agent', id: 'li.na' } });
    expect(final.followUp.escalatedAt).toBeUndefined();
    expect(final.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(['rate', 'follow-up-open', 'follow-up-done']));
    const again = await desk.api('POST', `/api/tickets/${n}/follow-up`, { body: { outcome: '再来一次' } });
    expect(again.status).not.toBe(200);
  });

  it('escalates an overdue follow-up exactly once, and the aftercare still waits for the outcome', async () => {
    // A watcher too, so this ticket's history holds both concerns of issue #12.
    const watcher = 'qa@corp.example';
    const { n, view, handle } = await rateDissatisfied('显示器闪烁', 'hardware', async (number) => {
      ok(await desk.api('POST', `/api/tickets/${number}/watch`, { body: { address: watcher } }));
      ok(await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: '已更换数据线 CABLE-5120', visibility: 'public' } }));
      await desk.smtp.waitFor((m) => to(watcher, number)(m) && m.parsed.text?.includes('CABLE-5120') === true, 30_000);
    });
    const itManager = desk.config.current().groups.itManager.email;
    const overdue = await desk.smtp.waitFor((m) => to(itManager, n)(m) && Boolean(m.subject?.includes('overdue')), 90_000);
    expect(overdue.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(view.followUp.dueAt));
    const escalated = await waitUntil('the overdue follow-up on the ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${n}`);
      return res.body.followUp.status === 'overdue' && res.body.followUp.escalatedTo ? res.body : undefined;
    });
    expect(escalated.followUp.escalatedTo).toEqual([itManager]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // The lead of desktop is not the agent token's li.na: an admin records it for them.
    const notLead = await desk.api('POST', `/api/tickets/${n}/follow-up`, { body: { outcome: '代为记录' } });
    expect(notLead.status).toBe(422);
    ok(await desk.api('POST', `/api/tickets/${n}/follow-up`, { token: 'admin', body: { outcome: '主管已回访' } }));
    const final = await handle.result();
    expect(final.followUp.status).toBe('done');
    expect(final.timeline.filter((t: { action: string }) => t.action === 'follow-up-overdue')).toHaveLength(1);
    expect(final.timeline.find((t: { action: string }) => t.action === 'follow-up-done')?.detail).toEqual({ late: true });
    // The workflow has ended: no later mail can come from it.
    expect(desk.smtp.messages.filter((m) => m.subject?.includes(n) && m.subject.includes('overdue'))).toHaveLength(1);
    // The watcher heard the resolution and the closure, not the follow-up (internal to the desk).
    expect(mailsTo(watcher, n).some((m) => m.subject?.includes('Closed'))).toBe(true);
    expect(mailsTo(watcher, n).some((m) => /follow/i.test(m.subject ?? ''))).toBe(false);
    if (process.env.RECORD_HISTORIES === 'lean-service-model') {
      // Issue #10's shapes for replay.test.ts: the lean ticket (completed at close) and its aftercare.
      for (const [id, file] of [[ticketWorkflowId(n), 'ticket-lean-service-model-2026-12'], [handle.workflowId, 'ticket-aftercare-follow-up-2026-12']]) {
        const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', id, '--address', inject('temporalAddress'), '--output', 'json']);
        writeFileSync(`test/fixtures/histories/${file}.json`, json);
      }
    }
    if (process.env.RECORD_HISTORIES === 'service-model') {
      // A history of the service model for test/integration/replay.test.ts (see docs/testing.md).
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', ticketWorkflowId(n), '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync('test/fixtures/histories/ticket-service-model-2026-12.json', json);
    }
  });
});

describe('the pages', () => {
  it('let the requester add and remove a colleague, and staff add a watcher and record a follow-up', async () => {
    const [portal, workbench] = await Promise.all([
      signIn(desk, alice.email, { 'accept-language': 'en' }),
      signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' }),
    ]);
    const ticket = await openTicket('培训账号申请', 'other');
    const n = ticket.number;

    await portal.get(`/portal/tickets/${n}`);
    expect(portal.lastPage).toContain('Colleagues who follow this ticket');
    expect((await portal.post(`/portal/tickets/${n}/watch`, { address: 'dave@corp.example', updates: 'all' })).status).toBe(303);
    await portal.get(`/portal/tickets/${n}`);
    expect(portal.lastPage).toContain('dave@corp.example');
    const outsider = await portal.post(`/portal/tickets/${n}/watch`, { address: 'x@gmail.example', updates: 'all' });
    expect(outsider.status).toBe(422);
    expect(outsider.text).toContain('not a colleague');

    await workbench.get(`/desk/tickets/${n}`);
    expect(workbench.lastPage).toContain('Watchers');
    expect(workbench.lastPage).toContain('dave@corp.example');
    expect((await workbench.post(`/desk/tickets/${n}/watch`, { address: 'erin@corp.example', updates: 'resolution' })).status).toBe(303);
    await portal.get(`/portal/tickets/${n}`);
    expect((await portal.post(`/portal/tickets/${n}/unwatch`, { address: 'dave@corp.example' })).status).toBe(303);
    const watchers = (await desk.api('GET', `/api/tickets/${n}`)).body.watchers;
    expect(watchers.map((w: { who: string; updates: string }) => `${w.who} ${w.updates}`)).toEqual(['erin@corp.example resolution']);

    ok(await desk.api('POST', `/api/tickets/${n}/resolve`, { body: { resolutionNote: '已开通' } }));
    ok(await desk.api('POST', `/api/tickets/${n}/close`, { token: 'alice', body: {} }));
    ok(await desk.api('POST', `/api/tickets/${n}/rate`, { token: 'alice', body: { rating: 'dissatisfied' } }));
    await waitUntil('the follow-up card', async () => {
      await workbench.get(`/desk/tickets/${n}`);
      return workbench.lastPage.includes('Record the outcome') ? true : undefined;
    });
    expect(workbench.lastPage).toContain('Dissatisfied follow-up');
    // The lead's list of follow-ups waiting for an outcome holds it.
    await workbench.get('/desk/follow-ups');
    expect(workbench.lastPage).toContain(`/desk/tickets/${n}`);
    await workbench.get(`/desk/tickets/${n}`);
    expect((await workbench.post(`/desk/tickets/${n}/follow-up`, { outcome: '已回访，用户满意' })).status).toBe(303);
    const final = await desk.client.workflow.getHandle(aftercareWorkflowId(n)).result();
    expect(final.followUp).toMatchObject({ status: 'done', outcome: '已回访，用户满意', doneBy: { role: 'agent', id: 'li.na' } });
    await workbench.get('/desk/follow-ups');
    expect(workbench.lastPage).not.toContain(`/desk/tickets/${n}`);
  });
});
