// The workbench queues from search-attribute rows: who is in which queue, time left in
// business time, the warning colour at the policy's first level, sorting and paging.
import { describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../api/ticketService';
import { calendarLookup } from '../../sla/calendarLookup';
import { buildQueue, inQueue, pageOf, rowOf, searchFilterFor, sortRows, type QueueName } from '../../web/workbench/queues';
import { levelOf } from '../../web/slaDisplay';

const calendars = { calendars: { always: { timezone: 'Asia/Shanghai', alwaysOpen: true } } } as any;
const sla = {
  defaultPolicy: 'standard',
  overrides: [],
  policies: {
    standard: {
      targets: { P1: { calendar: 'always', response: 900, resolution: 7200 }, P3: { calendar: 'always', response: 7200, resolution: 28_800 } },
      escalation: { response: [{ at: 75 }, { at: 100 }], resolution: [{ at: 80 }, { at: 100 }, { after: 3600 }], update: [] },
    },
  },
} as any;
const config = { sla };
const lookup = calendarLookup(calendars);
const now = new Date('2026-11-25T06:00:00Z');
const at = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000).toISOString();

const summary = (over: Partial<TicketSummary>): TicketSummary => ({
  number: 'IT-000001', title: 't', requester: 'alice@corp.example', status: 'assigned', priority: 'P3', category: 'hardware',
  group: 'desktop', assignee: null, slaResponseDue: null, slaResolutionDue: null, breached: false, ...over,
});
const viewer = { memberId: 'li.na', groups: ['service-desk', 'desktop'] };

describe('clock colour', () => {
  const cases = [
    { given: { consumed: 0, target: 900, warn: 75, breached: false }, expect: 'ok' },
    { given: { consumed: 674, target: 900, warn: 75, breached: false }, expect: 'ok' },
    { given: { consumed: 675, target: 900, warn: 75, breached: false }, expect: 'warning' },
    { given: { consumed: 900, target: 900, warn: 75, breached: false }, expect: 'breached' },
    { given: { consumed: 10, target: 900, warn: 75, breached: true }, expect: 'breached' },
  ];
  it.each(cases)('$given.consumed of $given.target s → $expect', ({ given, expect: want }) => {
    expect(levelOf(given.consumed, given.target, given.warn, given.breached)).toBe(want);
  });
});

describe('queue rows', () => {
  it('counts the business time left per clock and colours it at the first warning level', () => {
    const row = rowOf(summary({ priority: 'P1', slaResponseDue: at(200), slaResolutionDue: at(7000) }), config, lookup, now);
    expect(row.clocks).toEqual([
      { clock: 'response', dueAt: at(200), leftSeconds: 200, targetSeconds: 900, level: 'warning' },
      { clock: 'resolution', dueAt: at(7000), leftSeconds: 7000, targetSeconds: 7200, level: 'ok' },
    ]);
    expect(row.minLeftSeconds).toBe(200);
    expect(row.level).toBe('warning');
  });

  it('shows a passed due time as overdue and breached', () => {
    const row = rowOf(summary({ priority: 'P1', slaResponseDue: at(-60) }), config, lookup, now);
    expect(row.clocks[0]).toMatchObject({ leftSeconds: -60, level: 'breached' });
  });

  it('has no clock cells for met or paused clocks (no due time published)', () => {
    expect(rowOf(summary({}), config, lookup, now)).toMatchObject({ clocks: [], minLeftSeconds: null, level: null });
  });
});

describe('which queue holds a ticket', () => {
  const rows = {
    mineOk: rowOf(summary({ number: 'IT-000001', assignee: 'li.na', slaResolutionDue: at(20_000) }), config, lookup, now),
    unassignedMyGroup: rowOf(summary({ number: 'IT-000002', group: 'desktop' }), config, lookup, now),
    unassignedOtherGroup: rowOf(summary({ number: 'IT-000003', group: 'network' }), config, lookup, now),
    breachingP1: rowOf(summary({ number: 'IT-000004', priority: 'P1', assignee: 'zhao.lei', slaResponseDue: at(-5) }), config, lookup, now),
    pending: rowOf(summary({ number: 'IT-000005', status: 'pending', assignee: 'zhao.lei' }), config, lookup, now),
  };
  const cases: Array<{ queue: QueueName; expect: string[] }> = [
    { queue: 'mine', expect: ['mineOk'] },
    { queue: 'unassigned', expect: ['unassignedMyGroup'] },
    { queue: 'breaching', expect: ['breachingP1'] },
    { queue: 'pending', expect: ['pending'] },
    { queue: 'open', expect: Object.keys(rows) },
  ];
  it.each(cases)('$queue', ({ queue, expect: want }) => {
    expect(Object.entries(rows).filter(([, row]) => inQueue(queue, row, viewer)).map(([name]) => name)).toEqual(want);
  });
});

describe('search filters', () => {
  const cases: Array<{ queue: QueueName; expect: Record<string, unknown> }> = [
    { queue: 'mine', expect: { assignee: 'li.na', status: ['new', 'assigned', 'in_progress', 'pending', 'resolved'] } },
    { queue: 'unassigned', expect: { group: ['service-desk', 'desktop'], status: ['new', 'assigned', 'in_progress', 'pending', 'resolved'] } },
    { queue: 'pending', expect: { status: 'pending' } },
  ];
  it.each(cases)('$queue asks the search attributes for a superset', ({ queue, expect: want }) => {
    expect(searchFilterFor(queue, viewer, {})).toEqual(want);
  });
  it('keeps the agent\'s own filters', () => {
    expect(searchFilterFor('open', viewer, { priority: 'P1', status: 'new' })).toEqual({ priority: 'P1', status: 'new' });
  });
});

describe('sorting and paging', () => {
  it('sorts the breaching queue by time left, most overdue first', () => {
    const rows = [at(100), at(-300), at(-10)].map((due, i) => rowOf(summary({ number: `IT-00000${i}`, priority: 'P1', slaResponseDue: due }), config, lookup, now));
    expect(sortRows('breaching', rows).map((r) => r.number)).toEqual(['IT-000001', 'IT-000002', 'IT-000000']);
  });

  it('sorts other queues by priority first', () => {
    const rows = [summary({ number: 'IT-000001', priority: 'P3' }), summary({ number: 'IT-000002', priority: 'P1' })].map((s) => rowOf(s, config, lookup, now));
    expect(sortRows('open', rows).map((r) => r.number)).toEqual(['IT-000002', 'IT-000001']);
  });

  const cases = [
    { given: { total: 0, page: 1 }, expect: { page: 1, pages: 1, first: undefined } },
    { given: { total: 120, page: 2 }, expect: { page: 2, pages: 3, first: 50 } },
    { given: { total: 120, page: 9 }, expect: { page: 3, pages: 3, first: 100 } },
    { given: { total: 120, page: Number.NaN }, expect: { page: 1, pages: 3, first: 0 } },
  ];
  it.each(cases)('page $given.page of $given.total rows', ({ given, expect: want }) => {
    const paged = pageOf(Array.from({ length: given.total }, (_, i) => i), given.page);
    expect({ page: paged.page, pages: paged.pages, first: paged.items[0] }).toEqual(want);
  });

  it('builds a queue end to end', () => {
    const summaries = Array.from({ length: 60 }, (_, i) => summary({ number: `IT-${String(i).padStart(6, '0')}`, group: 'desktop' }));
    const page = buildQueue('unassigned', summaries, viewer, config, lookup, now, 2);
    expect({ total: page.total, pages: page.pages, first: page.items[0].number }).toEqual({ total: 60, pages: 2, first: 'IT-000050' });
  });
});
