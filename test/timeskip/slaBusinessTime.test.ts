// Business-hour SLAs of the shipped config (office-shanghai calendar, standard policy) on the
// Java time-skipping test server: weekends, holidays, lunch breaks and quiet hours pass in
// seconds of real time, and every instant is checked in Asia/Shanghai to the minute.
import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CalendarsSchema } from '../../config/schema/calendars';
import { addBusinessSeconds, businessSecondsBetween, compileCalendar, describeInstant, isWorkingInstant } from '../../sla/calendar';
import type { TicketView } from '../../ticket/state';
import { getTicketQuery, ticketWorkflowId } from '../../workflows/messages';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { aboutTicket } from '../support/smtpSink';
import { connectTimeSkippingClock, type TimeSkippingClock } from '../support/timeSkippingServer';
import { nondeterminismFailures } from '../support/workflowTaskFailures';

const H = 3600_000;
const DAY = 24 * H;
const shippedCalendars = parse(readFileSync('config/calendars.yaml', 'utf8'));
const office = compileCalendar('office-shanghai', CalendarsSchema.parse(shippedCalendars).calendars['office-shanghai']);
const local = (at: string | number | Date) => describeInstant(office, new Date(at));
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const dayOf = (ms: number) => local(ms).slice(0, 10);
const addDays = (day: string, n: number) => dayOf(at(day, '12:00') + n * DAY);
/** A day the shipped calendar works normally (no holiday, no short day). */
const plainWorkday = (day: string) => ['09:30', '16:00'].every((t) => isWorkingInstant(office, new Date(at(day, t))));

/** The first `weekday` (1 = Monday … 5 = Friday) after `fromMs` whose week days `alsoPlain` are worked normally. */
function nextWeekday(fromMs: number, weekday: number, alsoPlain: number[] = []): string {
  for (let day = addDays(dayOf(fromMs), 1); ; day = addDays(day, 1)) {
    if (new Date(at(day, '12:00')).getUTCDay() !== weekday) continue;
    if ([0, ...alsoPlain].every((offset) => plainWorkday(addDays(day, offset)))) return day;
  }
}

let clock: TimeSkippingClock;
let desk: TestDesk;
let holidayMonday: string; // the week of the test holiday (Wednesday and Thursday off)

beforeAll(async () => {
  clock = await connectTimeSkippingClock(inject('temporalAddress'));
  // The server clock starts at wall-clock now and only moves forward, so the shipped 2026 list
  // may have no holiday ahead: add one (Wed–Thu, ten weeks out) to a copy of the shipped calendar.
  holidayMonday = nextWeekday((await clock.currentTimeMs()) + 70 * DAY, 1, [1, 2, 3, 4]);
  const calendars = structuredClone(shippedCalendars);
  const year = holidayMonday.slice(0, 4);
  const holidays = (calendars.calendars['office-shanghai'].holidays ??= {});
  (holidays[year] ??= []).push({ name: '测试假日', from: addDays(holidayMonday, 2), to: addDays(holidayMonday, 3) });
  // VIP requesters get the standard targets around the clock: the case where quiet hours matter.
  const sla = parse(readFileSync('config/sla.yaml', 'utf8'));
  const vip = structuredClone(sla.policies.standard);
  for (const priority of Object.keys(vip.targets)) vip.targets[priority].calendar = 'always';
  sla.policies.vip = vip;
  sla.overrides = [{ when: { vip: true }, policy: 'vip' }];
  // VIP status comes from the directory only (the API refuses a requester's own claim).
  const directory = `people:\n  - { email: ${VIP.email}, name: ${VIP.name}, department: 总经办, vip: true }\n`;
  desk = await startTestDesk('bizsla', { 'calendars.yaml': stringify(calendars), 'sla.yaml': stringify(sla), 'directory.yaml': directory }, 'BIZ');
}, 180_000);

/**
 * Runs `body` on workers without a workflow cache. The test server never times out a workflow
 * task left on a dead worker's sticky queue, so a case that restarts workers needs them (every
 * task then replays the whole history). Only such a case: without a cache, on a loaded machine a
 * clock-maths local activity often completes after its run was evicted and waits out its 10 s
 * timeout, so API calls took 10-12 s and four other cases ran into the 60 s test timeout.
 */
async function withoutWorkflowCache(body: () => Promise<void>): Promise<void> {
  const cached = desk.settings.worker.maxCachedWorkflows;
  desk.settings.worker.maxCachedWorkflows = 0;
  await desk.stopWorkers();
  await desk.startWorkers();
  try {
    await body();
  } finally {
    desk.settings.worker.maxCachedWorkflows = cached;
    await desk.stopWorkers();
    await desk.startWorkers();
  }
}
afterAll(async () => {
  await desk?.stop();
  await clock?.close();
});

