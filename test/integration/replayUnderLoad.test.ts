// Issue #13: histories the ticket code writes must replay on the same code, whatever queries,
// updates, cache evictions and worker restarts interleave with them. Tickets are opened through
// the API while every one of them is queried without pause and sent an update before it has
// finished opening, on a worker whose cache holds two tickets (nearly every task replays the history);
// then the workers restart, each ticket takes one more update, half of them close and are rated
// (their aftercare workflows, issue #10), and every history is replayed.
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getTicketQuery, ticketUpdates, ticketWorkflowId } from '../../workflows/messages';
import { fastSlaYaml } from '../support/fastSla';
import { describeFailures, replayTaskQueue } from '../support/replayAll';
import { alice, sharedWorkflowBundle, startTestDesk, type TestDesk } from '../support/testDesk';

const TICKETS = 16;
const IN_FLIGHT = 8;
const PREFIX = 'RUL';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk(
    'replay-under-load',
    {
      // Every channel mails its requester, so the opening takes both patched paths of old code.
      'sla.yaml': fastSlaYaml({
        P1: 'response: 2s, resolution: 1h, update: 1h',
        P2: 'response: 1h, resolution: 4h',
        P3: 'response: 2h, resolution: 8h',
        P4: 'response: 4h, resolution: 8h',
      }),
    },
    PREFIX,
    { worker: { maxCachedWorkflows: 2 } },
  );
});
afterAll(async () => desk?.stop());

const numberOf = (i: number) => `${PREFIX}-${String(i).padStart(6, '0')}`;

/** Queries the ticket that will get this number until `stop` resolves, as fast as answers come. */
async function hammerQueries(number: string, stop: Promise<unknown>): Promise<number> {
  let done = false;
  void stop.finally(() => (done = true));
  let answered = 0;
  const handle = desk.client.workflow.getHandle(ticketWorkflowId(number));
  while (!done) {
    try {
      await handle.query(getTicketQuery);
      answered++;
    } catch (err) {
      // Not started yet, or still opening (the query says so): ask again at once.
      if (!(err instanceof WorkflowNotFoundError)) await new Promise((r) => setTimeout(r, 2));
      else await new Promise((r) => setTimeout(r, 5));
    }
  }
  return answered;
}

/** An update sent as soon as the ticket's workflow exists, usually while it is still opening. */
async function commentWhileOpening(number: string, created: () => boolean): Promise<number> {
  const handle = desk.client.workflow.getHandle(ticketWorkflowId(number));
  // No fixed deadline: the last tickets start only after the others; once every POST has
  // answered, the ticket must exist.
  for (;;) {
    const exists = await handle.describe().then(() => true, () => false);
    if (exists) break;
    if (created()) throw new Error(`${number} was never started`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await handle.executeUpdate(ticketUpdates.comment, { args: [{ actor: { role: 'agent', id: 'li.na' }, body: '正在处理，请稍候', visibility: 'internal' }] });
  return 1;
}

describe('histories written under queries, early updates, no cache and a restart', () => {
  it('all replay, and every ticket still answers and changes afterwards', { timeout: 300_000 }, async () => {
    // Numbers are handed out in the order the requests reach the store, not the order of the
    // POSTs: every expected number is probed from the start.
    let creating = true;
    const allCreated = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!creating) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const probes = Array.from({ length: TICKETS }, (_, i) => Promise.all([hammerQueries(numberOf(i + 1), allCreated), commentWhileOpening(numberOf(i + 1), () => !creating)]));
    const opened: string[] = [];
    let next = 1;
    async function lane() {
      while (next <= TICKETS) {
        const i = next++;
        const created = await desk.api('POST', '/api/tickets', {
          body: { requester: alice, title: `VPN 连不上 #${i}`, description: '在家无法连接公司 VPN', impact: 'department', urgency: 'high' },
          headers: { 'idempotency-key': `replay-under-load-${i}` },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        opened.push(created.body.number);
      }
    }
    try {
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    } finally {
      creating = false;
    }
    const answered = await Promise.all(probes);
    expect(opened.sort()).toEqual(Array.from({ length: TICKETS }, (_, i) => numberOf(i + 1)));
    // The probes really did query the tickets while they were opening and running.
    expect(answered.every(([queries]) => queries > 0)).toBe(true);

    // A restart: every ticket's next task is a full replay on a fresh worker.
    await desk.stopWorkers();
    await desk.startWorkers();
    for (const number of opened) {
      const res = await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: '重启后仍可处理', visibility: 'internal' } });
      expect(res.status, `${number}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.comments.filter((c: { body: string }) => c.body === '正在处理，请稍候')).toHaveLength(1);
    }

    // Half the tickets close and are rated, all at once: each ticket completes as it closes and
    // its aftercare takes the rating (issue #10), on the same two-ticket cache.
    const closing = opened.slice(0, TICKETS / 2);
    await Promise.all(
      closing.map(async (number) => {
        for (const [action, body, token] of [
          ['resolve', { resolutionNote: '已修复 VPN 配置' }, 'agent'],
          ['close', {}, 'alice'],
          ['rate', { rating: 'satisfied' }, 'alice'],
        ] as const) {
          const res = await desk.api('POST', `/api/tickets/${number}/${action}`, { body, token });
          expect(res.status, `${number} ${action}: ${JSON.stringify(res.body)}`).toBe(200);
        }
      }),
    );
    for (const number of closing) await desk.client.workflow.getHandle(`ticket-${number}-aftercare`).result();

    const outcome = await replayTaskQueue(desk.client, desk.settings.taskQueues.tickets, await sharedWorkflowBundle());
    // One workflow per ticket (issue #10), and an aftercare for each closed one.
    expect(outcome.replayed).toBeGreaterThanOrEqual(TICKETS + closing.length);
    expect(outcome.failures, describeFailures(outcome.failures)).toEqual([]);
  });
});
