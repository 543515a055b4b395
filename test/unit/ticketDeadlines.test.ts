// What a ticket's changes do to its clocks, when its workflow wakes by itself and when it may
// end (ticket/clockEvents.ts, ticket/deadlines.ts): pure functions, as tables.
import { describe, expect, it } from 'vitest';
import { meetResponseEvents, pauseWaitingEvents, restartUpdateEvents, resumeWaitingEvents, startEvents, stopAllEvents } from '../../ticket/clockEvents';
import { autoCloseAt, nextWake, ratingWindowEnds, ticketFinished } from '../../ticket/deadlines';
import type { TicketState } from '../../ticket/state';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const clock = (name: string, state: string) => ({ name, state }) as TicketState['clocks'][number];
const plan = (extra: Partial<TicketState['plan']> = {}) =>
  ({ clocks: { response: { calendarId: 'cn', targetSeconds: 900 }, resolution: { calendarId: 'cn', targetSeconds: 14_400 } }, autoCloseAfterSeconds: 3600, satisfactionWindowSeconds: 7200, ...extra }) as TicketState['plan'];
const ticket = (extra: Partial<TicketState>) => ({ status: 'assigned', clocks: [], schedule: [], plan: plan(), ...extra }) as TicketState;
const none = { approval: Infinity, reminder: Infinity, followUp: Infinity };

describe('clock events', () => {
  it('starts every planned clock with its calendar and target', () => {
    expect(startEvents(plan())).toEqual([
      { type: 'start', clock: 'response', calendarId: 'cn', targetSeconds: 900 },
      { type: 'start', clock: 'resolution', calendarId: 'cn', targetSeconds: 14_400 },
    ]);
  });

  const meets: Array<{ clocks: TicketState['clocks']; events: unknown[] }> = [
    { clocks: [clock('response', 'running')], events: [{ type: 'meet', clock: 'response' }] },
    { clocks: [clock('response', 'paused')], events: [{ type: 'meet', clock: 'response' }] },
    { clocks: [clock('response', 'met')], events: [] },
    { clocks: [clock('resolution', 'running')], events: [] },
  ];
  it.each(meets)('meets the response clock once: $clocks', ({ clocks, events }) => expect(meetResponseEvents(ticket({ clocks }))).toEqual(events));

  const restarts: Array<{ given: string; state: TicketState; holds: boolean; events: unknown[] }> = [
    { given: 'an update clock', state: ticket({ plan: plan({ clocks: { update: { calendarId: 'cn', targetSeconds: 1800 } } as never }) }), holds: false, events: [{ type: 'restart', clock: 'update' }] },
    { given: 'no update clock', state: ticket({}), holds: false, events: [] },
    { given: 'a pending ticket', state: ticket({ status: 'pending', plan: plan({ clocks: { update: { calendarId: 'cn', targetSeconds: 1800 } } as never }) }), holds: false, events: [] },
    { given: 'a major incident', state: ticket({ plan: plan({ clocks: { update: { calendarId: 'cn', targetSeconds: 1800 } } as never }) }), holds: true, events: [] },
  ];
  it.each(restarts)('restarts the update clock: $given', ({ state, holds, events }) => expect(restartUpdateEvents(state, holds)).toEqual(events));

  it('stops what runs or waits, not what is met or stopped', () => {
    const clocks = [clock('response', 'met'), clock('resolution', 'running'), clock('update', 'paused'), clock('arrival', 'stopped')];
    expect(stopAllEvents(ticket({ clocks }))).toEqual([{ type: 'stop', clock: 'resolution' }, { type: 'stop', clock: 'update' }]);
  });

  it('pauses and resumes the resolution and update clocks together', () => {
    expect(pauseWaitingEvents('pending:vendor')).toEqual([{ type: 'pause', clock: 'resolution', reason: 'pending:vendor' }, { type: 'pause', clock: 'update', reason: 'pending:vendor' }]);
    expect(resumeWaitingEvents()).toEqual([{ type: 'resume', clock: 'resolution' }, { type: 'resume', clock: 'update' }]);
  });
});

