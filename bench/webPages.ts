// Render times of the workbench with 1,000 open tickets: the queue page ("all open", first of
// 20 pages, and "breaching") and a ticket page, over real HTTP on a desk of its own.
// Run: npx tsx bench/webPages.ts [tickets=1000] [rounds=60]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app';
import { createConfigSource } from '../config/source';
import { openWebStore } from '../web/webStore';
import { WebClient } from '../test/support/webClient';
import { percentile, startBenchDesk } from './support/benchDesk';

const TICKETS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 60);
const ADMIN_TOKEN = 'bench-admin-token-000000000001';
process.env.ITDESK_ADMIN_TOKEN = ADMIN_TOKEN;

const desk = await startBenchDesk('web', {});
const root = mkdtempSync(join(tmpdir(), 'itdesk-bench-web-'));
const store = await openWebStore(join(root, 'web.sqlite'));
try {
  const t0 = Date.now();
  const titles = ['打印机卡纸', 'VPN 连不上', '邮箱收不到邮件', '电脑蓝屏', '报销系统超时', '<b>粗体</b> title'];
  let next = 0;
  const numbers: string[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < TICKETS) {
        const i = next++;
        const { ticket } = await desk.tickets.create({
          requester: { name: `员工${i}`, email: `user${i % 50}@corp.example` },
          channel: 'api', title: `${titles[i % titles.length]} #${i}`, description: 'bench', impact: 'individual', urgency: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
        } as never, `bench-${i}`);
        numbers.push(ticket.number);
      }
    }),
  );
  console.log(`opened ${TICKETS} tickets in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Visibility is eventually consistent: wait until every ticket is listed.
  for (let seen = 0; seen < TICKETS; ) {
    seen = (await desk.tickets.list({ status: ['new', 'assigned', 'in_progress', 'pending'] }, 5000)).length;
    if (seen < TICKETS) await new Promise((r) => setTimeout(r, 500));
  }

  const config = await createConfigSource(join(process.cwd(), 'config'));
  const app = createApp({ tickets: desk.tickets, config, web: { store } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  const web = new WebClient((path, init) => fetch(`http://127.0.0.1:${port}${path}`, init));
  await web.get('/desk/signin');
  if ((await web.post('/desk/signin/token', { token: ADMIN_TOKEN })).status !== 303) throw new Error('token sign-in failed');

  async function measure(label: string, path: string, mustContain: string) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const res = await web.get(path);
      times.push(performance.now() - started);
      if (res.status !== 200 || !res.text.includes(mustContain)) throw new Error(`${path} answered ${res.status}`);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(0).padStart(4)} ms   p95 ${percentile(times, 95).toFixed(0).padStart(4)} ms   max ${times[times.length - 1].toFixed(0).padStart(4)} ms   (${ROUNDS} requests)`);
  }
  await measure(`queue "all open" (${TICKETS} tickets)`, '/desk?queue=open', numbers[0].slice(0, 3));
  await measure('queue "all open", P1 filter', '/desk?queue=open&priority=P1', 'P1');
  await measure('queue "breaching or at risk"', '/desk?queue=breaching', '<h1>');
  await measure('ticket page', `/desk/tickets/${numbers[0]}`, numbers[0]);
  server.close();
} finally {
  await store.close();
  rmSync(root, { recursive: true, force: true });
  await desk.stop();
}
