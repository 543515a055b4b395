// Issue #12 on a real Temporal server: a P1 containment meets the resolution clock while the
// ticket stays in progress; under resolution-at-confirmation the clock runs on after resolve
// and is met when the requester confirms; a booked visit mails the requester, a missed arrival
// escalates exactly once, and recording the arrival meets the clock.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { planTicket } from '../../ticket/plan';
import type { TicketState } from '../../ticket/state';
import type { TicketWorkflowInput } from '../../workflows/ticket';
import { deskTimeZone, formatDeskTime } from '../../web/deskTime';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn } from '../support/webDesk';
import type { ReceivedMail } from '../support/smtpSink';

const ARRIVAL_SAME_SITE_SECONDS = 3;
const APPOINTMENT_AHEAD_SECONDS = 6;

// One policy: P1 containment/workaround meets the resolution clock; P3 resolution ends at the
// requester's confirmation; visits with a same-site arrival target of seconds.
const SLA = `pauseResolutionWhilePending: [requester, vendor, approval]
defaultPolicy: fast
overrides: []
policies:
  fast:
    targets:
      P1: { calendar: always, response: 1h, resolution: 1h, update: 1h }
      P2: { calendar: always, response: 1h, resolution: 4h }
      P3: { calendar: always, response: 2h, resolution: 8h }
      P4: { calendar: always, response: 4h, resolution: 8h }
    workaroundMeets:
      P1: { resolution: [containment, workaround] }
      P3: { resolution: [workaround] }
    resolutionEndsAt: { P3: confirmation }
    visits:
      calendar: always
      arrival: { same-site: ${ARRIVAL_SAME_SITE_SECONDS}s, other-office: 1h }
    escalation:
      response: []
      resolution: []
      update: []
      arrival:
        - { at: 100%, notify: [groupEscalation] }
`;

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('milestones', { 'sla.yaml': SLA }, 'MS');
});
afterAll(async () => desk?.stop());

const outage = { requester: alice, title: 'ERP 系统宕机，全公司无法下单', category: 'business-app', priority: 'P1' };
const clock = (ticket: any, name: string) => ticket.sla.find((c: any) => c.name === name);
const toRequester = (number: string, subject: RegExp) => (mail: ReceivedMail) =>
  Boolean(mail.subject?.includes(number)) && mail.envelope.rcptTo.includes(alice.email) && subject.test(mail.subject ?? '');
const staffMail = (number: string) => (mail: ReceivedMail) => Boolean(mail.subject?.includes(number)) && !mail.envelope.rcptTo.includes(alice.email);
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('workarounds', () => {
  it('meets the P1 resolution clock with a containment; the ticket stays in progress and the requester is told', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: outage });
    const recorded = await desk.api('POST', `/api/tickets/${ticket.number}/workaround`, {
      body: { kind: 'containment', note: '已切换到备用 ERP 节点，可以继续下单' },
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.status).toBe('in_progress');
    expect(clock(recorded.body, 'resolution')).toMatchObject({ state: 'met', metBy: 'containment', breached: false });
    expect(recorded.body.workarounds).toMatchObject([{ id: 1, kind: 'containment', metResolution: true }]);
    expect(recorded.body.timeline.at(-1)).toMatchObject({ action: 'workaround', detail: { kind: 'containment', metResolution: true } });
    // A public update: the first response is met and the requester hears of it in the thread.
    expect(clock(recorded.body, 'response').state).toBe('met');
    const mail = await desk.smtp.waitFor(toRequester(ticket.number, /影响已控制|Contained/), 20_000);
    expect(mail.parsed.text).toContain('已切换到备用 ERP 节点');
    expect(mail.headers.get('in-reply-to')).toBeTruthy();

    // Pending on a vendor and back does not take the met clock back; resolving keeps it met.
    await desk.api('POST', `/api/tickets/${ticket.number}/pend`, { body: { reason: 'vendor', note: '等待厂商补丁' } });
    const resumed = await desk.api('POST', `/api/tickets/${ticket.number}/resume`, { body: {} });
    expect(clock(resumed.body, 'resolution')).toMatchObject({ state: 'met', metBy: 'containment' });
    const resolved = await desk.api('POST', `/api/tickets/${ticket.number}/resolve`, { body: { resolutionNote: '已打补丁' } });
    expect(resolved.body.status).toBe('resolved');
    expect(clock(resolved.body, 'resolution')).toMatchObject({ state: 'met', metBy: 'containment' });

    // The requester's view shows the workaround but not who recorded it.
    const mine = await desk.api('GET', `/api/tickets/${ticket.number}`, { token: 'alice' });
    expect(mine.body.workarounds).toEqual([expect.objectContaining({ kind: 'containment', note: '已切换到备用 ERP 节点，可以继续下单' })]);
    expect(mine.body.workarounds[0].by).toBeUndefined();
  });

  it('meets nothing for a priority the policy does not name', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...outage, title: '报表导出慢', priority: 'P2' } });
    const recorded = await desk.api('POST', `/api/tickets/${ticket.number}/workaround`, { body: { kind: 'workaround', note: '先导出 CSV 再用 Excel 打开' } });
    expect(recorded.status).toBe(200);
    expect(clock(recorded.body, 'resolution').state).toBe('running');
    expect(recorded.body.workarounds[0].metResolution).toBe(false);
  });
});

