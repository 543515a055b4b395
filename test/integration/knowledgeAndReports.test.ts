// The knowledge base, archive search and reports on a real desk: articles written and published
// through the store worker (storeCommandWorkflow on the store task queue), suggested at intake,
// "this solved it" closing a ticket as self-served, a draft made from that ticket, usage counted,
// `itdesk kb search`; the archived ticket found by GET /api/tickets; the report over the archived
// and the open ticket by GET /api/reports and `itdesk report`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbSearch } from '../../cli/kbSearch';
import { report } from '../../cli/report';
import { readArticle } from '../../store/knowledge';
import { syncWeeklyReportSchedule, weeklyReportScheduleId } from '../../temporal/reportSchedule';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn } from '../support/webDesk';

let desk: TestDesk;
// Signs the "this article solved it" links of the acknowledgement (read when each mail is sent).
process.env.ITDESK_APPROVAL_SECRET ??= 'kb-link-secret-0123456789abcdef0123';

beforeAll(async () => {
  desk = await startTestDesk('kb', {}, 'KBT');
});
afterAll(async () => desk?.stop());

const vpnArticle = {
  title: 'VPN 连接失败，错误 809',
  symptom: '在家连接公司 VPN 时提示错误 809',
  cause: '家用路由器不支持 IPsec NAT-T',
  solution: '改用 SSL VPN 客户端 EasyConnect 连接',
  category: 'network',
  tags: ['vpn'],
  language: 'zh-CN',
};

