// Issue #12's clock events: a resolution clock met by a workaround (and what later events do to
// it), the arrival clock's target from the site kind and the appointment, a moved visit that
// keeps its breach; and the service model each shipped policy and priority plans.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { CalendarsSchema } from '../../config/schema/calendars';
import { calendarLookup } from '../../sla/calendarLookup';
import { applyClockEvent, viewClock, type ClockEvent, type ClockLedger } from '../../sla/clock';
import { explainSla, formatSlaExplanation } from '../../sla/explain';
import { servicePolicyOf } from '../../ticket/plan';
import type { TicketView } from '../../ticket/state';

const calendars = calendarLookup(CalendarsSchema.parse(parse(readFileSync('config/calendars.yaml', 'utf8'))));
const HOUR = 3600;
const MINUTE = 60;
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

function play(steps: Array<[string, ClockEvent]>): ClockLedger[] {
  return steps.reduce<ClockLedger[]>((ledgers, [when, event]) => applyClockEvent(ledgers, event, at(when), calendars), []);
}
const resolutionOf = (ledgers: ClockLedger[]) => ledgers.find((l) => l.name === 'resolution')!;
const start: ClockEvent = { type: 'start', clock: 'resolution', calendarId: 'always', targetSeconds: 2 * HOUR };

describe('a resolution clock met by a workaround', () => {
  const cases: Array<{ name: string; given: Array<[string, ClockEvent]>; expect: { state: ClockLedger['state']; metBy?: string; consumedSeconds: number } }> = [
    {
      name: 'is met at the workaround and says so',
      given: [['2026-09-30 10:00', start], ['2026-09-30 10:40', { type: 'meet', clock: 'resolution', by: 'workaround' }]],
      expect: { state: 'met', metBy: 'workaround', consumedSeconds: 40 * MINUTE },
    },
    {
      name: 'stays met when the ticket is pended and resumed afterwards',
      given: [
        ['2026-09-30 10:00', start],
        ['2026-09-30 10:40', { type: 'meet', clock: 'resolution', by: 'containment' }],
        ['2026-09-30 11:00', { type: 'pause', clock: 'resolution', reason: 'pending:vendor' }],
        ['2026-09-30 13:00', { type: 'resume', clock: 'resolution' }],
      ],
      expect: { state: 'met', metBy: 'containment', consumedSeconds: 40 * MINUTE },
    },
    {
      name: 'stays met when the permanent fix is resolved and reopened',
      given: [
        ['2026-09-30 10:00', start],
        ['2026-09-30 10:40', { type: 'meet', clock: 'resolution', by: 'workaround' }],
        ['2026-09-30 15:00', { type: 'meet', clock: 'resolution' }],
        ['2026-09-30 16:00', { type: 'resume', clock: 'resolution' }],
      ],
      expect: { state: 'met', metBy: 'workaround', consumedSeconds: 40 * MINUTE },
    },
    {
      name: 'a clock met by the resolution itself runs on after a reopen, as before',
      given: [
        ['2026-09-30 10:00', start],
        ['2026-09-30 11:00', { type: 'meet', clock: 'resolution' }],
        ['2026-09-30 12:00', { type: 'resume', clock: 'resolution' }],
      ],
      expect: { state: 'running', consumedSeconds: HOUR },
    },
    {
      name: 'met at the confirmation: the time waiting for the requester counts',
      given: [['2026-09-30 10:00', start], ['2026-09-30 11:30', { type: 'meet', clock: 'resolution', by: 'confirmation' }]],
      expect: { state: 'met', metBy: 'confirmation', consumedSeconds: 90 * MINUTE },
    },
    {
      name: 'a meet while paused closes the pause and counts nothing of it',
      given: [
        ['2026-09-30 10:00', start],
        ['2026-09-30 10:30', { type: 'pause', clock: 'resolution', reason: 'pending:vendor' }],
        ['2026-09-30 12:00', { type: 'meet', clock: 'resolution', by: 'workaround' }],
      ],
      expect: { state: 'met', metBy: 'workaround', consumedSeconds: 30 * MINUTE },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const ledger = resolutionOf(play(given));
    expect(ledger.state).toBe(want.state);
    expect(ledger.metBy).toBe(want.metBy);
    expect(ledger.consumedSeconds).toBe(want.consumedSeconds);
    const view = viewClock(ledger, at('2026-09-30 12:00'), calendars);
    expect(view.metBy).toBe(want.metBy);
  });
});