const VIP = { name: '王总', email: 'boss@corp.example', department: '总经办', phone: '8000' };

// The server clock is global: a ticket a test leaves open keeps its clocks, and every later skip
// fires its timers (escalations, mails, full replays without a worker cache) in another test's
// time; a ticket whose workflow task cannot replay even stalls every later skip until those
// tests time out. So each test ends its own tickets (terminate needs no worker), and fails with
// the replay error if one of them hit it, where the cause is.
const openedInTest: string[] = [];
afterEach(async () => {
  const numbers = openedInTest.splice(0);
  const stuck = (await Promise.all(numbers.map((n) => nondeterminismFailures(desk.client, ticketWorkflowId(n))))).flat();
  await Promise.all(numbers.map((n) => desk.client.workflow.getHandle(ticketWorkflowId(n)).terminate('test over').catch((err: unknown) => {
    if (!(err instanceof WorkflowNotFoundError)) throw err; // not found: it had ended already
  })));
  expect(stuck, 'ticket workflows that could not replay their history').toEqual([]);
});

async function open(title: string, priority: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title, category: 'hardware', priority, ...extra } });
  expect(res.status).toBe(201);
  openedInTest.push(res.body.number);
  return res.body.number;
}
async function act(number: string, action: string, body: unknown) {
  const res = await desk.api('POST', `/api/tickets/${number}/${action}`, { body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
// The workflow's own view: the API recomputes clocks at the wall-clock now, which lags the
// skipped server time here.
const ticket = (number: string) => desk.client.workflow.getHandle(ticketWorkflowId(number)).query(getTicketQuery) as Promise<TicketView>;
const ledger = (t: TicketView, name: string) => t.clocks.find((c) => c.name === name)!;
const fired = (t: TicketView, clockName: string) => t.escalations.filter((e) => e.clock === clockName).map((e) => `${e.level}@${local(e.at).slice(0, 16)}`);
// Staff notices only: the requester's acknowledgement and progress mails are not escalations.
const mailsAbout = (number: string) => desk.smtp.messages.filter(aboutTicket(`[${number}]`, [alice.email]));

describe('business-hour SLAs on the time-skipping server', () => {
  it('breaches a P3 opened Friday 17:00 on Monday at 10:00 (1 h Friday + 1 h Monday)', async () => {
    const friday = nextWeekday(await clock.currentTimeMs(), 5, [3]);
    const monday = addDays(friday, 3);
    await clock.skipTo(at(friday, '17:00'));
    const number = await open('打印机卡纸', 'P3');
    await clock.skipTo(at(monday, '10:01'));

    const t = await ticket(number);
    const response = ledger(t, 'response');
    expect(local(response.startedAt)).toMatch(`${friday}T17:00`);
    expect(response.breachedAt).toBe(addBusinessSeconds(office, new Date(response.startedAt), 2 * 3600).toISOString());
    expect(local(response.breachedAt!)).toMatch(`${monday}T10:00`);
    // The 75 % warning fell at 09:30, the breach at 10:00; the weekend counted for nothing.
    expect(fired(t, 'response')).toEqual([`75%@${monday}T09:30`, `100%@${monday}T10:00`]);
    // The printer ticket was given to a desktop engineer at intake: they get the warning and the
    // breach, the group's escalation contact the breach.
    const assigneeMail = `${t.assignee}@corp.example`;
    expect(t.escalations.at(-1)).toMatchObject({ level: '100%', notified: [assigneeMail, 'desktop-lead@corp.example'] });
    // Recorded when the workflow task ran: while a task waits for the worker the server clock
    // runs at wall pace, so on a loaded machine this lags the threshold by seconds, never minutes
    // (a polling bug would be minutes off, and `fired` above is already exact to the minute).
    const lag = Date.parse(t.escalations.at(-1)!.at) - Date.parse(response.breachedAt!);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60_000);
    const mail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${number}]`) && /BREACHED/.test(m.subject)), 10_000);
    expect(mail.envelope.rcptTo).toEqual([assigneeMail, 'desktop-lead@corp.example']);
    expect(mail.parsed.text).toContain(`threshold at ${response.breachedAt}`);
    expect(mailsAbout(number)).toHaveLength(2); // the 75 % warning to the assignee, then the breach

    // The same story from GET /api/tickets/{number}/sla, in the calendar's zone.
    const explained = await desk.api('GET', `/api/tickets/${number}/sla`);
    expect(explained.status).toBe(200);
    expect(explained.body.clocks[0]).toMatchObject({ clock: 'response', timeZone: 'Asia/Shanghai', breached: true, breachedAt: local(response.breachedAt!) });
    expect(explained.body.clocks[0].fired.map((f: any) => f.level)).toEqual(['75%', '100%']);
    expect((await desk.api('GET', `/api/tickets/${number}/sla`, { token: 'bob' })).status).toBe(404);
    expect((await desk.api('GET', `/api/tickets/${number}/sla`, { token: 'alice' })).status).toBe(200);
  });

  it('counts neither the pause nor the holiday while pending on the requester across a holiday', async () => {
    const monday = holidayMonday;
    const [tuesday, friday] = [addDays(monday, 1), addDays(monday, 4)];
    await clock.skipTo(at(monday, '17:00'));
    const number = await open('显示器闪烁', 'P3');
    await act(number, 'respond', { message: '请拍一段闪烁的视频发给我们' });
    await clock.skipTo(at(tuesday, '11:00'));
    await act(number, 'pend', { reason: 'requester', note: '等待用户提供视频' });
    await clock.skipTo(at(friday, '10:00')); // Wednesday and Thursday are the holiday
    await act(number, 'resume', { note: '视频已收到' });

    const resumed = ledger(await ticket(number), 'resolution');
    const [pause] = resumed.pauses;
    expect([local(pause.from).slice(0, 16), local(pause.to!).slice(0, 16)]).toEqual([`${tuesday}T11:00`, `${friday}T10:00`]);
    // 1 h Monday + 2 h Tuesday morning; nothing of the pause, nothing of the holiday.
    expect(resumed.consumedSeconds).toBe(businessSecondsBetween(office, new Date(resumed.startedAt), new Date(pause.from)));
    expect(Math.abs(resumed.consumedSeconds - 3 * 3600)).toBeLessThan(60);

    await clock.skipTo(at(friday, '16:31'));
    const t = await ticket(number);
    // 5 h left from Friday 10:00: 10–12 and 13:30–16:30. The 75 % mark (6 h) came at 14:30.
    expect(local(ledger(t, 'resolution').breachedAt!)).toMatch(`${friday}T16:30`);
    expect(fired(t, 'resolution')).toEqual([`75%@${friday}T14:30`, `100%@${friday}T16:30`]);
  });

  it('applies a new priority target to the business time already consumed', async () => {
    const monday = nextWeekday(await clock.currentTimeMs(), 1, [1]);
    await clock.skipTo(at(monday, '09:00'));
    const [quarter, halfway] = [await open('邮件客户端崩溃', 'P3'), await open('共享盘无法访问', 'P3')];
    for (const number of [quarter, halfway]) await act(number, 'respond', { message: '已收到，正在排查' });

    const cases = [
      // 2 h of 8 consumed; P2's 4 h run 24×7, so the 2 h left run through the lunch break.
      { number: quarter, changeAt: '11:00', consumedHours: 2, lookAt: '13:01', breachAt: `${monday}T13:00` },
      // Halfway: the 4 h consumed already meet P2's whole target, so it breaches at once.
      { number: halfway, changeAt: '14:30', consumedHours: 4, lookAt: '14:31', breachAt: `${monday}T14:30` },
    ];
    for (const c of cases) {
      await clock.skipTo(at(monday, c.changeAt));
      await act(c.number, 'priority', { priority: 'P2', reason: '影响整个部门' });
      const changed = ledger(await ticket(c.number), 'resolution');
      expect(changed).toMatchObject({ calendarId: 'always', targetSeconds: 4 * 3600 });
      // Between skips the server clock runs in real time; on a loaded machine an update takes seconds.
      expect(Math.abs(changed.consumedSeconds - c.consumedHours * 3600)).toBeLessThan(60);
      await clock.skipTo(at(monday, c.lookAt));
      const t = await waitUntil('the resolution breach', async () => {
        const view = await ticket(c.number);
        return ledger(view, 'resolution').breachedAt ? view : undefined;
      });
      expect(local(ledger(t, 'resolution').breachedAt!)).toMatch(c.breachAt);
      expect(t.escalations.filter((e) => e.clock === 'resolution' && e.level === '100%')).toHaveLength(1);
    }
  });

  it('breaches the P1 update interval once per interval without an update to the requester', async () => {
    const number = await open('核心交换机宕机', 'P1', { category: 'network' });
    await act(number, 'assign', { assignee: 'zhang.wei' });
    await act(number, 'respond', { message: '网络组已到场' });
    const first = ledger(await ticket(number), 'update');
    await clock.skip(31 * 60_000);
    await act(number, 'comments', { body: '已更换故障板卡，观察中', visibility: 'public' });
    await clock.skip(31 * 60_000);

    const t = await ticket(number);
    const breaches = t.escalations.filter((e) => e.clock === 'update');
    expect(breaches.map((e) => e.episode)).toEqual([first.episode, first.episode + 1]);
    expect(breaches.every((e) => e.level === '100%' && e.notified.join() === 'zhang.wei@corp.example')).toBe(true);
    // 30 minutes after the response: never before the ledger's promise.
    expect(Date.parse(breaches[0].at) - Date.parse(first.startedAt)).toBeGreaterThanOrEqual(30 * 60_000);
    // Plus the wall time the workflow task waited for a worker (see the first case).
    expect(Date.parse(breaches[0].at) - Date.parse(first.startedAt)).toBeLessThan(30 * 60_000 + 60_000);
    const updateMails = () => mailsAbout(number).filter((m) => m.subject?.includes('progress update'));
    await waitUntil('both update-breach mails', () => (updateMails().length >= 2 ? true : undefined));
    expect(updateMails()).toHaveLength(2);
  });

  it('holds a quiet 24×7 P3 warning until the next working morning, but never a P1 breach', async () => {
    const friday = nextWeekday(await clock.currentTimeMs(), 5, [3]);
    const monday = addDays(friday, 3);
    await clock.skipTo(at(friday, '17:00'));
    // Routing raises a VIP's priority one level: P4 asked, P3 given, on the 24×7 VIP policy.
    const vip = await open('总经理笔记本无法开机', 'P4', { requester: VIP });
    expect(await ticket(vip)).toMatchObject({ priority: 'P3', slaPolicy: 'vip' });
    await act(vip, 'assign', { assignee: 'chen.jie' });
    await clock.skipTo(at(friday, '17:50'));
    const p1 = await open('生产线 MES 全部停止', 'P1', { category: 'business-app' });
    await clock.skipTo(at(friday, '18:40'));

    // The P1 response breach (18:05) went out at once, after office hours.
    expect(fired(await ticket(p1), 'response')).toContain(`100%@${friday}T18:05`);
    // The VIP P3 passed 75 % at 18:30 but its quiet warning was not sent; the breach at 19:00
    // (not quiet) is what comes next.
    const held = await ticket(vip);
    expect(fired(held, 'response')).toEqual([]);
    expect(held.nextEscalation).toMatchObject({ clock: 'response', level: '100%' });
    expect(local(held.nextEscalation!.fireAt)).toBe(local(held.nextEscalation!.thresholdAt));
    expect(local(held.nextEscalation!.fireAt)).toMatch(`${friday}T19:00`);

    await clock.skipTo(at(monday, '09:01'));
    // The breach itself (19:00 Friday) is not quiet; the held warning would only have come on
    // Monday, after the breach notice, so it is dropped rather than sent late.
    expect(fired(await ticket(vip), 'response')).toEqual([`100%@${friday}T19:00`]);
  });

  it('fires each level exactly once across worker restarts and full replays', () => withoutWorkflowCache(async () => {
    const monday = nextWeekday(await clock.currentTimeMs(), 1, [1]);
    const tuesday = addDays(monday, 1);
    await clock.skipTo(at(monday, '09:00'));
    const number = await open('财务软件报错 0x80070005', 'P3');
    await act(number, 'assign', { assignee: 'liu.yang' });
    await clock.skipTo(at(monday, '10:45')); // response 75 %

    await desk.stopWorkers();
    await desk.startWorkers(); // a fresh process replays the ticket from its history
    await clock.skipTo(at(monday, '11:01')); // response breach

    await desk.stopWorkers();
    // Resolution 75 %, breach and +2 h pass while no worker runs: the server's timers fire and
    // the workflow tasks wait, so time stands still until the worker is back.
    const skipping = clock.skipTo(at(tuesday, '11:31'));
    await desk.startWorkers();
    await skipping;

    await desk.stopWorkers();
    await desk.startWorkers();
    await act(number, 'comments', { body: '内部备注：已重装', visibility: 'internal' }); // one more full replay

    const t = await ticket(number);
    expect(fired(t, 'response')).toEqual([`75%@${monday}T10:30`, `100%@${monday}T11:00`]);
    expect(fired(t, 'resolution')).toEqual([`75%@${monday}T16:30`, `100%@${tuesday}T09:30`, `+2h@${tuesday}T11:30`]);
    await waitUntil('five notices', () => (mailsAbout(number).length >= 5 ? true : undefined));
    expect(mailsAbout(number).map((m) => m.envelope.rcptTo.join())).toEqual([
      'liu.yang@corp.example',
      'liu.yang@corp.example,desktop-lead@corp.example',
      'liu.yang@corp.example',
      'liu.yang@corp.example,desktop-lead@corp.example',
      'it-manager@corp.example',
    ]);
  }));
});