describe('knowledge base', () => {
  let articleId: number;
  let number: string;
  let ticketCategory: string;

  it('writes a draft through the store worker and a group lead publishes it', async () => {
    const created = await desk.api('POST', '/api/kb', { token: 'admin', body: vpnArticle });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, author: 'admin:admin' });
    articleId = created.body.id;
    expect((await desk.api('GET', `/api/kb/${articleId}`, { token: 'alice' })).status).toBe(404);
    // The agent token's subject li.na is the lead of service-desk in groups.yaml.
    const published = await desk.api('POST', `/api/kb/${articleId}/publish`, { token: 'agent', body: { note: 'checked' } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedBy: 'agent:li.na' });
    const found = await desk.api('GET', `/api/kb?q=${encodeURIComponent('网络 809')}`, { token: 'alice' });
    expect(found.body.items).toEqual([]); // 网络 is not in the article: strict words must all match
    const vpn = await desk.api('GET', `/api/kb?q=${encodeURIComponent('VPN 连接')}`, { token: 'alice' });
    expect(vpn.body.items.map((a: { id: number }) => a.id)).toEqual([articleId]);
  });

  it('answers a new ticket with suggestions and closes it as self-served when the requester says it solved it', async () => {
    const created = await desk.api('POST', '/api/tickets', {
      token: 'alice',
      body: { requester: alice, title: '在家 VPN 连不上，报错 809', description: '昨晚开始连不上', impact: 'individual', urgency: 'medium' },
    });
    expect(created.status).toBe(201);
    number = created.body.number;
    ticketCategory = created.body.category;
    expect(created.body.suggestions).toEqual([
      expect.objectContaining({ id: articleId, ref: `KB-${articleId}`, title: vpnArticle.title, url: `/api/kb/${articleId}` }),
    ]);
    const onTicket = await desk.api('GET', `/api/tickets/${number}/suggestions`, { token: 'agent' });
    expect(onTicket.body.items.map((s: { id: number }) => s.id)).toEqual([articleId]);

    const solved = await desk.api('POST', `/api/kb/${articleId}/solved`, { token: 'alice', body: { ticket: number } });
    expect(solved.status).toBe(200);
    expect(solved.body.ticket).toMatchObject({ status: 'closed', closedBy: 'requester', resolution: { code: `self-service:KB-${articleId}` } });
    expect(solved.body.ticket.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['resolve', 'close']));
    // Bob cannot claim Alice's ticket was solved: for him it does not exist.
    expect((await desk.api('POST', `/api/kb/${articleId}/solved`, { token: 'bob', body: { ticket: number } })).status).toBe(404);
    expect((await desk.api('POST', `/api/kb/${articleId}/solved`, { token: 'alice', body: { ticket: number } })).status).toBe(409);

    const counters = await waitUntil('usage counted', async () => {
      const a = await readArticle(desk.db, articleId);
      return a && a.counters.suggestionsShown === 1 && a.counters.solved === 1 ? a.counters : undefined;
    });
    expect(counters).toEqual({ views: 0, suggestionsShown: 1, solved: 1 });
    await desk.api('GET', `/api/kb/${articleId}`, { token: 'alice' });
    await waitUntil('view counted', async () => ((await readArticle(desk.db, articleId))?.counters.views === 1 ? true : undefined));
  });

  it('drafts an article from the resolved ticket in one step', async () => {
    const draft = await desk.api('POST', `/api/kb/from-ticket/${number}`, { token: 'agent' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', title: '在家 VPN 连不上，报错 809', sourceTickets: [number], category: ticketCategory });
    expect(draft.body.solution).toContain(`KB-${articleId}`);
  });

  it('lists the finished ticket from the archive, by status, words and period, beside open ones', async () => {
    expect((await desk.api('POST', `/api/tickets/${number}/rate`, { token: 'alice', body: { rating: 'satisfied' } })).status).toBe(200);
    await waitUntil('ticket archived', async () => ((await desk.db.get('SELECT 1 AS yes FROM tickets WHERE number = ?', [number])) ? true : undefined));
    const open = await desk.api('POST', '/api/tickets', { token: 'alice', body: { requester: alice, title: '显示器没有信号', impact: 'individual', urgency: 'low' } });
    const byStatus = await desk.api('GET', '/api/tickets?status=closed', { token: 'agent' });
    expect(byStatus.body.items).toEqual([expect.objectContaining({ number, status: 'closed', source: 'archive' })]);
    const byWords = await desk.api('GET', `/api/tickets?q=${encodeURIComponent('VPN 809')}`, { token: 'agent' });
    expect(byWords.body.items.map((t: { number: string }) => t.number)).toEqual([number]);
    const today = new Date().toISOString().slice(0, 10);
    // Visibility (the search attributes) catches up with a new workflow shortly after its start.
    const byPeriod = await waitUntil('the open ticket listed', async () => {
      const res = await desk.api('GET', `/api/tickets?from=${today}T00:00:00Z`, { token: 'agent' });
      return res.body.items.length === 2 ? res : undefined;
    });
    expect(byPeriod.body.items.map((t: { number: string; source: string }) => [t.number, t.source])).toEqual([
      [open.body.number, 'live'],
      [number, 'archive'],
    ]);
    expect(byPeriod.body.items[0].createdAt).toEqual(expect.any(String));
    expect((await desk.api('GET', '/api/tickets?status=closed', { token: 'bob' })).body.items).toEqual([]);
    const bad = await desk.api('GET', '/api/tickets?from=last-week', { token: 'agent' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('query.from');
  });

  it('finds published articles from the command line, reading the store file', async () => {
    const lines: string[] = [];
    process.env.ITDESK_STORE_FILE = join(dirname(desk.configDir), 'itdesk.sqlite');
    try {
      expect(await kbSearch(['809'], (l) => lines.push(l))).toBe(0);
      expect(await kbSearch(['打印'], (l) => lines.push(l))).toBe(0);
    } finally {
      delete process.env.ITDESK_STORE_FILE;
    }
    expect(lines).toEqual([`${`KB-${articleId}`.padEnd(8)} VPN 连接失败，错误 809  [network]`, "no published article matches '打印'"]);
  });

  it('reports the day: the archived self-served ticket and the open one, for staff only', async () => {
    const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86_400_000));
    // Yesterday to tomorrow (desk zone), so a run near midnight still holds both tickets.
    const query = `from=${day(-1)}&to=${day(1)}`;
    const res = await desk.api('GET', `/api/reports?${query}`, { token: 'agent' });
    expect(res.status).toBe(200);
    expect(res.body.sources).toEqual({ archived: 1, live: 1 });
    expect(res.body.volume).toEqual({ opened: 2, resolved: 1, closed: 1, reopened: 0, declined: 0, cancelled: 0 });
    expect(res.body.knowledgeBase).toEqual({
      usageRate: { numerator: 1, denominator: 1, value: 1 },
      selfServed: 1,
      suggestionSuccess: { numerator: 1, denominator: 1, value: 1 },
      usage: { views: 1, suggestionsShown: 1, solved: 1 },
    });
    expect(res.body.satisfaction.counts).toEqual({ satisfied: 1, basically_satisfied: 0, dissatisfied: 0 });
    expect(res.body.backlog.count).toBe(1);
    expect(res.body.definitions.kbUsageRate).toMatch(/knowledge article/);

    const html = await desk.api('GET', `/api/reports?${query}&format=html`, { token: 'admin' });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(String(html.body).match(/<svg /g)).toHaveLength(4);
    expect((await desk.api('GET', `/api/reports?${query}`, { token: 'alice' })).status).toBe(403);
    const bad = await desk.api('GET', `/api/reports?from=${day(1)}&to=${day(0)}`, { token: 'agent' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('query.to');

    // The same report from the command line, over the store file (read-only); --archive-only
    // because this test desk polls task queues of its own, not temporal.yaml's.
    let printed = '';
    process.env.ITDESK_STORE_FILE = join(dirname(desk.configDir), 'itdesk.sqlite');
    try {
      const args = ['--from', day(-1), '--to', day(1), '--format', 'json', '--config', desk.configDir, '--archive-only'];
      expect(await report(args, (s) => (printed += s))).toBe(0);
    } finally {
      delete process.env.ITDESK_STORE_FILE;
    }
    const cli = JSON.parse(printed);
    expect(cli.sources).toEqual({ archived: 1, live: 0 });
    expect(cli.volume).toEqual({ opened: 1, resolved: 1, closed: 1, reopened: 0, declined: 0, cancelled: 0 });
    expect(cli.knowledgeBase.usageRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });

  it('keeps the weekly report schedule in step with desk.yaml and mails the report when it fires', async () => {
    const sync = () => syncWeeklyReportSchedule(desk.client, desk.settings, desk.config.current());
    const handle = desk.client.schedule.getHandle(weeklyReportScheduleId(desk.settings));
    const deskYaml = join(desk.configDir, 'desk.yaml');
    const shipped = readFileSync(deskYaml, 'utf8');
    const edit = async (weekly: string) => {
      writeFileSync(deskYaml, shipped.replace(/^weeklyReport:.*$/m, weekly));
      expect(await desk.config.reload()).toMatchObject({ ok: true });
    };
    try {
      expect(await sync()).toBe('created'); // the shipped desk.yaml: Monday 09:00
      expect(await sync()).toBe('unchanged');
      let spec = (await handle.describe()).spec;
      expect(spec.timezone).toBe('Asia/Shanghai');
      expect(spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'MONDAY' }], hour: [{ start: 9 }], minute: [{ start: 0 }] });

      await edit('weeklyReport: { day: fri, time: "17:30", recipients: [boss@corp.example] }');
      expect(await sync()).toBe('updated');
      spec = (await handle.describe()).spec;
      expect(spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'FRIDAY' }], hour: [{ start: 17 }], minute: [{ start: 30 }] });

      await handle.trigger();
      const mail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes('Weekly service report')), 60_000);
      expect(mail.envelope.rcptTo).toEqual(['boss@corp.example']);
      expect(mail.subject).toMatch(/^\[IT 服务台\] 服务周报 Weekly service report \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
      expect(String(mail.parsed.html)).toContain('<svg');
      expect(mail.parsed.text).toContain('SLA compliance: response');

      await edit('');
      expect(await sync()).toBe('deleted');
      await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
      expect(await sync()).toBe('absent');
    } finally {
      writeFileSync(deskYaml, shipped);
      await handle.delete().catch(() => undefined);
    }
  });
});

