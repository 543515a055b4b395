// The shared snapshot of open tickets behind the queue pages: fresh ones are served as they
// are, stale ones are served while a new listing runs, invalidated ones are waited for.
import { describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../api/ticketService';
import { createOpenTicketIndex } from '../../web/workbench/openTicketIndex';
import { matchesFilters } from '../../web/workbench/queues';

function fakeListing() {
  const calls: Array<{ filter: unknown; resolve: (rows: TicketSummary[]) => void }> = [];
  const list = (filter: unknown) => new Promise<TicketSummary[]>((resolve) => calls.push({ filter, resolve }));
  return { calls, list };
}
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ number: `IT-${i}` }) as TicketSummary);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the open-ticket snapshot', () => {
  it('lists open statuses once, then serves the snapshot while it is fresh', async () => {
    const { calls, list } = fakeListing();
    let clock = 1_000;
    const index = createOpenTicketIndex({ list }, { freshMs: 2_000, maxAgeMs: 30_000, now: () => clock });
    const first = index.snapshot();
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0].filter).toEqual({ status: ['new', 'assigned', 'in_progress', 'pending', 'resolved'] });
    calls[0].resolve(rows(3));
    expect((await first).summaries).toHaveLength(3);
    clock += 1_500;
    expect((await index.snapshot()).summaries).toHaveLength(3);
    expect(calls).toHaveLength(1);
  });

  it('serves a stale snapshot while one listing refreshes it', async () => {
    const { calls, list } = fakeListing();
    let clock = 1_000;
    const index = createOpenTicketIndex({ list }, { freshMs: 2_000, maxAgeMs: 30_000, now: () => clock });
    const first = index.snapshot();
    await tick();
    calls[0].resolve(rows(1));
    await first;
    clock += 5_000;
    expect((await index.snapshot()).summaries).toHaveLength(1);
    expect((await index.snapshot()).summaries).toHaveLength(1);
    expect(calls).toHaveLength(2); // one refresh for both stale reads
    calls[1].resolve(rows(2));
    await tick();
    expect((await index.snapshot()).summaries).toHaveLength(2);
  });

  it('waits for a new listing after an action through the web invalidated it', async () => {
    const { calls, list } = fakeListing();
    const index = createOpenTicketIndex({ list }, { now: () => 1_000 });
    const first = index.snapshot();
    await tick();
    calls[0].resolve(rows(1));
    await first;
    index.invalidate();
    const second = index.snapshot();
    await tick();
    expect(calls).toHaveLength(2);
    calls[1].resolve(rows(4));
    expect((await second).summaries).toHaveLength(4);
  });

  it('does not answer for an action with a listing that started before it', async () => {
    const { calls, list } = fakeListing();
    const index = createOpenTicketIndex({ list }, { now: () => 1_000 });
    const first = index.snapshot();
    await tick();
    index.invalidate();
    const second = index.snapshot();
    calls[0].resolve(rows(1));
    expect((await first).summaries).toHaveLength(1);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1].resolve(rows(5));
    expect((await second).summaries).toHaveLength(5);
  });
});

describe('filters on snapshot rows', () => {
  const row = { priority: 'P1', status: 'assigned', group: 'network', category: 'network', assignee: 'zhang.wei' } as TicketSummary;
  const cases = [
    { given: {}, expect: true },
    { given: { priority: 'P1', group: 'network' }, expect: true },
    { given: { priority: 'P2' }, expect: false },
    { given: { assignee: 'li.na' }, expect: false },
  ];
  it.each(cases)('$given → $expect', ({ given, expect: want }) => expect(matchesFilters(row, given)).toBe(want));
});
