// A ticket open for a long time keeps a bounded history: the workflow continues as new when the
// server suggests it (the global setup lowers the threshold to 400 events), carrying the whole
// ticket — comments, timeline and the SLA clock ledgers — into the new run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('longlived', {}, 'LNG');
});
afterAll(async () => desk?.stop());

describe('a long-lived ticket', () => {
  it('continues as new with its clock ledger and story intact', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { requester: alice, title: '网络时断时续，需要长期观察', category: 'network' } });
    const handle = desk.client.workflow.getHandle(`ticket-${ticket.number}`);
    const firstRun = (await handle.describe()).runId;
    await desk.api('POST', `/api/tickets/${ticket.number}/pend`, { body: { reason: 'vendor', note: '等待运营商排查' } });
    const before = (await desk.api('GET', `/api/tickets/${ticket.number}`)).body;
    const consumedBefore = before.clocks.find((c: any) => c.name === 'resolution').consumedSeconds;

    // About 80 comments fill the 400 events; a describe after every fifth halves the round trips,
    // which on a loaded machine is what decides whether this fits in its deadline.
    let comments = 0;
    const rolledOver = await waitUntil(
      'a continue-as-new',
      async () => {
        for (let i = 0; i < 5; i++) {
          const res = await desk.api('POST', `/api/tickets/${ticket.number}/comments`, { body: { body: `观察记录 ${++comments}`, visibility: 'internal' } });
          expect(res.status).toBe(200);
        }
        const runId = (await handle.describe()).runId;
        return runId !== firstRun ? runId : undefined;
      },
      120_000,
      0,
    );
    expect(rolledOver).not.toBe(firstRun);

    const after = (await desk.api('GET', `/api/tickets/${ticket.number}`)).body;
    expect(after.comments).toHaveLength(comments);
    expect(after.status).toBe('pending');
    const resolution = after.clocks.find((c: any) => c.name === 'resolution');
    // Paused while pending on the vendor: not a second lost or gained across the runs.
    expect(resolution).toMatchObject({ state: 'paused', consumedSeconds: consumedBefore });
    expect(resolution.pauses).toHaveLength(1);
    expect(after.timeline[0].action).toBe('open');

    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(400);
    // The new run keeps working.
    const resumed = await desk.api('POST', `/api/tickets/${ticket.number}/resume`, { body: { note: '运营商已修复' } });
    expect(resumed.body.status).toBe('in_progress');
  }, 180_000); // above the 120 s of the wait, so a slow run fails with the wait's own message
});
