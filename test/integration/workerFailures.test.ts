// Issue #13, what a dying or broken worker must not do to tickets: a ticket whose workflow task
// keeps failing shows in the API and /healthz instead of a 500, and recovers once good code runs;
// an acknowledgement whose completion died with its worker is sent again within seconds, with
// the same Message-ID.
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { startStuckTicketMonitor } from '../../api/stuckTicketMonitor';
import { createTicketService } from '../../api/ticketService';
import { STUCK_AFTER_ATTEMPTS } from '../../api/ticketHealth';
import { ticketWorkflowId } from '../../workflows/messages';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('worker-failures', {}, 'WF');
});
afterAll(async () => desk?.stop());

const brokenWorkflows = fileURLToPath(new URL('../fixtures/workflows/ticketThatCannotReplay.ts', import.meta.url));

async function openTicket(title: string): Promise<string> {
  const created = await desk.api('POST', '/api/tickets', { body: { requester: alice, title, description: '测试', impact: 'individual', urgency: 'medium' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.number;
}

describe('a ticket whose workflow cannot make progress', () => {
  it('is shown from visibility with its health, counted by /healthz, and recovers under good code', async () => {
    const number = await openTicket('显示器闪烁');
    const handle = desk.client.workflow.getHandle(ticketWorkflowId(number));

    // A bad deploy: the only worker on the queue runs code that cannot replay the ticket.
    await desk.stopWorkers();
    const connection = await NativeConnection.connect({ address: desk.settings.connection.address });
    const broken = await Worker.create({
      connection,
      taskQueue: desk.settings.taskQueues.tickets,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: brokenWorkflows, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } }),
      maxCachedWorkflows: 10,
    });
    const brokenRun = broken.run();
    try {
      await handle.signal('nudge'); // any new event gives the ticket a workflow task
      await waitUntil(
        `ticket ${number} to fail its workflow task ${STUCK_AFTER_ATTEMPTS} times`,
        async () => ((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) >= STUCK_AFTER_ATTEMPTS || undefined,
        90_000,
        250,
      );

      const read = await desk.api('GET', `/api/tickets/${number}`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body).toMatchObject({ number, title: '显示器闪烁', requester: alice.email, health: { state: 'stuck' } });
      expect(read.body.health.attempts).toBeGreaterThanOrEqual(STUCK_AFTER_ATTEMPTS);
      expect(read.body.health.reason).toMatch(/cannot make progress/);
      // The requester may see it too, and nobody else's token shows it.
      expect((await desk.api('GET', `/api/tickets/${number}`, { token: 'alice' })).body.health.state).toBe('stuck');
      expect((await desk.api('GET', `/api/tickets/${number}`, { token: 'bob' })).status).toBe(404);
      // Explaining its SLA needs the workflow: a clear 503, not a 500.
      const sla = await desk.api('GET', `/api/tickets/${number}/sla`);
      expect([sla.status, sla.body.type]).toEqual([503, 'https://itdesk.dev/problems/ticket-stuck']);

      // /healthz counts it after one sweep.
      const service = createTicketService({ client: desk.client, settings: desk.settings, config: desk.config });
      const monitor = startStuckTicketMonitor(service, 60_000);
      try {
        const report = await monitor.sweepNow();
        expect(report.stuck.map((t) => t.number)).toContain(number);
        const health = await createApp({ tickets: service, config: desk.config, stuckTickets: monitor }).request('/healthz');
        const body = (await health.json()) as any;
        expect(health.status).toBe(200);
        expect(body).toMatchObject({ status: 'degraded', tickets: { stuck: report.stuck.length } });
        expect(body.tickets.stuckNumbers).toContain(number);
      } finally {
        monitor.stop();
      }
    } finally {
      broken.shutdown();
      await brokenRun;
      await connection.close();
      await desk.startWorkers();
    }

    // Good code again: the ticket replays, takes the pending task and answers as before.
    const recovered = await waitUntil(`ticket ${number} to answer again`, async () => {
      const res = await desk.api('GET', `/api/tickets/${number}`);
      return res.status === 200 && !res.body.health ? res.body : undefined;
    }, 60_000, 250);
    expect(recovered).toMatchObject({ number, status: 'assigned' });
    const comment = await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: '恢复后继续处理', visibility: 'internal' } });
    expect(comment.status).toBe(200);
  }, 240_000);
});