// Last: it opens and closes a ticket of its own, which the counts above do not expect.
describe('the acknowledgement mail', () => {
  it('suggests the article in the acknowledgement mail, whose link closes the ticket as self-served', async () => {
    const articleId = (await desk.api('GET', `/api/kb?q=${encodeURIComponent('VPN 809')}`, { token: 'alice' })).body.items[0].id as number;
    const created = await desk.api('POST', '/api/tickets', {
      token: 'alice',
      body: { requester: alice, title: 'VPN 报错 809 连不上', description: '出差时连不上公司 VPN', impact: 'individual', urgency: 'medium' },
    });
    expect(created.status).toBe(201);
    const ticket = created.body.number as string;
    const ack = await desk.smtp.waitFor((m) => m.messageId === `<${ticket.toLowerCase()}.ack@itdesk.corp.example>`, 30_000);
    const text = ack.parsed.text ?? '';
    expect(text).toContain(`KB-${articleId} ${vpnArticle.title}`);
    expect(text).toContain(vpnArticle.solution);
    const link = text.match(/已经解决？点此关闭工单：(\S+)/)?.[1];
    expect(link, text).toMatch(/\/api\/requester-links\//);
    const path = new URL(link!).pathname;
    // GET only shows what the click will do (mail scanners prefetch links).
    const page = await fetch(`${desk.url}${path}`);
    expect(page.status).toBe(200);
    expect((await desk.api('GET', `/api/tickets/${ticket}`)).body.status).not.toBe('closed');
    const solved = await fetch(`${desk.url}${path}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(solved.status, await solved.clone().text()).toBe(200);
    expect(await solved.json()).toEqual({ number: ticket, status: 'closed' });
    const view = (await desk.api('GET', `/api/tickets/${ticket}`)).body;
    expect(view.resolution?.code ?? view.timeline.find((t: { action: string }) => t.action === 'resolve')?.detail?.code).toBe(`self-service:KB-${articleId}`);
    expect(view.suggestions.map((s: { id: number }) => s.id)).toEqual([articleId]);
    // A second click changes nothing.
    const again = await fetch(`${desk.url}${path}`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(again.status).toBe(409);
    // Agents see on the ticket page what the requester was offered.
    const agent = await signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' });
    const deskPage = await agent.get(`/desk/tickets/${ticket}`);
    expect(deskPage.text).toContain('Knowledge articles sent to the requester');
    expect(deskPage.text).toContain(`KB-${articleId}`);
    expect(deskPage.text).toContain(vpnArticle.solution);
  });

});
