// `sla explain`: per clock what was promised, what was used, what the pauses spared, when it is
// due in the calendar's own zone, and which escalation levels fired when.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CalendarsSchema } from '../../config/schema/calendars';
import { calendarLookup } from '../../sla/calendarLookup';
import { applyClockEvent, type ClockEvent, type ClockLedger } from '../../sla/clock';
import { explainSla, formatBusinessDuration, formatSlaExplanation } from '../../sla/explain';
import type { TicketView } from '../../ticket/state';

// The shipped calendars: office-shanghai with the 2026 holidays, and 24×7.
const calendars = CalendarsSchema.parse(parse(readFileSync('config/calendars.yaml', 'utf8')));
const math = calendarLookup(calendars);
const H = 3600;

/** A P3 ticket whose clocks went through `steps` (instant, events) on the office calendar. */
function p3Ticket(steps: Array<[string, ClockEvent[]]>, extra: Partial<TicketView> = {}): TicketView {
  let ledgers: ClockLedger[] = [];
  for (const [at, events] of steps) for (const e of events) ledgers = applyClockEvent(ledgers, e, new Date(at), math);
  return { number: 'IT-000123', priority: 'P3', status: 'in_progress', slaPolicy: 'standard', clocks: ledgers, escalations: [], nextEscalation: null, ...extra } as TicketView;
}
const open = (at: string): [string, ClockEvent[]] => [at, [
  { type: 'start', clock: 'response', calendarId: 'office-shanghai', targetSeconds: 2 * H },
  { type: 'start', clock: 'resolution', calendarId: 'office-shanghai', targetSeconds: 8 * H },
]];
const FRIDAY_17 = '2026-11-27T17:00:00+08:00';

