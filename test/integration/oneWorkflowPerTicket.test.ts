// Issue #10: one workflow per ticket. The API reserves the number in the store and starts the
// ticket with its `ticketOpened` update (update-with-start): no intake workflow, no polling, no
// patch markers on a new ticket; numbers stay sequential, gap-free and once per idempotency key,
// also when a start is lost; tickets the old intake workflow started keep working.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveTicketNumber } from '../../store/ticketNumbers';
import { createTicketStarter, type TicketOpening } from '../../temporal/ticketStarter';
import { sweepUnstartedTickets } from '../../temporal/unstartedTicketSweep';
import { aftercareWorkflowId, ticketWorkflowId } from '../../workflows/messages';
import type { openTicketWorkflow } from '../../workflows/openTicket';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('one-workflow', {}, 'OW');
});
afterAll(async () => desk?.stop());

const request = (title: string) => ({ requester: alice, title, description: '一台电脑', category: 'hardware', impact: 'individual', urgency: 'medium' });
const seq = (number: string) => Number(number.split('-')[1]);

async function workflowTypesOnQueue(): Promise<string[]> {
  const types: string[] = [];
  const query = `TaskQueue = '${desk.settings.taskQueues.tickets}'`;
  for await (const w of desk.client.workflow.list({ query })) types.push(w.type);
  return types;
}

