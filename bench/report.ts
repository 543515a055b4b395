// Report speed over a big archive: fills a store with N archived tickets (default 100 000,
// varied histories played through the real clock ledgers and archived with archiveTicket: row,
// timeline, full-text index, report facts), then times the November report from a fresh
// read-only connection, as `itdesk report` runs it. The filled store is kept in bench/out/ and
// reused when it already holds N tickets.
// Run: npx tsx bench/report.ts [N]
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { gatherReport } from '../api/reportService';
import { loadConfigOrThrow } from '../config/load';
import { formatReportHtml } from '../report/html';
import { archiveTicket } from '../store/archive';
import { openDatabase, openReadOnlyDatabase } from '../store/db';
import { backfillTicketFacts } from '../store/reportFacts';
import { playTicket, type Step, type TicketSpec } from '../test/support/ticketHistory';

const N = Number(process.argv[2] ?? 100_000);
const FILE = `bench/out/report-${N}.sqlite`;

let seed = 20261101;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const minutes = (base: number, m: number) => new Date(base + m * 60_000).toISOString();

const KINDS = [
  { group: 'desktop', category: 'hardware', people: ['chen.jie', 'liu.yang'] },
  { group: 'network', category: 'network', people: ['zhang.wei'] },
  { group: 'identity-access', category: 'account', people: ['wang.fang'] },
  { group: 'business-apps', category: 'business-app', people: ['zhou.min'] },
  { group: 'service-desk', category: 'other', people: ['li.na', 'zhao.lei'] },
] as const;
const TITLES = ['打印机卡纸', 'VPN 连不上', '忘记密码', 'Outlook 打不开', 'ERP 登录报错', '电脑蓝屏', '申请共享盘权限', 'Wi-Fi 连不上'];

function randomTicket(i: number): TicketSpec {
  const kind = pick(KINDS);
  const person = pick(kind.people);
  // Opened between 1 Oct and 30 Nov 2026 (Shanghai), most in office hours.
  const opened = Date.parse('2026-10-01T00:00:00+08:00') + Math.floor(random() * 61) * 86_400_000 + (8 + Math.floor(random() * 11)) * 3_600_000 + Math.floor(random() * 60) * 60_000;
  const priority = pick(['P1', 'P2', 'P3', 'P3', 'P3', 'P4', 'P4']);
  const steps: Step[] = [];
  let t = 1 + Math.floor(random() * 240);
  const spec: TicketSpec = { number: `BR-${String(i + 1).padStart(6, '0')}`, openedAt: new Date(opened).toISOString(), priority, group: kind.group, category: kind.category, channel: pick(['api', 'mail', 'phone', 'im', 'walk-in']), title: pick(TITLES), steps };
  const fate = random();
  if (fate < 0.03) return { ...spec, declinedAtIntake: true };
  if (fate < 0.07) {
    steps.push({ at: minutes(opened, t), do: 'cancel' });
    return spec;
  }
  steps.push({ at: minutes(opened, 0.5), do: 'assign', assignee: person });
  steps.push({ at: minutes(opened, t), do: 'respond', by: person });
  if (random() < 0.2) {
    steps.push({ at: minutes(opened, (t += 30)), do: 'pend', reason: pick(['requester', 'vendor']) });
    steps.push({ at: minutes(opened, (t += 60 + Math.floor(random() * 1500))), do: 'resume' });
  }
  steps.push({ at: minutes(opened, (t += 20 + Math.floor(random() * 900))), do: 'resolve', by: person, code: random() < 0.1 ? 'kb:KB-3' : undefined });
  if (random() < 0.08) {
    steps.push({ at: minutes(opened, (t += 60)), do: 'reopen' });
    steps.push({ at: minutes(opened, (t += 120)), do: 'resolve', by: person });
  }
  const confirmed = random() < 0.7;
  steps.push({ at: minutes(opened, (t += confirmed ? 10 + Math.floor(random() * 600) : 72 * 60)), do: 'close', how: confirmed ? 'requester' : 'timeout' });
  if (random() < 0.6) steps.push({ at: minutes(opened, (t += 5)), do: 'rate', rating: pick(['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied']) });
  return spec;
}

const config = await loadConfigOrThrow('config');
mkdirSync('bench/out', { recursive: true });
let filled = false;
if (existsSync(FILE)) {
  const db = await openDatabase(FILE);
  const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_facts');
  filled = row?.n === N;
  // Facts of an older FACTS_VERSION are recomputed, as the store worker does at start.
  const t0 = performance.now();
  const recomputed = filled ? await backfillTicketFacts(db) : 0;
  if (recomputed) console.log(`recomputed the facts of ${recomputed} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.close();
}
if (!filled) {
  rmSync(FILE, { force: true });
  const db = await openDatabase(FILE);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await archiveTicket(db, playTicket(randomTicket(i), config.calendars));
    if ((i + 1) % 10_000 === 0) console.log(`  archived ${i + 1} tickets (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await db.close();
  console.log(`filled ${FILE} with ${N} archived tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const request = { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), timeZone: 'Asia/Shanghai' };
for (const [name, req] of [
  ['November (1 month)', request],
  ['October–November (2 months, the whole archive)', { ...request, from: new Date('2026-10-01T00:00:00+08:00') }],
  ['November, group desktop', { ...request, group: 'desktop' }],
] as const) {
  const runs: number[] = [];
  let considered = 0;
  for (let r = 0; r < 3; r++) {
    const db = await openReadOnlyDatabase(FILE);
    const t0 = performance.now();
    const report = await gatherReport({ db }, req);
    formatReportHtml(report);
    runs.push(performance.now() - t0);
    considered = report.ticketsConsidered;
    await db.close();
  }
  runs.sort((a, b) => a - b);
  console.log(`${name}: ${considered} tickets considered; report + HTML in ${runs.map((r) => `${(r / 1000).toFixed(2)} s`).join(', ')} (best ${(runs[0] / 1000).toFixed(2)} s)`);
}