describe('explainSla', () => {
  const cases = [
    {
      given: 'a P3 opened Friday 17:00, read Monday 09:30',
      ticket: p3Ticket([open(FRIDAY_17)]),
      now: '2026-11-30T09:30:00+08:00',
      expect: { clock: 'response', consumedSeconds: 1.5 * H, remainingSeconds: 0.5 * H, dueAt: '2026-11-30T10:00:00+08:00', breached: false, timeZone: 'Asia/Shanghai' },
    },
    {
      given: 'the same ticket after its response breach fired Monday 10:00',
      ticket: (() => {
        const t = p3Ticket([open(FRIDAY_17)]);
        t.clocks[0] = { ...t.clocks[0], breachedAt: '2026-11-30T02:00:00.000Z', firedLevels: [{ level: '75%', at: '2026-11-30T01:30:00.000Z' }, { level: '100%', at: '2026-11-30T02:00:00.000Z' }] };
        t.escalations = [
          { clock: 'response', level: '75%', episode: 1, at: '2026-11-30T01:30:00.000Z', notified: ['chen.jie@corp.example'] },
          { clock: 'response', level: '100%', episode: 1, at: '2026-11-30T02:00:00.000Z', notified: ['chen.jie@corp.example', 'desktop-lead@corp.example'] },
        ];
        return t;
      })(),
      now: '2026-11-30T10:30:00+08:00',
      expect: {
        clock: 'response', consumedSeconds: 2.5 * H, remainingSeconds: 0, breached: true, breachedAt: '2026-11-30T10:00:00+08:00',
        fired: [
          { level: '75%', episode: 1, at: '2026-11-30T09:30:00+08:00', notified: ['chen.jie@corp.example'], recorded: true },
          { level: '100%', episode: 1, at: '2026-11-30T10:00:00+08:00', notified: ['chen.jie@corp.example', 'desktop-lead@corp.example'], recorded: true },
        ],
      },
    },
    {
      given: 'a resolution clock pending on the requester across the National Day holiday',
      ticket: p3Ticket([
        open('2026-09-30T13:30:00+08:00'),
        ['2026-09-30T17:00:00+08:00', [{ type: 'pause', clock: 'resolution', reason: 'pending:requester' }]],
        ['2026-10-08T10:00:00+08:00', [{ type: 'resume', clock: 'resolution' }]],
      ]),
      now: '2026-10-08T11:00:00+08:00',
      // 3.5 h before the pause + 1 h after; the pause spared only Sep 30 17–18 and Oct 8 9–10.
      expect: {
        clock: 'resolution', consumedSeconds: 4.5 * H, pausedBusinessSeconds: 2 * H, pausedSeconds: (7 * 24 + 17) * H, remainingSeconds: 3.5 * H,
        dueAt: '2026-10-08T16:00:00+08:00',
        pauses: [{ from: '2026-09-30T17:00:00+08:00', to: '2026-10-08T10:00:00+08:00', reason: 'pending:requester' }],
      },
    },
    {
      given: 'a level marked fired whose notice is still on its way',
      ticket: (() => {
        const t = p3Ticket([open(FRIDAY_17)]);
        t.clocks[0] = { ...t.clocks[0], firedLevels: [{ level: '75%', at: '2026-11-30T01:30:00.000Z' }] };
        return t;
      })(),
      now: '2026-11-30T09:31:00+08:00',
      expect: { clock: 'response', fired: [{ level: '75%', episode: 1, at: '2026-11-30T09:30:00+08:00', notified: [], recorded: false }] },
    },
  ];
  it.each(cases)('$given', ({ ticket, now, expect: expected }) => {
    const explained = explainSla(ticket, calendars, new Date(now));
    expect(explained.clocks.find((c) => c.clock === expected.clock)).toMatchObject(expected);
  });

  it('shows the next scheduled level in the zone, and says when quiet hours hold it back', () => {
    const ticket = p3Ticket([open(FRIDAY_17)], {
      nextEscalation: { clock: 'response', level: '75%', episode: 1, thresholdAt: '2026-11-27T10:30:00.000Z', fireAt: '2026-11-30T01:00:00.000Z' },
    });
    const explained = explainSla(ticket, calendars, new Date(FRIDAY_17));
    expect(explained.nextLevel).toEqual({ clock: 'response', level: '75%', episode: 1, thresholdAt: '2026-11-27T18:30:00+08:00', fireAt: '2026-11-30T09:00:00+08:00' });
    expect(formatSlaExplanation(explained)).toContain('next: response 75% at 2026-11-30T09:00:00+08:00 (threshold 2026-11-27T18:30:00+08:00, held for working hours)');
  });

  it('prints one block per clock with target, consumed, paused, due and fired levels', () => {
    const text = formatSlaExplanation(explainSla(cases[1].ticket, calendars, new Date(cases[1].now)));
    expect(text.split('\n')).toEqual(expect.arrayContaining([
      'IT-000123  P3  in_progress  policy standard  (as of 2026-11-30T02:30:00.000Z)',
      'response clock — running, BREACHED  (calendar office-shanghai, Asia/Shanghai, episode 1)',
      '  target    2h business time',
      '  consumed  2h 30m    remaining 0s',
      '  paused    0s business time (0s wall clock, 0 pauses)',
      '  breached  2026-11-30T10:00:00+08:00',
      '  fired     100%  at 2026-11-30T10:00:00+08:00 (episode 1)  notified chen.jie@corp.example, desktop-lead@corp.example',
      '  target    8h business time',
      'next: nothing scheduled',
    ]));
  });
});

describe('formatBusinessDuration', () => {
  it.each([
    { seconds: 0, expect: '0s' },
    { seconds: 59, expect: '59s' },
    { seconds: 61, expect: '1m 1s' },
    { seconds: 5400, expect: '1h 30m' },
    { seconds: 27000, expect: '7h 30m' },
    { seconds: 8 * H + 5, expect: '8h 5s' },
  ])('$seconds s reads $expect', ({ seconds, expect: text }) => expect(formatBusinessDuration(seconds)).toBe(text));
});