describe('opening a ticket', () => {
  it('answers the planned ticket from its one workflow, whose history holds no patch marker', async () => {
    const created = await desk.api('POST', '/api/tickets', { body: request('OW 显示器不亮') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ticket = created.body;
    // Planned, clocked and assigned in the answer itself: nothing was polled for it.
    expect(ticket).toMatchObject({ priority: 'P3', category: 'hardware', status: 'assigned' });
    expect(ticket.assignee).toEqual(expect.any(String));
    expect(ticket.sla.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['response', 'resolution']));

    const history = await desk.client.workflow.getHandle(ticketWorkflowId(ticket.number)).fetchHistory();
    const events = history.events!;
    const patchMarkers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    expect(patchMarkers).toEqual([]);
    // The opening update was accepted in the first workflow task, with the start.
    expect(events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBeGreaterThan(0);
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name)).not.toContain('planTicket');
    const types = await waitUntil('the ticket in visibility', async () => {
      const all = await workflowTypesOnQueue();
      return all.length ? all : undefined;
    });
    expect(types).not.toContain('openTicketWorkflow');
  });

  it('numbers concurrent requests in sequence without gaps, once per idempotency key', async () => {
    const keys = Array.from({ length: 10 }, () => randomUUID());
    // Every key twice, all at once: each key gets one number, the repeat answers 200 with it.
    const answers = await Promise.all(
      [...keys, ...keys].map((key, i) =>
        desk.api('POST', '/api/tickets', { body: request(`OW 并发 ${keys.indexOf(key)}`), headers: { 'Idempotency-Key': key } }).then((r) => ({ key, i, ...r })),
      ),
    );
    for (const a of answers) expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    const byKey = new Map<string, Set<string>>();
    for (const a of answers) byKey.set(a.key, (byKey.get(a.key) ?? new Set()).add(a.body.number));
    for (const numbers of byKey.values()) expect(numbers.size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(keys.length);
    const numbers = [...byKey.values()].map((s) => seq([...s][0]!)).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]! + 1).toBe(keys.length); // contiguous
  });

  it('starts a ticket whose start was lost after its number was reserved (a crashed API)', async () => {
    const desk0 = desk.config.current().desk;
    const opening: TicketOpening = { intake: { ...request('OW 预留后崩溃'), channel: 'api' } as TicketOpening['intake'] };
    // What the API had done when it died: the number and what opens the ticket, nothing more.
    const reserved = await reserveTicketNumber(desk.db, `crash-${randomUUID()}`, opening, { prefix: desk0.ticketPrefix, digits: desk0.ticketDigits }, new Date(Date.now() - 60_000));
    const lookup = await desk.api('GET', `/api/tickets/${reserved.number}`);
    expect(lookup.status).toBe(404);
    const starter = createTicketStarter({ client: desk.client, db: desk.db, settings: desk.settings, config: desk.config });
    const sweep = sweepUnstartedTickets(starter, { everyMs: 3_600_000, atStart: false, log: () => undefined });
    try {
      expect(await sweep.runOnce()).toContain(reserved.number);
      expect(await sweep.runOnce()).not.toContain(reserved.number); // recorded as started
    } finally {
      sweep.stop();
    }
    const ticket = await waitUntil('the swept ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${reserved.number}`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(ticket.number).toBe(reserved.number);
    expect(ticket.intake.title).toBe('OW 预留后崩溃');
    // The next request takes the next number: none was skipped.
    const next = await desk.api('POST', '/api/tickets', { body: request('OW 之后的请求') });
    expect(seq(next.body.number)).toBe(seq(reserved.number) + 1);
  });

  it('answers a key repeated after its ticket finished with the finished ticket', async () => {
    const key = randomUUID();
    const created = await desk.api('POST', '/api/tickets', { body: request('OW 取消的请求'), headers: { 'Idempotency-Key': key } });
    const cancel = await desk.api('POST', `/api/tickets/${created.body.number}/cancel`, { body: { reason: '不需要了' }, token: 'alice' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await desk.client.workflow.getHandle(ticketWorkflowId(created.body.number)).result();
    const again = await desk.api('POST', '/api/tickets', { body: request('OW 取消的请求'), headers: { 'Idempotency-Key': key } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ number: created.body.number, status: 'cancelled' });
  });
});

describe('a ticket the intake workflow started before the change', () => {
  it('is updated, resolved and closed through the API as before', async () => {
    const key = `legacy-${randomUUID()}`;
    const { number } = await desk.client.workflow.execute<typeof openTicketWorkflow>('openTicketWorkflow', {
      workflowId: `intake-${key}`,
      taskQueue: desk.settings.taskQueues.tickets,
      args: [{ idempotencyKey: key, intake: { ...request('OW 旧工单'), channel: 'api' } as never, storeTaskQueue: desk.settings.taskQueues.store }],
    });
    const opened = await waitUntil('the old-shape ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${number}`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(opened.status).toBe('assigned');
    // The old shape: behaviours decided by the start marker, planning by activity.
    const handle = desk.client.workflow.getHandle(ticketWorkflowId(number));
    const events = (await handle.fetchHistory()).events!;
    expect(events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    expect(events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'planTicket')).toBe(true);
    for (const [action, body, token] of [
      ['comments', { body: '正在处理', visibility: 'public' }, 'agent'],
      ['resolve', { resolutionNote: '更换了电源线' }, 'agent'],
      ['close', { note: '好了' }, 'alice'],
    ] as const) {
      const res = await desk.api('POST', `/api/tickets/${number}/${action}`, { body, token });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect((await desk.api('GET', `/api/tickets/${number}`)).body.status).toBe('closed');
  });
});

describe('a closed ticket', () => {
  it('is Completed in Temporal as it closes; its aftercare takes the rating and archives it', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: request('OW 关闭后评价') });
    for (const [action, body, token] of [
      ['resolve', { resolutionNote: '重新插好了线' }, 'agent'],
      ['close', {}, 'alice'],
    ] as const) {
      const res = await desk.api('POST', `/api/tickets/${ticket.number}/${action}`, { body, token });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const handle = desk.client.workflow.getHandle(ticketWorkflowId(ticket.number));
    const final = await handle.result();
    expect(final.status).toBe('closed');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const aftercare = desk.client.workflow.getHandle(aftercareWorkflowId(ticket.number));
    expect((await aftercare.describe()).status.name).toBe('RUNNING');
    // Listed as closed, from the archive the ticket wrote as it ended.
    const listed = await desk.api('GET', `/api/tickets?status=closed&q=${encodeURIComponent('关闭后评价')}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((t: { number: string }) => t.number)).toContain(ticket.number);

    const rated = await desk.api('POST', `/api/tickets/${ticket.number}/rate`, { body: { rating: 'satisfied', comment: '很快' }, token: 'alice' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body.satisfaction).toMatchObject({ rating: 'satisfied', comment: '很快' });
    const again = await desk.api('POST', `/api/tickets/${ticket.number}/rate`, { body: { rating: 'dissatisfied' }, token: 'alice' });
    expect([409, 422]).toContain(again.status);
    const archived = await aftercare.result();
    expect(archived.satisfaction?.rating).toBe('satisfied');
    const row = await desk.db.get<{ satisfaction: string }>('SELECT satisfaction FROM tickets WHERE number = ?', [ticket.number]);
    expect(row?.satisfaction).toBe('satisfied');
    expect((await desk.api('GET', `/api/tickets/${ticket.number}`)).body.satisfaction.rating).toBe('satisfied');
  });
});
