// SLA clock ledgers on the shipped calendars (24×7 and office-shanghai with the 2026 China
// holidays): due instants, pauses over lunch, weekends and National Day, retargets, reopen,
// restart, due-time stability and the escalation schedule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CalendarsSchema } from '../../config/schema/calendars';
import { calendarLookup } from '../../sla/calendarLookup';
import {
  applyClockEvent,
  scheduleLevels,
  settle,
  startClock,
  viewClock,
  type ClockEvent,
  type ClockLedger,
  type ClockName,
  type LevelSpec,
} from '../../sla/clock';

const calendars = calendarLookup(CalendarsSchema.parse(parse(readFileSync('config/calendars.yaml', 'utf8'))));
const office = calendars('office-shanghai');
const always = calendars('always');

const MINUTE = 60;
const HOUR = 3600;
type CalendarId = 'always' | 'office-shanghai';

/** Wall time in Shanghai, e.g. at('2026-09-30 10:00') or at('2026-09-30 10:00:00.250'). */
function at(local: string): Date {
  const [date, time] = local.split(' ');
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${withSeconds}+08:00`);
}
const isoAt = (local: string) => at(local).toISOString();

/** Applies events one by one, each at its own instant (as the workflow does). */
function replay(ledgers: ClockLedger[], steps: Array<[string, ClockEvent]>): ClockLedger[] {
  return steps.reduce((current, [when, event]) => applyClockEvent(current, event, at(when), calendars), ledgers);
}
function only(ledgers: ClockLedger[], name: ClockName = 'resolution'): ClockLedger {
  const ledger = ledgers.find((l) => l.name === name);
  if (!ledger) throw new Error(`no ${name} clock`);
  return ledger;
}
function started(calendarId: CalendarId, targetSeconds: number, when: string, name: ClockName = 'resolution'): ClockLedger[] {
  return applyClockEvent([], { type: 'start', clock: name, calendarId, targetSeconds }, at(when), calendars);
}

describe('starting a clock', () => {
  const cases: Array<{ name: string; given: { calendar: CalendarId; targetSeconds: number; startAt: string }; expect: { dueAt: string } }> = [
    {
      name: 'a P1 response on the 24×7 calendar is due 15 minutes later, holiday or not',
      given: { calendar: 'always', targetSeconds: 15 * MINUTE, startAt: '2026-10-01 23:50' },
      expect: { dueAt: '2026-10-02 00:05' },
    },
    {
      name: 'a P2 resolution on the 24×7 calendar runs through the night',
      given: { calendar: 'always', targetSeconds: 4 * HOUR, startAt: '2026-09-11 22:30' },
      expect: { dueAt: '2026-09-12 02:30' },
    },
    {
      name: 'office time that runs out exactly at the lunch break is due at 12:00, not after lunch',
      given: { calendar: 'office-shanghai', targetSeconds: 2 * HOUR, startAt: '2026-09-30 10:00' },
      expect: { dueAt: '2026-09-30 12:00' },
    },
    {
      name: 'office time skips the lunch break',
      given: { calendar: 'office-shanghai', targetSeconds: 2 * HOUR, startAt: '2026-09-30 11:00' },
      expect: { dueAt: '2026-09-30 14:30' },
    },
    {
      name: 'a ticket opened the day before National Day is due after the holiday week',
      given: { calendar: 'office-shanghai', targetSeconds: 8 * HOUR, startAt: '2026-09-30 10:00' },
      expect: { dueAt: '2026-10-08 10:30' },
    },
    {
      name: 'a ticket opened on Friday afternoon is due on the make-up Saturday after National Day',
      given: { calendar: 'office-shanghai', targetSeconds: 2 * HOUR, startAt: '2026-10-09 17:00' },
      expect: { dueAt: '2026-10-10 10:00' },
    },
    {
      name: 'a ticket opened on a plain Saturday is due on the make-up Sunday before National Day',
      given: { calendar: 'office-shanghai', targetSeconds: 2 * HOUR, startAt: '2026-09-19 15:00' },
      expect: { dueAt: '2026-09-20 11:00' },
    },
    {
      name: 'a ticket opened during the holiday starts counting on the first working morning',
      given: { calendar: 'office-shanghai', targetSeconds: 4 * HOUR, startAt: '2026-10-03 20:00' },
      expect: { dueAt: '2026-10-08 14:30' },
    },
    {
      name: 'a ticket opened on an ordinary weekend is due on Monday',
      given: { calendar: 'office-shanghai', targetSeconds: 7.5 * HOUR + 30 * MINUTE, startAt: '2026-09-12 10:00' },
      expect: { dueAt: '2026-09-15 09:30' },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const ledger = only(started(given.calendar, given.targetSeconds, given.startAt));
    expect(ledger).toMatchObject({ state: 'running', consumedSeconds: 0, episode: 1, pauses: [], firedLevels: [], startedAt: isoAt(given.startAt) });
    const view = viewClock(ledger, at(given.startAt), calendars);
    expect(view).toMatchObject({ dueAt: isoAt(want.dueAt), remainingSeconds: given.targetSeconds, breached: false, pausedSeconds: 0 });
  });

  it('starting a clock again replaces it and leaves the other clocks alone', () => {
    const both = [...started('office-shanghai', 2 * HOUR, '2026-09-14 09:00', 'response'), ...started('office-shanghai', 8 * HOUR, '2026-09-14 09:00')];
    const restartedResponse = applyClockEvent(both, { type: 'start', clock: 'response', calendarId: 'always', targetSeconds: 15 * MINUTE }, at('2026-09-14 10:00'), calendars);
    expect(restartedResponse).toHaveLength(2);
    expect(only(restartedResponse, 'response')).toMatchObject({ calendarId: 'always', targetSeconds: 900, runningSince: isoAt('2026-09-14 10:00') });
    expect(only(restartedResponse)).toBe(only(both));
  });
});

describe('pausing and resuming on the office calendar', () => {
  const cases: Array<{
    name: string;
    given: { startAt: string; steps: Array<[string, ClockEvent]>; readAt: string };
    expect: { consumedSeconds: number; state: ClockLedger['state']; pauses: Array<{ from: string; to?: string; reason: string }> };
  }> = [
    {
      name: 'a running clock does not count the lunch break',
      given: { startAt: '2026-09-30 11:30', steps: [], readAt: '2026-09-30 14:00' },
      expect: { consumedSeconds: HOUR, state: 'running', pauses: [] },
    },
    {
      name: 'pauses the resolution clock over lunch while pending on the requester',
      given: {
        startAt: '2026-09-30 11:00',
        steps: [
          ['2026-09-30 11:45:30', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-30 14:00', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-09-30 15:00',
      },
      expect: {
        consumedSeconds: 45 * MINUTE + 30 + HOUR,
        state: 'running',
        pauses: [{ from: isoAt('2026-09-30 11:45:30'), to: isoAt('2026-09-30 14:00'), reason: 'requester' }],
      },
    },
    {
      name: 'a running clock counts nothing over an ordinary weekend',
      given: { startAt: '2026-09-11 17:00', steps: [], readAt: '2026-09-14 09:30' },
      expect: { consumedSeconds: HOUR + 30 * MINUTE, state: 'running', pauses: [] },
    },
    {
      name: 'pauses over a weekend while pending on the vendor',
      given: {
        startAt: '2026-09-11 17:00',
        steps: [
          ['2026-09-11 17:30:15', { type: 'pause', clock: 'resolution', reason: 'vendor' }],
          ['2026-09-14 09:00', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-09-14 09:20',
      },
      expect: {
        consumedSeconds: 30 * MINUTE + 15 + 20 * MINUTE,
        state: 'running',
        pauses: [{ from: isoAt('2026-09-11 17:30:15'), to: isoAt('2026-09-14 09:00'), reason: 'vendor' }],
      },
    },
    {
      name: 'a running clock counts the make-up Sunday before National Day as a full working day',
      given: { startAt: '2026-09-18 17:00', steps: [], readAt: '2026-09-21 09:30' },
      expect: { consumedSeconds: HOUR + 7.5 * HOUR + 30 * MINUTE, state: 'running', pauses: [] },
    },
    {
      name: 'a running clock counts nothing during the National Day holiday',
      given: { startAt: '2026-09-30 16:00', steps: [], readAt: '2026-10-08 09:30' },
      expect: { consumedSeconds: 2 * HOUR + 30 * MINUTE, state: 'running', pauses: [] },
    },
    {
      name: 'pauses across National Day while awaiting approval, then counts the make-up Saturday',
      given: {
        startAt: '2026-09-30 16:00',
        steps: [
          ['2026-09-30 17:00', { type: 'pause', clock: 'resolution', reason: 'approval' }],
          ['2026-10-09 10:00', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-10-10 09:15',
      },
      expect: {
        consumedSeconds: HOUR + (2 * HOUR + 4.5 * HOUR) + 15 * MINUTE,
        state: 'running',
        pauses: [{ from: isoAt('2026-09-30 17:00'), to: isoAt('2026-10-09 10:00'), reason: 'approval' }],
      },
    },
    {
      name: 'a clock still paused keeps its consumption and an open pause',
      given: {
        startAt: '2026-09-30 09:00',
        steps: [['2026-09-30 09:10:05', { type: 'pause', clock: 'resolution', reason: 'requester' }]],
        readAt: '2026-10-09 12:00',
      },
      expect: { consumedSeconds: 10 * MINUTE + 5, state: 'paused', pauses: [{ from: isoAt('2026-09-30 09:10:05'), reason: 'requester' }] },
    },
    {
      name: 'pausing a paused clock and resuming a running one change nothing',
      given: {
        startAt: '2026-09-14 09:00',
        steps: [
          ['2026-09-14 09:30', { type: 'resume', clock: 'resolution' }],
          ['2026-09-14 10:00', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-14 10:30', { type: 'pause', clock: 'resolution', reason: 'vendor' }],
          ['2026-09-14 11:00', { type: 'resume', clock: 'resolution' }],
          ['2026-09-14 11:15', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-09-14 11:30',
      },
      expect: {
        consumedSeconds: HOUR + 30 * MINUTE,
        state: 'running',
        pauses: [{ from: isoAt('2026-09-14 10:00'), to: isoAt('2026-09-14 11:00'), reason: 'requester' }],
      },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const ledger = only(replay(started('office-shanghai', 40 * HOUR, given.startAt), given.steps));
    expect(ledger.pauses).toEqual(want.pauses);
    const view = viewClock(ledger, at(given.readAt), calendars);
    expect(view).toMatchObject({ consumedSeconds: want.consumedSeconds, state: want.state, remainingSeconds: 40 * HOUR - want.consumedSeconds });
    const expectedPausedSeconds = want.pauses.reduce(
      (sum, p) => sum + ((p.to ? new Date(p.to) : at(given.readAt)).getTime() - new Date(p.from).getTime()) / 1000,
      0,
    );
    expect(view.pausedSeconds).toBe(expectedPausedSeconds);
    // While paused there is no due instant: the target is not approaching.
    expect(view.dueAt === null).toBe(want.state !== 'running');
  });
});

describe('any sequence of pauses, resumes, reads and reopenings', () => {
  // Seeded, so a failure names a sequence that can be replayed.
  function mulberry32(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  const cases = (['always', 'office-shanghai'] as const).flatMap((calendarId) =>
    seeds.map((seed) => ({ given: { calendarId, seed }, expect: 'consumed equals the business time of the running stretches' })),
  );

  it.each(cases)('on $given.calendarId, seed $given.seed: $expect', ({ given }) => {
    const random = mulberry32(given.seed);
    const calendar = calendars(given.calendarId);
    // Whole seconds between events (up to three days), starting on a random instant of September 2026.
    let now = at('2026-09-01 00:00').getTime() + Math.floor(random() * 30 * 24 * HOUR) * 1000;
    let ledgers = applyClockEvent([], { type: 'start', clock: 'resolution', calendarId: given.calendarId, targetSeconds: 1000 * HOUR }, new Date(now), calendars);
    // The oracle: the running stretches, measured one by one on the calendar.
    let runningFrom: number | null = now;
    let measured = 0;
    let pauses = 0;
    for (let step = 0; step < 60; step++) {
      now += Math.floor(1 + random() * (random() < 0.5 ? 4 * HOUR : 3 * 24 * HOUR)) * 1000;
      const roll = random();
      const event: ClockEvent | 'read' =
        roll < 0.3
          ? { type: 'pause', clock: 'resolution', reason: random() < 0.5 ? 'requester' : 'vendor' }
          : roll < 0.6
            ? { type: 'resume', clock: 'resolution' }
            : roll < 0.7
              ? { type: 'meet', clock: 'resolution' }
              : roll < 0.8
                ? // A retarget settles mid-stretch without changing anything the oracle sees.
                  { type: 'retarget', clock: 'resolution', calendarId: given.calendarId, targetSeconds: 1000 * HOUR }
                : 'read';
      if (event === 'read') {
        const running = runningFrom !== null ? calendar.secondsBetween(new Date(runningFrom), new Date(now)) : 0;
        expect(viewClock(only(ledgers), new Date(now), calendars).consumedSeconds).toBe(measured + running);
        continue;
      }
      const before = only(ledgers);
      ledgers = applyClockEvent(ledgers, event, new Date(now), calendars);
      const closesStretch = (event.type === 'pause' || event.type === 'meet') && runningFrom !== null;
      const opensStretch = event.type === 'resume' && runningFrom === null;
      if (closesStretch) {
        measured += calendar.secondsBetween(new Date(runningFrom!), new Date(now));
        runningFrom = null;
      }
      if (opensStretch) runningFrom = now;
      if (event.type === 'pause' && before.state === 'running') pauses++;
      const ledger = only(ledgers);
      expect(ledger.state === 'running').toBe(runningFrom !== null);
      if (runningFrom === null) expect(ledger.consumedSeconds).toBe(measured);
    }
    const running = runningFrom !== null ? calendar.secondsBetween(new Date(runningFrom), new Date(now)) : 0;
    const final = viewClock(only(ledgers), new Date(now), calendars);
    expect(final.consumedSeconds).toBe(measured + running);
    expect(only(ledgers).pauses).toHaveLength(pauses);
    expect(only(ledgers).pauses.every((p, i, all) => i === all.length - 1 || p.to !== undefined)).toBe(true);
  });
});

describe('settling a running clock', () => {
  it('carries the fraction of a second not yet counted to the next settle instead of dropping it', () => {
    const cases = [
      { given: { settleAt: ['2026-09-14 10:00:00.600', '2026-09-14 10:00:01.300', '2026-09-14 10:00:02.000'] }, expect: { consumedSeconds: 2 } },
      { given: { settleAt: ['2026-09-14 10:00:00.999', '2026-09-14 10:00:01.998', '2026-09-14 10:00:02.997'] }, expect: { consumedSeconds: 2 } },
      { given: { settleAt: ['2026-09-14 10:00:00.500', '2026-09-14 10:00:01.000', '2026-09-14 10:00:03.000'] }, expect: { consumedSeconds: 3 } },
    ];
    for (const { given, expect: want } of cases) {
      let ledger = only(started('office-shanghai', 8 * HOUR, '2026-09-14 10:00'));
      for (const when of given.settleAt) ledger = settle(ledger, at(when), calendars);
      expect(ledger.consumedSeconds).toBe(want.consumedSeconds);
    }
  });

  it('leaves a clock that is not running as it is', () => {
    const paused = only(replay(started('office-shanghai', 8 * HOUR, '2026-09-14 10:00'), [['2026-09-14 11:00', { type: 'pause', clock: 'resolution', reason: 'requester' }]]));
    expect(settle(paused, at('2026-09-15 11:00'), calendars)).toBe(paused);
  });
});

describe('changing priority (retarget)', () => {
  const cases: Array<{
    name: string;
    given: { calendar: CalendarId; startAt: string; target: number; retargetAt: string; newCalendar?: CalendarId; newTarget: number };
    expect: { consumedAtRetarget: number; dueAt: string };
  }> = [
    {
      name: 'P3 → P4 halfway through an office-hours resolution: the shorter target applies to the time consumed',
      given: { calendar: 'office-shanghai', startAt: '2026-09-14 09:00', target: 8 * HOUR, retargetAt: '2026-09-14 15:30', newTarget: 7.5 * HOUR },
      expect: { consumedAtRetarget: 5 * HOUR, dueAt: '2026-09-14 18:00' },
    },
    {
      name: 'P3 → P4 halfway through an office-hours response: the longer target moves the due time after the weekend',
      given: { calendar: 'office-shanghai', startAt: '2026-09-11 16:00', target: 2 * HOUR, retargetAt: '2026-09-11 17:00', newTarget: 4 * HOUR },
      expect: { consumedAtRetarget: HOUR, dueAt: '2026-09-14 11:00' },
    },
    {
      name: 'P2 → P1 halfway through a 24×7 resolution',
      given: { calendar: 'always', startAt: '2026-10-02 22:00', target: 4 * HOUR, retargetAt: '2026-10-03 00:00', newTarget: 2 * HOUR },
      expect: { consumedAtRetarget: 2 * HOUR, dueAt: '2026-10-03 00:00' },
    },
    {
      name: 'P3 → P2 during working hours moves the rest of the clock onto the 24×7 calendar',
      given: { calendar: 'office-shanghai', startAt: '2026-09-14 16:00', target: 8 * HOUR, retargetAt: '2026-09-14 17:00', newCalendar: 'always', newTarget: 4 * HOUR },
      expect: { consumedAtRetarget: HOUR, dueAt: '2026-09-14 20:00' },
    },
    {
      name: 'P3 → P2 in the evening: the evening before the change is not counted on the 24×7 calendar',
      given: { calendar: 'office-shanghai', startAt: '2026-09-14 16:00', target: 8 * HOUR, retargetAt: '2026-09-14 20:00', newCalendar: 'always', newTarget: 4 * HOUR },
      expect: { consumedAtRetarget: 2 * HOUR, dueAt: '2026-09-14 22:00' },
    },
    {
      name: 'P2 → P3 at night: the rest of the clock waits for office hours',
      given: { calendar: 'always', startAt: '2026-09-14 20:00', target: 4 * HOUR, retargetAt: '2026-09-14 21:00', newCalendar: 'office-shanghai', newTarget: 8 * HOUR },
      expect: { consumedAtRetarget: HOUR, dueAt: '2026-09-15 17:30' },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const before = only(started(given.calendar, given.target, given.startAt));
    const oldDue = viewClock(before, at(given.retargetAt), calendars).dueAt!;
    const after = only(
      applyClockEvent(
        [before],
        { type: 'retarget', clock: 'resolution', calendarId: given.newCalendar ?? given.calendar, targetSeconds: given.newTarget },
        at(given.retargetAt),
        calendars,
      ),
    );
    expect(after).toMatchObject({ consumedSeconds: want.consumedAtRetarget, targetSeconds: given.newTarget, state: 'running', episode: 1 });
    const view = viewClock(after, at(given.retargetAt), calendars);
    expect(view.dueAt).toBe(isoAt(want.dueAt));
    expect(view.remainingSeconds).toBe(given.newTarget - want.consumedAtRetarget);
    if (!given.newCalendar) {
      // Same calendar: the due instant moves by exactly the difference of the targets, in business time.
      const calendar = calendars(given.calendar);
      const [earlier, later] = [oldDue, view.dueAt!].map((d) => new Date(d)).sort((a, b) => a.getTime() - b.getTime());
      expect(calendar.secondsBetween(earlier, later)).toBe(Math.abs(given.newTarget - given.target));
    }
    // An hour later the clock has counted exactly the business hour after the change, on the new calendar.
    const hourLater = new Date(at(given.retargetAt).getTime() + HOUR * 1000);
    const newCalendar = calendars(given.newCalendar ?? given.calendar);
    expect(viewClock(after, hourLater, calendars).consumedSeconds).toBe(
      want.consumedAtRetarget + newCalendar.secondsBetween(at(given.retargetAt), hourLater),
    );
  });

  function breachedResponse(): ClockLedger {
    // P3 response (2h office) opened Monday 09:00, breached at 11:00; now 11:30 with both levels fired.
    const ledger = only(started('office-shanghai', 2 * HOUR, '2026-09-14 09:00', 'response'), 'response');
    return {
      ...ledger,
      breachedAt: isoAt('2026-09-14 11:00'),
      firedLevels: [
        { level: '75%', at: isoAt('2026-09-14 10:30') },
        { level: '100%', at: isoAt('2026-09-14 11:00') },
      ],
    };
  }
  const breachCases: Array<{ name: string; given: { newTarget: number }; expect: { breached: boolean; episode: number; firedLevels: string[]; dueAt: string | null } }> = [
    {
      name: 'a longer target after the breach clears the breach and starts a new episode',
      given: { newTarget: 4 * HOUR },
      expect: { breached: false, episode: 2, firedLevels: [], dueAt: '2026-09-14 14:30' },
    },
    {
      name: 'a longer target that is still behind the consumption keeps the breach',
      given: { newTarget: 2 * HOUR + 15 * MINUTE },
      // Past its target a clock reports the recorded breach instant as its due time.
      expect: { breached: true, episode: 1, firedLevels: ['75%', '100%'], dueAt: '2026-09-14 11:00' },
    },
    {
      name: 'a shorter target after the breach keeps the breach',
      given: { newTarget: HOUR },
      expect: { breached: true, episode: 1, firedLevels: ['75%', '100%'], dueAt: '2026-09-14 11:00' },
    },
  ];
  it.each(breachCases)('$name', ({ given, expect: want }) => {
    const after = only(
      applyClockEvent([breachedResponse()], { type: 'retarget', clock: 'response', calendarId: 'office-shanghai', targetSeconds: given.newTarget }, at('2026-09-14 11:30'), calendars),
      'response',
    );
    const view = viewClock(after, at('2026-09-14 11:30'), calendars);
    expect(after.consumedSeconds).toBe(2.5 * HOUR);
    expect(view).toMatchObject({ breached: want.breached, episode: want.episode, dueAt: want.dueAt && isoAt(want.dueAt) });
    expect(after.firedLevels.map((f) => f.level)).toEqual(want.firedLevels);
    expect(Boolean(after.breachedAt)).toBe(want.breached);
  });

  it('retargets a paused clock without counting the pause', () => {
    const ledgers = replay(started('office-shanghai', 8 * HOUR, '2026-09-14 09:00'), [
      ['2026-09-14 10:00', { type: 'pause', clock: 'resolution', reason: 'requester' }],
      ['2026-09-14 20:00', { type: 'retarget', clock: 'resolution', calendarId: 'always', targetSeconds: 4 * HOUR }],
      ['2026-09-15 08:00', { type: 'resume', clock: 'resolution' }],
    ]);
    const view = viewClock(only(ledgers), at('2026-09-15 08:00'), calendars);
    expect(view).toMatchObject({ consumedSeconds: HOUR, calendarId: 'always', targetSeconds: 4 * HOUR, dueAt: isoAt('2026-09-15 11:00') });
  });
});

describe('meeting, stopping, reopening and restarting', () => {
  const cases: Array<{
    name: string;
    given: { steps: Array<[string, ClockEvent]>; readAt: string };
    expect: Partial<Pick<ClockLedger, 'state' | 'consumedSeconds' | 'metAt' | 'episode' | 'runningSince' | 'startedAt'>> & {
      pauses?: ClockLedger['pauses'];
      dueAt: string | null;
      consumedAtRead: number;
    };
  }> = [
    {
      name: 'meeting a running clock settles it and records when it was met',
      given: { steps: [['2026-09-14 10:15', { type: 'meet', clock: 'resolution' }]], readAt: '2026-09-14 17:00' },
      expect: { state: 'met', consumedSeconds: 75 * MINUTE, metAt: isoAt('2026-09-14 10:15'), runningSince: null, dueAt: null, consumedAtRead: 75 * MINUTE },
    },
    {
      name: 'meeting a paused clock closes the pause',
      given: {
        steps: [
          ['2026-09-14 10:00', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-15 10:00', { type: 'meet', clock: 'resolution' }],
        ],
        readAt: '2026-09-16 10:00',
      },
      expect: {
        state: 'met',
        consumedSeconds: HOUR,
        metAt: isoAt('2026-09-15 10:00'),
        pauses: [{ from: isoAt('2026-09-14 10:00'), to: isoAt('2026-09-15 10:00'), reason: 'requester' }],
        dueAt: null,
        consumedAtRead: HOUR,
      },
    },
    {
      name: 'meeting a met clock again keeps the first time it was met',
      given: {
        steps: [
          ['2026-09-14 10:00', { type: 'meet', clock: 'resolution' }],
          ['2026-09-14 11:00', { type: 'meet', clock: 'resolution' }],
        ],
        readAt: '2026-09-14 12:00',
      },
      expect: { state: 'met', consumedSeconds: HOUR, metAt: isoAt('2026-09-14 10:00'), dueAt: null, consumedAtRead: HOUR },
    },
    {
      name: 'stopping a paused clock closes the pause and freezes the consumption',
      given: {
        steps: [
          ['2026-09-14 09:30', { type: 'pause', clock: 'resolution', reason: 'vendor' }],
          ['2026-09-14 16:00', { type: 'stop', clock: 'resolution' }],
        ],
        readAt: '2026-09-21 16:00',
      },
      expect: {
        state: 'stopped',
        consumedSeconds: 30 * MINUTE,
        pauses: [{ from: isoAt('2026-09-14 09:30'), to: isoAt('2026-09-14 16:00'), reason: 'vendor' }],
        dueAt: null,
        consumedAtRead: 30 * MINUTE,
      },
    },
    {
      name: 'a stopped clock cannot be met or resumed',
      given: {
        steps: [
          ['2026-09-14 10:00', { type: 'stop', clock: 'resolution' }],
          ['2026-09-14 11:00', { type: 'meet', clock: 'resolution' }],
          ['2026-09-14 12:00', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-09-14 17:00',
      },
      expect: { state: 'stopped', consumedSeconds: HOUR, dueAt: null, consumedAtRead: HOUR },
    },
    {
      name: 'reopening a resolved ticket resumes the resolution clock from the time already consumed',
      given: {
        steps: [
          ['2026-09-14 11:00', { type: 'meet', clock: 'resolution' }],
          ['2026-09-16 14:30', { type: 'resume', clock: 'resolution' }],
        ],
        readAt: '2026-09-16 16:30',
      },
      expect: {
        state: 'running',
        consumedSeconds: 2 * HOUR,
        metAt: undefined,
        episode: 1,
        runningSince: isoAt('2026-09-16 14:30'),
        dueAt: '2026-09-17 11:30',
        consumedAtRead: 4 * HOUR,
      },
    },
    {
      name: 'restarting the update clock after an update starts a new episode at zero',
      given: {
        steps: [
          ['2026-09-14 09:30', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-14 10:00', { type: 'resume', clock: 'resolution' }],
          ['2026-09-14 11:00', { type: 'restart', clock: 'resolution' }],
        ],
        readAt: '2026-09-14 11:30',
      },
      expect: {
        state: 'running',
        consumedSeconds: 0,
        episode: 2,
        pauses: [],
        startedAt: isoAt('2026-09-14 11:00'),
        runningSince: isoAt('2026-09-14 11:00'),
        dueAt: '2026-09-15 11:30',
        consumedAtRead: 30 * MINUTE,
      },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const ledger = only(replay(started('office-shanghai', 8 * HOUR, '2026-09-14 09:00'), given.steps));
    const { dueAt, consumedAtRead, ...fields } = want;
    expect(ledger).toMatchObject(fields);
    if ('metAt' in fields && fields.metAt === undefined) expect(ledger.metAt).toBeUndefined();
    const view = viewClock(ledger, at(given.readAt), calendars);
    expect(view.dueAt).toBe(dueAt && isoAt(dueAt));
    expect(view.consumedSeconds).toBe(consumedAtRead);
  });

  it('restarting keeps the target and calendar and forgets the levels fired in the last episode', () => {
    const update = { ...only(started('always', 30 * MINUTE, '2026-09-14 09:00', 'update'), 'update'), firedLevels: [{ level: '100%', at: isoAt('2026-09-14 09:30') }], breachedAt: isoAt('2026-09-14 09:30') };
    const restarted = only(applyClockEvent([update], { type: 'restart', clock: 'update' }, at('2026-09-14 09:40'), calendars), 'update');
    expect(restarted).toMatchObject({ calendarId: 'always', targetSeconds: 30 * MINUTE, episode: 2, firedLevels: [], consumedSeconds: 0 });
    expect(restarted.breachedAt).toBeUndefined();
    expect(viewClock(restarted, at('2026-09-14 09:40'), calendars).dueAt).toBe(isoAt('2026-09-14 10:10'));
  });

  it('an event for one clock leaves the other clocks untouched', () => {
    const clocks = [...started('office-shanghai', 2 * HOUR, '2026-09-14 09:00', 'response'), ...started('office-shanghai', 8 * HOUR, '2026-09-14 09:00')];
    const after = applyClockEvent(clocks, { type: 'pause', clock: 'resolution', reason: 'requester' }, at('2026-09-14 10:00'), calendars);
    expect(only(after, 'response')).toBe(only(clocks, 'response'));
    expect(only(after).state).toBe('paused');
  });
});

describe('the due instant of a running clock', () => {
  const cases: Array<{ name: string; given: { calendar: CalendarId; startAt: string; target: number; reads: string[] }; expect: { dueAt: string } }> = [
    {
      name: 'office hours, started on a fraction of a second, read through the day and the holiday',
      given: {
        calendar: 'office-shanghai',
        startAt: '2026-09-30 10:00:00.250',
        target: 8 * HOUR,
        reads: ['2026-09-30 10:00:00.600', '2026-09-30 10:00:01.400', '2026-09-30 11:59:59.999', '2026-09-30 12:45', '2026-09-30 17:59:59.300', '2026-09-30 19:00', '2026-10-03 12:00', '2026-10-08 10:00:00.100'],
      },
      expect: { dueAt: '2026-10-08 10:30:00.250' },
    },
    {
      name: '24×7, started on a fraction of a second, read every few hundred milliseconds',
      given: {
        calendar: 'always',
        startAt: '2026-10-01 08:00:00.700',
        target: 15 * MINUTE,
        reads: ['2026-10-01 08:00:00.900', '2026-10-01 08:00:01.650', '2026-10-01 08:00:02.401', '2026-10-01 08:07:30.999', '2026-10-01 08:14:59.999'],
      },
      expect: { dueAt: '2026-10-01 08:15:00.700' },
    },
  ];
  it.each(cases)('stays put across reads: $name', ({ given, expect: want }) => {
    let ledger = only(started(given.calendar, given.target, given.startAt));
    for (const read of given.reads) {
      // A read of the stored ledger, and a read after the workflow stored a ledger settled at that instant.
      expect(viewClock(ledger, at(read), calendars).dueAt).toBe(isoAt(want.dueAt));
      ledger = only(applyClockEvent([ledger], { type: 'retarget', clock: 'resolution', calendarId: given.calendar, targetSeconds: given.target }, at(read), calendars));
      expect(viewClock(ledger, at(read), calendars).dueAt).toBe(isoAt(want.dueAt));
    }
  });
});

describe('scheduling escalation levels on the office calendar', () => {
  const levels: LevelSpec[] = [
    { key: '50%', atPercent: 50, quiet: false },
    { key: '75%', atPercent: 75, quiet: true },
    { key: '90%', atPercent: 90, quiet: false },
    { key: '100%', atPercent: 100, quiet: false },
    { key: '+30m', afterSeconds: 30 * MINUTE, quiet: false },
  ];
  // P3 resolution, 8 business hours, opened Monday 14 September 09:00.
  const opened = () => started('office-shanghai', 8 * HOUR, '2026-09-14 09:00');
  type Row = { level: string; thresholdAt: string; fireAt?: string };
  const cases: Array<{ name: string; given: { ledgers: ClockLedger[]; now: string; quiet?: string | null; levels?: LevelSpec[]; clock?: ClockName }; expect: Row[] }> = [
    {
      name: 'warnings at 50/75/90%, the breach at 100% and a level 30 business minutes after it',
      given: { ledgers: opened(), now: '2026-09-14 09:00' },
      expect: [
        { level: '50%', thresholdAt: '2026-09-14 14:30' },
        { level: '75%', thresholdAt: '2026-09-14 16:30' },
        { level: '90%', thresholdAt: '2026-09-14 17:42' },
        { level: '100%', thresholdAt: '2026-09-15 09:30' },
        { level: '+30m', thresholdAt: '2026-09-15 10:00' },
      ],
    },
    {
      name: 'levels already fired in this episode are left out',
      given: {
        ledgers: opened().map((l) => ({ ...l, firedLevels: [{ level: '50%', at: isoAt('2026-09-14 14:30') }, { level: '75%', at: isoAt('2026-09-14 16:30') }] })),
        now: '2026-09-14 16:45',
      },
      expect: [
        { level: '90%', thresholdAt: '2026-09-14 17:42' },
        { level: '100%', thresholdAt: '2026-09-15 09:30' },
        { level: '+30m', thresholdAt: '2026-09-15 10:00' },
      ],
    },
    {
      name: 'after a long pause the thresholds already passed fire now, the rest follow the consumption',
      given: {
        ledgers: replay(started('office-shanghai', 2 * HOUR, '2026-09-14 09:00'), [
          ['2026-09-14 11:00', { type: 'retarget', clock: 'resolution', calendarId: 'office-shanghai', targetSeconds: HOUR }],
        ]),
        now: '2026-09-14 11:00',
      },
      // Two hours consumed against a one-hour target: every percentage is behind us; +30m was at 10:30.
      expect: [
        { level: '50%', thresholdAt: '2026-09-14 11:00' },
        { level: '75%', thresholdAt: '2026-09-14 11:00' },
        { level: '90%', thresholdAt: '2026-09-14 11:00' },
        { level: '100%', thresholdAt: '2026-09-14 11:00' },
        { level: '+30m', thresholdAt: '2026-09-14 11:00' },
      ],
    },
    {
      name: 'a resumed clock schedules the remaining thresholds from the resume instant',
      given: {
        ledgers: replay(opened(), [
          ['2026-09-14 14:00', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-15 16:00', { type: 'resume', clock: 'resolution' }],
        ]),
        now: '2026-09-15 16:00',
      },
      // 3.5h consumed before the pause: 50% (4h) half an hour after resuming, 75% (6h) the next morning;
      // +30m runs out exactly at the lunch break, so it is due at 12:00.
      expect: [
        { level: '50%', thresholdAt: '2026-09-15 16:30' },
        { level: '75%', thresholdAt: '2026-09-16 09:30' },
        { level: '90%', thresholdAt: '2026-09-16 10:42' },
        { level: '100%', thresholdAt: '2026-09-16 11:30' },
        { level: '+30m', thresholdAt: '2026-09-16 12:00' },
      ],
    },
    {
      name: 'a quiet warning on a 24×7 clock waits for the next office morning, the breach does not',
      given: {
        ledgers: started('always', 30 * MINUTE, '2026-09-11 17:50', 'response'),
        now: '2026-09-11 17:50',
        clock: 'response',
        levels: [
          { key: '75%', atPercent: 75, quiet: true },
          { key: '100%', atPercent: 100, quiet: false },
        ],
      },
      // Held until Monday, the warning would arrive after Friday's breach: it is dropped.
      expect: [{ level: '100%', thresholdAt: '2026-09-11 18:20' }],
    },
    {
      name: 'a quiet warning reached during National Day waits for the make-up working days after it',
      given: {
        ledgers: started('always', 4 * HOUR, '2026-10-01 08:00'),
        now: '2026-10-01 08:00',
        levels: [{ key: '75%', atPercent: 75, quiet: true }],
      },
      expect: [{ level: '75%', thresholdAt: '2026-10-01 11:00', fireAt: '2026-10-08 09:00' }],
    },
    {
      name: 'a quiet warning reached over lunch waits until 13:30',
      given: {
        ledgers: started('always', 4 * HOUR, '2026-09-14 09:00'),
        now: '2026-09-14 09:00',
        levels: [{ key: '75%', atPercent: 75, quiet: true }],
      },
      expect: [{ level: '75%', thresholdAt: '2026-09-14 12:00', fireAt: '2026-09-14 13:30' }],
    },
    {
      name: 'without a quiet-hours calendar (P1) a quiet warning fires at its threshold',
      given: {
        ledgers: started('always', 4 * HOUR, '2026-10-01 08:00'),
        now: '2026-10-01 08:00',
        quiet: null,
        levels: [{ key: '75%', atPercent: 75, quiet: true }],
      },
      expect: [{ level: '75%', thresholdAt: '2026-10-01 11:00' }],
    },
    {
      name: 'a quiet warning that passed during a night pause fires at the next office morning',
      given: {
        ledgers: replay(started('always', HOUR, '2026-09-14 21:00'), [
          ['2026-09-14 21:50', { type: 'pause', clock: 'resolution', reason: 'requester' }],
          ['2026-09-14 23:00', { type: 'resume', clock: 'resolution' }],
        ]),
        now: '2026-09-14 23:00',
        levels: [
          { key: '75%', atPercent: 75, quiet: true },
          { key: '100%', atPercent: 100, quiet: false },
        ],
      },
      // The breach at 23:10 comes before the office morning, so the held warning is dropped.
      expect: [
        { level: '100%', thresholdAt: '2026-09-14 23:10' },
      ],
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const clock = given.clock ?? 'resolution';
    const quiet = given.quiet === undefined ? 'office-shanghai' : given.quiet;
    const schedule = scheduleLevels(given.ledgers, { [clock]: given.levels ?? levels }, at(given.now), calendars, quiet);
    expect(schedule).toEqual(
      want.map((row) => ({
        clock,
        level: row.level,
        episode: 1,
        thresholdAt: isoAt(row.thresholdAt),
        fireAt: isoAt(row.fireAt ?? row.thresholdAt),
      })),
    );
  });

  it('schedules nothing for paused, met or stopped clocks, or clocks without levels', () => {
    const cases = [
      { given: replay(opened(), [['2026-09-14 10:00', { type: 'pause', clock: 'resolution', reason: 'vendor' }]]), expect: [] },
      { given: replay(opened(), [['2026-09-14 10:00', { type: 'meet', clock: 'resolution' }]]), expect: [] },
      { given: replay(opened(), [['2026-09-14 10:00', { type: 'stop', clock: 'resolution' }]]), expect: [] },
      { given: started('office-shanghai', HOUR, '2026-09-14 09:00', 'update'), expect: [] },
    ];
    for (const { given, expect: want } of cases)
      expect(scheduleLevels(given, { resolution: levels }, at('2026-09-14 10:00'), calendars, 'office-shanghai')).toEqual(want);
  });

  it('schedules the levels of every running clock in the order they fire, tagged with their episode', () => {
    const response = { ...only(started('office-shanghai', 2 * HOUR, '2026-09-14 09:00', 'response'), 'response'), episode: 3 };
    const schedule = scheduleLevels(
      [...opened(), response],
      { response: [{ key: '100%', atPercent: 100, quiet: false }], resolution: [{ key: '50%', atPercent: 50, quiet: false }] },
      at('2026-09-14 09:00'),
      calendars,
      'office-shanghai',
    );
    expect(schedule.map((s) => [s.clock, s.level, s.episode, s.fireAt])).toEqual([
      ['response', '100%', 3, isoAt('2026-09-14 11:00')],
      ['resolution', '50%', 1, isoAt('2026-09-14 14:30')],
    ]);
  });
});