describe('resolution at the requester’s confirmation', () => {
  it('keeps the resolution clock running after resolve and through a reopen, and meets it when the requester confirms', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...outage, title: '打印机卡纸', priority: 'P3' } });
    // Resolved straight from pending (the vendor's part fixed it): the paused clock runs again.
    const pended = await desk.api('POST', `/api/tickets/${ticket.number}/pend`, { body: { reason: 'vendor', note: '等待厂商配件' } });
    expect(clock(pended.body, 'resolution').state).toBe('paused');
    const resolved = await desk.api('POST', `/api/tickets/${ticket.number}/resolve`, { body: { resolutionNote: '已清理卡纸' } });
    expect(resolved.body.status).toBe('resolved');
    expect(clock(resolved.body, 'resolution').state).toBe('running');

    const reopened = await desk.api('POST', `/api/tickets/${ticket.number}/reopen`, { token: 'alice', body: { reason: '又卡纸了' } });
    expect(clock(reopened.body, 'resolution').state).toBe('running');
    await desk.api('POST', `/api/tickets/${ticket.number}/resolve`, { body: { resolutionNote: '更换了搓纸轮' } });

    const closed = await desk.api('POST', `/api/tickets/${ticket.number}/close`, { token: 'alice', body: { note: '好了' } });
    expect(closed.body.status).toBe('closed');
    const resolution = clock(closed.body, 'resolution');
    expect(resolution).toMatchObject({ state: 'met', metBy: 'confirmation', breached: false });
    // Met at the confirmation, after the last resolve.
    const { body: staffView } = await desk.api('GET', `/api/tickets/${ticket.number}`);
    const lastResolve = staffView.timeline.filter((t: any) => t.action === 'resolve').at(-1).at;
    const metAt = staffView.clocks.find((c: any) => c.name === 'resolution').metAt;
    expect(Date.parse(metAt)).toBeGreaterThan(Date.parse(lastResolve));
  });
});