describe('a worker that dies right after sending the acknowledgement', () => {
  it('has the mail sent again within seconds, with the same Message-ID', async () => {
    await desk.stopWorkers();
    const worker = await desk.startWorkerProcess();
    const isAck = (m: { messageId?: string; envelope: { rcptTo: string[] } }) => Boolean(m.messageId?.endsWith('.ack@itdesk.corp.example>')) && m.envelope.rcptTo.includes(alice.email);
    const acksBefore = desk.smtp.messages.filter(isAck).length;
    // The SMTP server keeps the mail but never answers 250: to the worker, the send is unfinished.
    desk.smtp.holdReplies(isAck);
    let killedAt = 0;
    let number = '';
    try {
      number = await openTicket('键盘失灵');
      const ackId = `<${number.toLowerCase()}.ack@itdesk.corp.example>`;
      await desk.smtp.waitFor((m) => m.messageId === ackId, 60_000);
      worker.process.kill('SIGKILL');
      killedAt = Date.now();
      expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      worker.process.kill('SIGKILL');
      desk.smtp.release();
      await desk.startWorkers();
    }
    const ackId = `<${number.toLowerCase()}.ack@itdesk.corp.example>`;
    const sends = () => desk.smtp.messages.filter((m) => m.messageId === ackId);
    const again = await waitUntil('the acknowledgement to be sent again', () => sends()[1], 90_000);
    const retryAfterMs = again.receivedAt.getTime() - killedAt;
    console.info(`acknowledgement re-sent ${retryAfterMs} ms after the worker was killed`);
    // The send's start-to-close timeout is a minute; its heartbeat timeout is 5 s.
    expect(retryAfterMs, `the acknowledgement was sent again ${retryAfterMs} ms after the worker died`).toBeLessThan(45_000);
    expect(sends()).toHaveLength(2);
    expect(desk.smtp.messages.filter(isAck).length).toBe(acksBefore + 2);
    await waitUntil('the acknowledgement to count as sent', async () => {
      const view = await desk.api('GET', `/api/tickets/${number}`);
      return view.body.mail?.noticesSent?.includes('ack') ? true : undefined;
    }, 30_000);
  }, 240_000);
});

describe('a notice that can never be delivered', () => {
  it('is recorded on the ticket and holds up none of the notices behind it', async () => {
    const bounced = { ...alice, name: '退信用户', email: 'gone@corp.example' };
    desk.smtp.rejectRecipient(bounced.email, 550);
    const created = await desk.api('POST', '/api/tickets', { body: { requester: bounced, title: '邮箱已注销', description: '测试', impact: 'individual', urgency: 'medium' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const number: string = created.body.number;
    const answered = await desk.api('POST', `/api/tickets/${number}/respond`, { body: { message: '已收到，马上处理' } });
    expect(answered.status).toBe(200);
    // Both the acknowledgement and the reply were refused for good: recorded, and the queue is empty.
    const view = await waitUntil('both notices to be given up', async () => {
      const res = await desk.api('GET', `/api/tickets/${number}`);
      const failed = res.body.timeline.filter((t: { action: string }) => t.action === 'notice-failed');
      return failed.length >= 2 && res.body.mail.pendingNotices.length === 0 ? res.body : undefined;
    }, 60_000);
    const failed = view.timeline.filter((t: { action: string }) => t.action === 'notice-failed');
    expect(failed.map((t: { detail: { notice: string } }) => t.detail.notice)).toEqual(['ack', 'comment-1']);
    expect(failed[0].reason).toMatch(/550/);
    expect(view.mail.noticesSent).toEqual(expect.arrayContaining(['ack', 'comment-1']));
    expect(desk.smtp.messages.filter((m) => m.envelope.rcptTo.includes(bounced.email))).toEqual([]);
  }, 120_000);
});