describe('the arrival clock', () => {
  const book = (targetSeconds: number, notBefore: string, calendarId = 'always'): ClockEvent => ({
    type: 'start',
    clock: 'arrival',
    calendarId,
    targetSeconds,
    notBefore: at(notBefore).toISOString(),
  });
  const cases: Array<{ name: string; given: { at: string; event: ClockEvent }; expect: { targetSeconds: number; dueAt: string } }> = [
    {
      name: 'same site, appointment within the 2 h promise: due 2 h after the booking',
      given: { at: '2026-09-30 10:00', event: book(2 * HOUR, '2026-09-30 10:30') },
      expect: { targetSeconds: 2 * HOUR, dueAt: '2026-09-30 12:00' },
    },
    {
      name: 'same site, the requester asked for the next morning: due at the appointment',
      given: { at: '2026-09-30 17:00', event: book(2 * HOUR, '2026-10-01 09:00') },
      expect: { targetSeconds: 16 * HOUR, dueAt: '2026-10-01 09:00' },
    },
    {
      name: 'other office: 24 h after the booking',
      given: { at: '2026-09-30 10:00', event: book(24 * HOUR, '2026-09-30 15:00') },
      expect: { targetSeconds: 24 * HOUR, dueAt: '2026-10-01 10:00' },
    },
    {
      name: 'on the office calendar the appointment is counted in working time',
      given: { at: '2026-09-30 17:00', event: book(HOUR, '2026-10-08 10:00', 'office-shanghai') },
      expect: { targetSeconds: 2 * HOUR, dueAt: '2026-10-08 10:00' },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    const [ledger] = applyClockEvent([], given.event, at(given.at), calendars);
    expect(ledger.targetSeconds).toBe(want.targetSeconds);
    expect(viewClock(ledger, at(given.at), calendars).dueAt).toBe(at(want.dueAt).toISOString());
  });

  it('a moved visit keeps the consumption and a breach already recorded', () => {
    const booked = applyClockEvent([], book(2 * HOUR, '2026-09-30 10:30'), at('2026-09-30 10:00'), calendars);
    const breached = booked.map((l) => ({ ...l, breachedAt: at('2026-09-30 12:00').toISOString(), firedLevels: [{ level: '100%', at: at('2026-09-30 12:00').toISOString() }] }));
    const moved: ClockEvent = { type: 'retarget', clock: 'arrival', calendarId: 'always', targetSeconds: 2 * HOUR, notBefore: at('2026-09-30 15:00').toISOString(), keepBreach: true };
    const [ledger] = applyClockEvent(breached, moved, at('2026-09-30 12:30'), calendars);
    expect(ledger).toMatchObject({ consumedSeconds: 150 * MINUTE, targetSeconds: 5 * HOUR, episode: 1, breachedAt: at('2026-09-30 12:00').toISOString() });
    expect(ledger.firedLevels).toHaveLength(1);
    // Without keepBreach (a priority change), the longer target would undo the breach.
    const [undone] = applyClockEvent(breached, { ...moved, keepBreach: undefined }, at('2026-09-30 12:30'), calendars);
    expect(undone).toMatchObject({ breachedAt: undefined, episode: 2, firedLevels: [] });
  });
});

describe('the service model a ticket is planned with', () => {
  let shipped: LoadedConfig;
  let secondManual: LoadedConfig;
  beforeAll(async () => {
    shipped = await loadConfigOrThrow('config');
    secondManual = await loadConfigOrThrow('config/examples/second-manual');
  });
  const cases = [
    { name: 'standard P1: containment or a workaround meets the resolution clock', given: { config: 'shipped', policy: 'standard', priority: 'P1' }, expect: { workaroundMeets: ['containment', 'workaround'], resolutionEndsAt: 'resolve' } },
    { name: 'standard P2: a workaround does', given: { config: 'shipped', policy: 'standard', priority: 'P2' }, expect: { workaroundMeets: ['workaround'], resolutionEndsAt: 'resolve' } },
    { name: 'standard P3: nothing does', given: { config: 'shipped', policy: 'standard', priority: 'P3' }, expect: { workaroundMeets: [], resolutionEndsAt: 'resolve' } },
    { name: 'second manual P1 ("until contained")', given: { config: 'second', policy: 'second-manual', priority: 'P1' }, expect: { workaroundMeets: ['containment', 'workaround'], resolutionEndsAt: 'resolve' } },
    { name: 'second manual P2 ("a solution or a workaround")', given: { config: 'second', policy: 'second-manual', priority: 'P2' }, expect: { workaroundMeets: ['workaround'], resolutionEndsAt: 'resolve' } },
  ] as const;
  it.each(cases)('$name', ({ given, expect: want }) => {
    const config = given.config === 'shipped' ? shipped : secondManual;
    const model = servicePolicyOf(config, given.policy, given.priority);
    expect(model.workaroundMeets).toEqual(want.workaroundMeets);
    expect(model.resolutionEndsAt).toBe(want.resolutionEndsAt);
    expect(model.visits).toMatchObject({ calendarId: 'always', arrivalSeconds: { 'same-site': 2 * HOUR, 'other-office': 24 * HOUR } });
    expect(model.visits!.levels.some((l) => l.atPercent === 100)).toBe(true);
  });

  it('reads resolutionEndsAt per priority, resolve for the priorities it does not name', () => {
    const policy = shipped.sla.policies.standard;
    const config = { ...shipped, sla: { ...shipped.sla, policies: { standard: { ...policy, resolutionEndsAt: { P3: 'confirmation' as const }, visits: undefined } } } };
    expect(servicePolicyOf(config, 'standard', 'P3')).toMatchObject({ resolutionEndsAt: 'confirmation', visits: null });
    expect(servicePolicyOf(config, 'standard', 'P4').resolutionEndsAt).toBe('resolve');
  });
});

describe('sla explain of a clock met by a workaround', () => {
  it('says what met it and when, in the calendar zone', () => {
    const ledgers = play([['2026-09-30 10:00', start], ['2026-09-30 10:40', { type: 'meet', clock: 'resolution', by: 'workaround' }]]);
    const ticket = { number: 'IT-000123', priority: 'P1', status: 'in_progress', slaPolicy: 'standard', clocks: ledgers, escalations: [], nextEscalation: null } as unknown as TicketView;
    const explained = explainSla(ticket, CalendarsSchema.parse(parse(readFileSync('config/calendars.yaml', 'utf8'))), at('2026-09-30 12:00'));
    expect(explained.clocks[0]).toMatchObject({ state: 'met', metBy: 'workaround', metAt: '2026-09-30T10:40:00+08:00' });
    expect(formatSlaExplanation(explained).split('\n')).toEqual(
      expect.arrayContaining(['resolution clock — met by workaround  (calendar always, Asia/Shanghai, episode 1)', '  met       2026-09-30T10:40:00+08:00 (by workaround)']),
    );
  });
});
