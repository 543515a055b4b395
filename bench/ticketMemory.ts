// What an open ticket costs in memory, and what an evicted one costs to bring back (issue #10):
// opens N tickets on a bench desk, reads the RSS of this process (API, workers, workflow thread,
// store) and of the Temporal dev server, then restarts the workers — every ticket leaves the
// workflow cache — and times queries that each replay one ticket's whole history.
// Per-ticket figures divide by N, so they are per cached ticket only while N ≤ the cache size;
// with N above it (10,000 on the shipped cache of 2,000) the total is the figure that counts.
// Run: npx tsx --expose-gc bench/ticketMemory.ts [N=300] [replays=30]
import { readFileSync } from 'node:fs';
import { getTicketQuery, ticketWorkflowId } from '../workflows/messages';
import { percentile, startBenchDesk } from './support/benchDesk';

const N = Number(process.argv[2] ?? 300);
const REPLAYS = Math.min(N, Number(process.argv[3] ?? 30));
const LANES = 8;

const desk = await startBenchDesk('ticket-memory', {});
const rssOf = (pid: number | 'self') => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const MiB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** RSS after the heap settles: a forced GC of the main thread, then a few quiet seconds. */
async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 1000));
  }
  return rssOf('self');
}

try {
  const requester = { name: '压测', email: 'bench@corp.example', department: 'IT', employeeId: 'B1', phone: '0' };
  const intake = (i: number) => ({ requester, channel: 'phone' as const, title: `打印机卡纸 #${i}`, description: 'bench', category: 'hardware', impact: 'individual' as const, urgency: 'medium' as const });
  await desk.tickets.create(intake(-1) as never); // bundles loaded, connections open
  const before = await settledRss();
  const serverBefore = rssOf(desk.serverPid);

  const numbers: string[] = [];
  let next = 0;
  // Opening must not slow down as tickets pile up: the rate of each tenth of the run.
  const tenth = Math.max(1, Math.floor(N / 10));
  let mark = performance.now();
  const rates: string[] = [];
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next < N) {
        const i = next++;
        numbers.push((await desk.tickets.create(intake(i) as never)).ticket.number);
        if (numbers.length % tenth === 0) {
          const t = performance.now();
          rates.push(((tenth / (t - mark)) * 1000).toFixed(1));
          mark = t;
        }
      }
    }),
  );
  console.log(`tickets opened per second, by tenth of the run (${LANES} in flight): ${rates.join(' · ')}`);
  const after = await settledRss();
  const serverAfter = rssOf(desk.serverPid);
  const cache = desk.settings.worker.maxCachedWorkflows;
  console.log(`${N} open tickets, ${Math.min(N, cache)} of them in the worker's cache (temporal.yaml worker.maxCachedWorkflows ${cache}), the rest replayed on demand`);
  console.log(`  all processes (desk + Temporal dev server): ${MiB(after + serverAfter)} MiB RSS`);
  console.log(`  desk process RSS: ${MiB(before)} → ${MiB(after)} MiB, ${((after - before) / N / 1024).toFixed(0)} KiB per open ticket`);
  console.log(`  Temporal dev server RSS: ${MiB(serverBefore)} → ${MiB(serverAfter)} MiB, ${((serverAfter - serverBefore) / N / 1024).toFixed(0)} KiB per open ticket`);

  await desk.restartWorkers();
  const restarted = await settledRss();
  const sample = numbers.filter((_, i) => i % Math.max(1, Math.floor(N / REPLAYS)) === 0).slice(0, REPLAYS);
  const latencies: number[] = [];
  const cpu0 = cpuMs();
  for (const number of sample) {
    const s = performance.now();
    await desk.client.workflow.getHandle(ticketWorkflowId(number)).query(getTicketQuery);
    latencies.push(performance.now() - s);
  }
  const cpuPerReplay = (cpuMs() - cpu0) / sample.length;
  latencies.sort((a, b) => a - b);
  console.log(`evicted tickets brought back by a query (workers restarted, RSS ${MiB(restarted)} MiB):`);
  console.log(`  ${sample.length} replays: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, ${cpuPerReplay.toFixed(1)} ms CPU each (desk process)`);
  console.log(`  desk process RSS with ${sample.length} tickets back in the cache: ${MiB(await settledRss())} MiB`);
} finally {
  await desk.stop();
}