describe('on-site visits', () => {
  it('mails the requester, escalates a missed arrival exactly once, and recordArrival meets the clock', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...outage, title: '会议室投影仪无信号', priority: 'P3' } });
    // An appointment in the past, or a visit to record arrival for when none is booked, is refused.
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/visits`, { body: { scheduledAt: inSeconds(-60), place: '3 楼会议室', site: 'same-site' } })).status).toBe(422);
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/arrival`, { body: {} })).status).toBe(422);

    // An appointment a few seconds ahead (it must still lie ahead when the ticket takes it): the
    // arrival is due at the appointment or the same-site target, whichever is later.
    const booked = await desk.api('POST', `/api/tickets/${ticket.number}/visits`, {
      body: { scheduledAt: inSeconds(APPOINTMENT_AHEAD_SECONDS), place: '3 楼 301 会议室', site: 'same-site' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body.visits).toMatchObject([{ id: 1, status: 'booked', place: '3 楼 301 会议室', site: 'same-site' }]);
    const arrival = clock(booked.body, 'arrival');
    expect(arrival.state).toBe('running');
    expect(arrival.targetSeconds).toBeGreaterThanOrEqual(ARRIVAL_SAME_SITE_SECONDS);
    expect(arrival.targetSeconds).toBeLessThanOrEqual(APPOINTMENT_AHEAD_SECONDS);
    // The booking mail answered the requester.
    expect(clock(booked.body, 'response').state).toBe('met');
    const mail = await desk.smtp.waitFor(toRequester(ticket.number, /已安排上门服务|On-site visit booked/), 20_000);
    expect(mail.parsed.text).toContain('3 楼 301 会议室');

    // Nobody arrives: the 100% level mails the group's escalation contact once.
    const escalation = await desk.smtp.waitFor(staffMail(ticket.number), 20_000);
    expect(escalation.subject).toMatch(/上门到达.*BREACHED/);
    expect(escalation.envelope.rcptTo).toEqual(['apps-lead@corp.example']);
    expect(escalation.parsed.text).toContain('3 楼 301 会议室');
    const breached = await waitUntil('the arrival breach on the ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${ticket.number}`);
      return res.body.escalations.some((e: any) => e.clock === 'arrival') ? res.body : undefined;
    });
    expect(clock(breached, 'arrival').breached).toBe(true);

    const arrived = await desk.api('POST', `/api/tickets/${ticket.number}/arrival`, { body: { note: '已到现场' } });
    expect(arrived.status).toBe(200);
    expect(arrived.body.status).toBe('in_progress');
    expect(clock(arrived.body, 'arrival')).toMatchObject({ state: 'met', breached: true });
    expect(arrived.body.visits[0]).toMatchObject({ status: 'arrived' });
    expect(arrived.body.escalations.filter((e: any) => e.clock === 'arrival')).toHaveLength(1);
    expect(desk.smtp.messages.filter(staffMail(ticket.number))).toHaveLength(1);

    // The rest of the story, so the recorded history holds every new step.
    await desk.api('POST', `/api/tickets/${ticket.number}/workaround`, { body: { kind: 'workaround', note: '先用笔记本的 HDMI 直连' } });
    await desk.api('POST', `/api/tickets/${ticket.number}/resolve`, { body: { resolutionNote: '更换了投影仪信号线' } });
    const closed = await desk.api('POST', `/api/tickets/${ticket.number}/close`, { token: 'alice', body: {} });
    expect(closed.body.status).toBe('closed');
    if (process.env.RECORD_HISTORIES?.startsWith('ticket-milestones')) {
      // The CLI writes the canonical proto3 JSON that replay.test.ts reads back.
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', `ticket-${ticket.number}`, '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync(join('test/fixtures/histories', `${process.env.RECORD_HISTORIES}.json`), json);
    }
  });

  it('moves a visit keeping its clock, and cancelling stops the clock and tells the requester', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...outage, title: '分公司网络中断', priority: 'P3' } });
    const first = await desk.api('POST', `/api/tickets/${ticket.number}/visits`, { body: { scheduledAt: inSeconds(600), place: '上海分公司', site: 'other-office' } });
    expect(clock(first.body, 'arrival')).toMatchObject({ state: 'running', targetSeconds: 3600, episode: 1 });
    // Moving needs a reason; the promise made at the first booking stands (same episode, same target).
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/visits`, { body: { scheduledAt: inSeconds(900), place: '上海分公司', site: 'other-office' } })).status).toBe(422);
    const moved = await desk.api('POST', `/api/tickets/${ticket.number}/visits`, {
      body: { scheduledAt: inSeconds(900), place: '上海分公司 5 楼', site: 'other-office', reason: '请求人下午才在' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.visits).toMatchObject([{ id: 1, status: 'rescheduled' }, { id: 2, status: 'booked', replaces: 1 }]);
    expect(clock(moved.body, 'arrival')).toMatchObject({ state: 'running', targetSeconds: 3600, episode: 1 });
    await desk.smtp.waitFor(toRequester(ticket.number, /上门服务已改期|rescheduled/), 20_000);

    const cancelled = await desk.api('POST', `/api/tickets/${ticket.number}/cancel-visit`, { body: { reason: '远程已解决网络问题' } });
    expect(cancelled.status).toBe(200);
    expect(clock(cancelled.body, 'arrival').state).toBe('stopped');
    expect(cancelled.body.visits[1]).toMatchObject({ status: 'cancelled', endReason: '远程已解决网络问题' });
    const mail = await desk.smtp.waitFor(toRequester(ticket.number, /上门服务已取消|visit cancelled/), 20_000);
    expect(mail.parsed.text).toContain('远程已解决网络问题');
  });
});

describe('tickets planned before issue #12', () => {
  /**
   * A ticket as it runs on since before this change: carried over (as continue-as-new does) with
   * a plan that has no workaround, confirmation or visit fields.
   */
  async function ticketWithOldPlan(title: string): Promise<string> {
    const { body: fresh } = await desk.api('POST', '/api/tickets', { body: { ...outage, title, priority: 'P3' } });
    const { body: view } = await desk.api('GET', `/api/tickets/${fresh.number}`);
    await desk.api('POST', `/api/tickets/${fresh.number}/cancel`, { body: { reason: 'stands in for an older ticket' } });
    const { workaroundMeets: _w, resolutionEndsAt: _r, visits: _v, ...oldPlan } = planTicket(desk.config.current(), view.intake, { priority: 'P3', group: view.group });
    const { sla, slaComputedAt, breached: _b, configVersion: _c, slaPolicy: _p, nextEscalation: _n, ...rest } = view;
    const number = fresh.number.replace('-', '-9');
    const state: TicketState = { ...rest, number, plan: oldPlan, schedule: [], mail: { ...view.mail, pendingNotices: [] } };
    const input: TicketWorkflowInput = { number, intake: view.intake, storeTaskQueue: desk.settings.taskQueues.store, carried: { state, clockViews: sla, slaComputedAt } };
    await desk.client.workflow.start('ticketWorkflow', { taskQueue: desk.settings.taskQueues.tickets, workflowId: `ticket-${number}`, args: [input] });
    return number;
  }

  it('resolves as before: the resolution clock is met at resolve although the policy now ends it at confirmation', async () => {
    const number = await ticketWithOldPlan('旧工单：显示器闪烁');
    const resolved = await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '更换了线缆' } });
    expect(resolved.status).toBe(200);
    expect(clock(resolved.body, 'resolution')).toMatchObject({ state: 'met' });
    expect(clock(resolved.body, 'resolution').metBy).toBeUndefined();
  });

  it('gains workarounds and visits: the policy is asked for once and kept in the plan', async () => {
    const number = await ticketWithOldPlan('旧工单：共享盘无法访问');
    const recorded = await desk.api('POST', `/api/tickets/${number}/workaround`, { body: { kind: 'workaround', note: '先用网页版访问共享盘' } });
    expect(recorded.status).toBe(200);
    expect(clock(recorded.body, 'resolution')).toMatchObject({ state: 'met', metBy: 'workaround' });
    const booked = await desk.api('POST', `/api/tickets/${number}/visits`, { body: { scheduledAt: inSeconds(600), place: '上海分公司', site: 'other-office' } });
    expect(clock(booked.body, 'arrival')).toMatchObject({ state: 'running', targetSeconds: 3600 });
    await desk.smtp.waitFor(toRequester(number, /已安排上门服务|On-site visit booked/), 20_000);

    // Resolving ends the booked visit and stops its clock; the workaround's met clock stays met.
    const resolved = await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '更换了交换机端口' } });
    expect(clock(resolved.body, 'arrival').state).toBe('stopped');
    expect(resolved.body.visits[0]).toMatchObject({ status: 'cancelled', endReason: 'the ticket was resolved' });
    expect(clock(resolved.body, 'resolution')).toMatchObject({ state: 'met', metBy: 'workaround' });

    const history = await desk.client.workflow.getHandle(`ticket-${number}`).fetchHistory();
    const asked = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'servicePolicy');
    expect(asked).toHaveLength(1);
  });
});

describe('the workbench', () => {
  it('books a visit in desk time, records the arrival and a workaround from the ticket page', async () => {
    const agent = await signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' });
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...outage, title: '打印机不能用', priority: 'P3' } });
    const page = await agent.get(`/desk/tickets/${ticket.number}`);
    expect(page.text).toContain('Book an on-site visit');
    expect(page.text).toContain('No workaround or visit recorded.');

    // Tomorrow 10:00 on the desk's clock, as a browser's datetime-local sends it.
    const zone = deskTimeZone(desk.config.current());
    const day = formatDeskTime(new Date(Date.now() + 86_400_000), zone).slice(0, 10);
    expect((await agent.post(`/desk/tickets/${ticket.number}/visits`, { scheduledAt: `${day}T10:00`, place: 'B2 会议室', site: 'same-site' })).status).toBe(303);
    const { body: booked } = await desk.api('GET', `/api/tickets/${ticket.number}`);
    expect(formatDeskTime(booked.visits[0].scheduledAt, zone)).toBe(`${day} 10:00`);
    expect(booked.visits[0]).toMatchObject({ place: 'B2 会议室', site: 'same-site', status: 'booked', bookedBy: { id: 'li.na' } });

    const withVisit = await agent.get(`/desk/tickets/${ticket.number}`);
    expect(withVisit.text).toContain('Record the arrival on site');
    expect(withVisit.text).toContain('On-site arrival');
    expect((await agent.post(`/desk/tickets/${ticket.number}/arrival`, {})).status).toBe(303);
    expect((await agent.post(`/desk/tickets/${ticket.number}/workaround`, { kind: 'containment', note: '已断开故障打印机' })).status).toBe(303);
    const { body: after } = await desk.api('GET', `/api/tickets/${ticket.number}`);
    expect(after.visits[0].status).toBe('arrived');
    expect(clock(after, 'arrival').state).toBe('met');
    expect(after.workarounds).toMatchObject([{ kind: 'containment', note: '已断开故障打印机' }]);
    const finalPage = await agent.get(`/desk/tickets/${ticket.number}`);
    expect(finalPage.text).toContain('已断开故障打印机');
    expect(finalPage.text).not.toContain('Record the arrival on site');
  });
});