describe('deadlines', () => {
  const resolved = ticket({ status: 'resolved', resolution: { at: at(0), note: 'x', by: { role: 'agent', id: 'li.na' } } as never });
  const closed = ticket({ status: 'closed', closedAt: at(0) });
  const level = { clock: 'response', level: 'warn', fireAt: at(30), episode: 1, thresholdAt: at(30) } as TicketState['schedule'][number];

  it.each([
    { given: 'resolved', state: resolved, expected: T0 + 3600_000 },
    { given: 'assigned', state: ticket({}), expected: Infinity },
    { given: 'closed', state: closed, expected: Infinity },
  ])('auto-closes a resolved ticket: $given', ({ state, expected }) => expect(autoCloseAt(state)).toBe(expected));

  it.each([
    { given: 'closed, not rated', state: closed, expected: T0 + 7200_000 },
    { given: 'closed and rated', state: ticket({ status: 'closed', closedAt: at(0), satisfaction: { rating: 'satisfied', at: at(1) } as never }), expected: Infinity },
    { given: 'resolved', state: resolved, expected: Infinity },
  ])('ends the rating window: $given', ({ state, expected }) => expect(ratingWindowEnds(state)).toBe(expected));

  const wakes: Array<{ given: string; state: TicketState; parts: typeof none; at: number; summary: string }> = [
    { given: 'nothing due', state: ticket({}), parts: none, at: Infinity, summary: 'until something changes' },
    { given: 'an escalation level', state: ticket({ schedule: [level] }), parts: none, at: T0 + 30 * 60_000, summary: 'until response warn' },
    { given: 'an approval reminder first', state: ticket({ schedule: [level] }), parts: { ...none, approval: T0 + 60_000 }, at: T0 + 60_000, summary: 'until approval reminder/timeout' },
    { given: "the requester's reminder", state: ticket({}), parts: { ...none, reminder: T0 + 120_000 }, at: T0 + 120_000, summary: 'until the reminder to the requester' },
    { given: 'a follow-up', state: closed, parts: { ...none, followUp: T0 + 60_000 }, at: T0 + 60_000, summary: 'until the dissatisfied follow-up is due' },
    { given: 'auto-close', state: resolved, parts: none, at: T0 + 3600_000, summary: 'until auto-close' },
    { given: 'the rating window', state: closed, parts: none, at: T0 + 7200_000, summary: 'until satisfaction window ends' },
  ];
  it.each(wakes)('wakes for $given', ({ state, parts, at: expected, summary }) => expect(nextWake(state, parts)).toEqual({ at: expected, summary }));

  const endings: Array<{ given: string; state: TicketState; now: number; lean: boolean; followUpOpen: boolean; finished: boolean }> = [
    { given: 'an open ticket', state: ticket({}), now: T0, lean: true, followUpOpen: false, finished: false },
    { given: 'a lean ticket as it closes', state: closed, now: T0, lean: true, followUpOpen: false, finished: true },
    { given: 'an older ticket in its rating window', state: closed, now: T0, lean: false, followUpOpen: false, finished: false },
    { given: 'an older ticket after its window', state: closed, now: T0 + 7200_000, lean: false, followUpOpen: false, finished: true },
    { given: 'an older ticket with an open follow-up', state: closed, now: T0 + 7200_000, lean: false, followUpOpen: true, finished: false },
    { given: 'a cancelled older ticket', state: ticket({ status: 'cancelled' }), now: T0, lean: false, followUpOpen: false, finished: true },
  ];
  it.each(endings)('may end: $given', ({ state, now, lean, followUpOpen, finished }) =>
    expect(ticketFinished(state, now, { completesAtClose: lean, followUpOpen })).toBe(finished),
  );
});
