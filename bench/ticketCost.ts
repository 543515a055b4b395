// What a ticket costs, as ratios against a raw ticket-shaped reference on the same dev server in
// the same run (issue #10): tickets opened per second, CPU per ticket (this process — API,
// workers, store — plus the Temporal server), POST → 201 latency, history per ticket, and worker
// memory per cached open ticket. Run: npx tsx bench/ticketCost.ts [N=300] [inFlight=16]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app';
import { getTicketQuery, ticketWorkflowId } from '../workflows/messages';
import { percentile, startBenchDesk } from './support/benchDesk';

const N = Number(process.argv[2] ?? 300);
const IN_FLIGHT = Number(process.argv[3] ?? 16);
const TOKEN = 'bench-admin-token-0000000001';
process.env.ITDESK_BENCH_TOKEN = TOKEN;

const desk = await startBenchDesk('ticket-cost', {
  'auth.yaml': 'tokens:\n  - { name: bench, role: admin, subject: admin, tokenEnv: ITDESK_BENCH_TOKEN }\n',
});

/** user+system CPU of a process in ms, from /proc (the dev server is a child process). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}
const serverPid = desk.serverPid;
const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpuNow = () => selfCpuMs() + cpuMsOf(serverPid);

async function run(label: string, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  const cpu0 = cpuNow();
  const server0 = cpuMsOf(serverPid);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < N) {
        const i = next++;
        const s = performance.now();
        await one(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const serverMs = (cpuMsOf(serverPid) - server0) / N;
  const result = { label, perSecond: (N / wallMs) * 1000, cpuMsPerTicket: (cpuNow() - cpu0) / N, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  console.log(
    `${label}: ${result.perSecond.toFixed(1)} tickets/s, ${result.cpuMsPerTicket.toFixed(0)} ms CPU per ticket (server ${serverMs.toFixed(0)} ms), latency p50 ${result.p50.toFixed(0)} ms / p99 ${result.p99.toFixed(0)} ms`,
  );
  return result;
}

async function historyOf(workflowId: string): Promise<{ events: number; bytes: number }> {
  const history = await desk.client.workflow.getHandle(workflowId).fetchHistory();
  return { events: history.events?.length ?? 0, bytes: JSON.stringify(history).length };
}

const app = createApp({ tickets: desk.tickets, config: desk.config });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

// The reference runs on its own task queue, with its own bundle, beside the desk's workers.
const referenceQueue = `reference-${process.pid}`;
const connection = await NativeConnection.connect({ address: desk.settings.connection.address });
const referenceWorker = await Worker.create({
  connection,
  taskQueue: referenceQueue,
  workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./support/referenceWorkflows.ts', import.meta.url)), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } }),
  activities: { step: async (input: string) => input },
});
const referenceRunning = referenceWorker.run();

try {
  const requester = { name: '压测', email: 'bench@corp.example', department: 'IT', employeeId: 'B1', phone: '0' };
  const body = (i: number) => JSON.stringify({ requester, channel: 'phone', title: `VPN 连不上 #${i}`, description: 'bench', category: 'network', impact: 'individual', urgency: 'medium' });
  // Warm both paths (bundles loaded, connections open) before measuring.
  for (let i = 0; i < 3; i++) {
    await fetch(`${url}/api/tickets`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body(-i - 1) });
    await desk.client.workflow.execute('referenceIntake', { taskQueue: referenceQueue, workflowId: `reference-intake-warm-${i}-${process.pid}`, args: [`warm-${i}-${process.pid}`] });
  }
  // Idle-desk latency: one ticket at a time.
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    const res = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body(10_000 + i) });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    idle.push(performance.now() - s);
  }
  idle.sort((a, b) => a - b);
  console.log(`idle desk: POST → 201 p50 ${percentile(idle, 50).toFixed(0)} ms`);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const numbers: string[] = [];
  const desk1 = await run(`itdesk (POST /api/tickets, ${IN_FLIGHT} in flight)`, async (i) => {
    const res = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `bench-${process.pid}-${i}` }, body: body(i) });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    numbers.push(((await res.json()) as { number: string }).number);
  });
  global.gc?.();
  const rssPerTicketKiB = (process.memoryUsage().rss - rssBefore) / N / 1024;

  const reference = await run(`reference (intake → child: 3 activities, 2 upserts, ${IN_FLIGHT} in flight)`, async (i) => {
    await desk.client.workflow.execute('referenceIntake', { taskQueue: referenceQueue, workflowId: `reference-intake-${process.pid}-${i}`, args: [`${process.pid}-${i}`] });
  });

  const sample = numbers[0];
  const ticketHistory = await historyOf(ticketWorkflowId(sample));
  const refTicket = await historyOf(`reference-ticket-${process.pid}-0`);
  const refIntake = await historyOf(`reference-intake-${process.pid}-0`);
  await desk.client.workflow.getHandle(ticketWorkflowId(sample)).query(getTicketQuery); // still answers

  console.log('');
  console.log(`| figure | itdesk | reference | ratio |`);
  console.log(`|---|---|---|---|`);
  console.log(`| tickets opened per second | ${desk1.perSecond.toFixed(1)} | ${reference.perSecond.toFixed(1)} | ${(desk1.perSecond / reference.perSecond).toFixed(2)}× |`);
  console.log(`| CPU per ticket (this process + server) | ${desk1.cpuMsPerTicket.toFixed(0)} ms | ${reference.cpuMsPerTicket.toFixed(0)} ms | ${(desk1.cpuMsPerTicket / reference.cpuMsPerTicket).toFixed(2)}× |`);
  console.log(`| latency p50 / p99 at ${IN_FLIGHT} in flight | ${desk1.p50.toFixed(0)} / ${desk1.p99.toFixed(0)} ms | ${reference.p50.toFixed(0)} / ${reference.p99.toFixed(0)} ms | |`);
  console.log(`| POST → 201 p50, idle desk | ${percentile(idle, 50).toFixed(0)} ms | — | |`);
  // One workflow per ticket since issue #10 (no intake history); the reference keeps its two.
  console.log(`| history when opened | ${ticketHistory.events} events, ${(ticketHistory.bytes / 1024).toFixed(1)} KB | ${refTicket.events + refIntake.events} events, ${((refTicket.bytes + refIntake.bytes) / 1024).toFixed(1)} KB | |`);
  console.log(`| process RSS growth per open ticket (cached) | ${rssPerTicketKiB.toFixed(0)} KiB | — | |`);
} finally {
  referenceWorker.shutdown();
  await referenceRunning.catch(() => undefined);
  await connection.close();
  server.close();
  await desk.stop();
}
