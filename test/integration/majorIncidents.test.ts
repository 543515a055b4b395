// Issue #12, major incidents end to end on real servers (Temporal dev server, Dovecot, SMTP sink):
// declared on a ticket, tickets linked from the API and by a matching mail, one broadcast to all
// their requesters in their own threads, resolution carried to every linked ticket, department
// heads told, and the communication interval escalating when no broadcast goes out in time.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { fastSlaYaml } from '../support/fastSla';
import { buildMail } from '../support/mailBuilder';
import type { ReceivedMail } from '../support/smtpSink';
import { startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn } from '../support/webDesk';

const PREFIX = 'MJ';
const FINANCE_HEAD = 'finance-head@corp.example';
const HR_HEAD = 'hr-head@corp.example';
let desk: TestDesk;

// Short durations: the communication interval is seconds, so its escalation fires within a test.
const majorIncidentYaml = `majorIncident:
  calendar: always
  resolution: 1h
  communicationInterval: 8s
  escalation:
    communication:
      - { at: 100%, notify: [groupEscalation] }
  notify: [itManager]
  departmentHeads:
    - { department: 财务部, name: 王敏, email: ${FINANCE_HEAD} }
    - { department: 人力资源部, name: 陈静, email: ${HR_HEAD} }
`;

// A rule that declares a major incident as the ticket opens, first among the shipped rules.
const routingYaml = readFileSync('config/routing.yaml', 'utf8').replace(
  /^rules:\n/m,
  `rules:
  - name: core-erp-down
    when: { keywords: [ERP 全部宕机] }
    then: { majorIncident: { reason: ERP 全公司不可用, keywords: [ERP] } }
    continue: true
`,
);

beforeAll(async () => {
  desk = await startTestDesk(
    'major-incidents',
    {
      'sla.yaml': fastSlaYaml({
        P1: 'response: 1h, resolution: 2h, update: 1h',
        P2: 'response: 1h, resolution: 4h',
        P3: 'response: 2h, resolution: 8h',
        P4: 'response: 4h, resolution: 8h',
      }) + majorIncidentYaml,
      'routing.yaml': routingYaml,
    },
    PREFIX,
    { mailbox: {} },
  );
}, 180_000);
afterAll(async () => desk?.stop(), 120_000);

const header = (mail: ReceivedMail, name: string) => String(mail.headers.get(name) ?? '');
let sequence = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}@corp.example`;
const person = (local: string, name: string) => ({ name, email: `${local}@corp.example`, department: '财务部', phone: '8001' });

async function ticket(number: string, token: 'agent' | 'admin' = 'agent') {
  const res = await desk.api('GET', `/api/tickets/${number}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function open(requester: ReturnType<typeof person>, title: string): Promise<string> {
  const res = await desk.api('POST', '/api/tickets', {
    body: { requester, title, description: `${title}，影响工作`, category: 'network', impact: 'individual', urgency: 'medium' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.number;
}

async function act(number: string, route: string, body: unknown, token: 'agent' | 'admin' = 'agent') {
  const res = await desk.api('POST', `/api/tickets/${number}/${route}`, { body, token });
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** The acknowledgement that started an API ticket's thread (every later mail threads to it). */
const ackOf = (number: string) => desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.ack@itdesk.corp.example>`, 30_000);

describe('a major incident', () => {
  it('links tickets from the API and by mail, broadcasts once to every requester in their thread and resolves them all', async () => {
    const reporter = person('mi-reporter', '赵六');
    const major = await open(reporter, 'VPN 网关故障，全公司无法远程办公');

    // Only group leads and admins declare; a requester cannot at all.
    expect((await desk.api('POST', `/api/tickets/${major}/declare-major-incident`, { body: { reason: 'x' }, token: 'alice' })).status).toBe(403);
    const declared = await act(major, 'declare-major-incident', { reason: 'VPN 网关宕机，影响所有远程用户', keywords: ['VPN'] });
    expect(declared.majorIncident).toMatchObject({ status: 'open', reason: 'VPN 网关宕机，影响所有远程用户', keywords: ['VPN'], linked: [], broadcasts: [] });
    expect(declared.priority).toBe('P1');
    // Its own clocks: the communication interval is the update clock.
    expect(declared.sla.find((c: { name: string }) => c.name === 'update')).toMatchObject({ targetSeconds: 8, state: 'running' });
    expect(declared.sla.find((c: { name: string }) => c.name === 'resolution')).toMatchObject({ targetSeconds: 3600 });

    // Department heads and the IT manager hear of it.
    const declaredNotice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(major) && m.subject.includes('Major incident declared')), 30_000);
    expect(declaredNotice.envelope.rcptTo).toEqual(expect.arrayContaining([FINANCE_HEAD, HR_HEAD, desk.config.current().groups.itManager.email]));

    // Linked from the API: on the major incident, and on the affected ticket.
    const bobTicket = await open(person('mi-bob', 'Bob'), 'VPN 连接超时');
    const carolTicket = await open(person('mi-carol', 'Carol'), '在家无法访问内网');
    const unknown = await desk.api('POST', `/api/tickets/${major}/link-tickets`, { body: { tickets: [bobTicket, `${PREFIX}-999999`] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'tickets.1', message: `no ticket ${PREFIX}-999999` }]);
    await act(major, 'link-tickets', { tickets: [bobTicket], reason: '同一网关' });
    await act(carolTicket, 'link-to-major-incident', { majorIncident: major });
    // A link to a ticket that is no major incident is refused before it reaches any workflow.
    const refused = await desk.api('POST', `/api/tickets/${carolTicket}/link-to-major-incident`, { body: { majorIncident: bobTicket } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ path: 'majorIncident' });

    // Linked by mail: a new mail whose words name the open major incident.
    await waitUntil('the major incident to be listed as open', async () => {
      const list = await desk.api('GET', '/api/major-incidents');
      return list.body.items?.some((t: { number: string }) => t.number === major) ? true : undefined;
    }, 30_000);
    const mailId = uniqueId('vpn-down');
    await desk.mailbox!.deliver(buildMail({ from: 'mi-dave@corp.example', fromName: 'Dave', subject: 'VPN 连不上了', messageId: mailId, body: '从九点开始 VPN 一直连不上。' }));
    const daveTicket = await waitUntil('the ticket of the mail', async () =>
      (await desk.db.get<{ ticket_number: string }>("SELECT ticket_number FROM mail_messages WHERE message_id = ? AND direction = 'in'", [mailId]))?.ticket_number, 30_000);

    const affected = [bobTicket, carolTicket, daveTicket];
    for (const number of affected)
      await waitUntil(`${number} linked`, async () => ((await ticket(number)).affectedBy?.number === major ? true : undefined), 30_000);
    const linked = await waitUntil('all three linked on the major incident', async () => {
      const view = await ticket(major);
      const numbers = view.majorIncident.linked.filter((l: { status: string }) => l.status === 'linked').map((l: { number: string }) => l.number);
      return numbers.length === 3 ? view : undefined;
    }, 30_000);
    expect(linked.majorIncident.linked.map((l: { number: string }) => l.number).sort()).toEqual([...affected].sort());
    const daveView = await ticket(daveTicket);
    expect(daveView.timeline.find((t: { action: string }) => t.action === 'link-major-incident').reason).toContain("'VPN'");
    // What the requester sees: the major incident they are part of, nothing internal.
    expect((await desk.api('GET', `/api/tickets/${carolTicket}`, { token: 'admin' })).body.affectedBy).toMatchObject({ number: major });

    // One broadcast reaches every requester, in their own thread, once.
    const message = '网关已切换到备用设备，预计 30 分钟内恢复。';
    await act(major, 'broadcast', { message });
    const threads: Record<string, string> = {
      [bobTicket]: (await ackOf(bobTicket)).messageId!,
      [carolTicket]: (await ackOf(carolTicket)).messageId!,
      [daveTicket]: `<${mailId}>`,
    };
    const requesters: Record<string, string> = { [bobTicket]: 'mi-bob@corp.example', [carolTicket]: 'mi-carol@corp.example', [daveTicket]: 'mi-dave@corp.example' };
    const isUpdate = (number: string) => (m: ReceivedMail) => Boolean(m.subject?.includes(`[${number}]`) && m.parsed.text?.includes(message));
    for (const number of affected) {
      const mail = await desk.smtp.waitFor(isUpdate(number), 30_000);
      expect(mail.envelope.rcptTo).toEqual([requesters[number]]);
      expect(header(mail, 'references')).toContain(threads[number]);
      expect(header(mail, 'in-reply-to')).not.toBe('');
    }
    // The major incident's own requester hears it as a reply in their thread too.
    await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${major}]`) && m.parsed.text?.includes(message)), 30_000);
    const broadcastView = await waitUntil('the broadcast recorded', async () => {
      const view = await ticket(major);
      return view.majorIncident.broadcasts[0]?.sentTo.length === 3 ? view : undefined;
    }, 30_000);
    expect(broadcastView.majorIncident.broadcasts[0]).toMatchObject({ id: 1, message });
    for (const number of affected) {
      const view = await ticket(number);
      expect(view.comments.filter((c: { body: string }) => c.body.includes(message))).toHaveLength(1);
      expect(view.affectedBy.broadcastsReceived).toEqual([1]);
      // Exactly once: the notice key was sent and only one mail went out for it.
      await waitUntil(`${number}'s notice sent`, async () => (view.mail?.pendingNotices.length === 0 || (await ticket(number)).mail.pendingNotices.length === 0 ? true : undefined), 30_000);
      expect(desk.smtp.messages.filter(isUpdate(number))).toHaveLength(1);
    }

    // Resolving the major incident resolves every linked ticket with its note.
    const note = 'VPN 网关固件已回滚，服务恢复。';
    await act(major, 'resolve', { resolutionNote: note });
    for (const number of affected) {
      const resolved = await waitUntil(`${number} resolved`, async () => {
        const view = await ticket(number);
        return view.status === 'resolved' ? view : undefined;
      }, 30_000);
      expect(resolved.resolution).toMatchObject({ note, code: `major-incident:${major}` });
      // Through its own resolve path: the requester is told and asked to confirm.
      const mail = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${number}]`) && m.parsed.text?.includes(note) && m.envelope.rcptTo.includes(requesters[number])), 30_000);
      expect(header(mail, 'references')).toContain(threads[number]);
      expect(resolved.sla.find((c: { name: string }) => c.name === 'resolution').state).toBe('met');
    }
    const resolvedNotice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(major) && m.subject.includes('Major incident resolved')), 30_000);
    expect(resolvedNotice.envelope.rcptTo).toEqual(expect.arrayContaining([FINANCE_HEAD, HR_HEAD]));
    expect(resolvedNotice.parsed.text).toContain(note);
    expect((await ticket(major)).majorIncident.status).toBe('resolved');
    // No longer open.
    await waitUntil('the major incident to leave the open list', async () => {
      const list = await desk.api('GET', '/api/major-incidents');
      return list.body.items?.some((t: { number: string }) => t.number === major) ? undefined : true;
    }, 30_000);
    // RECORD_HISTORIES=major-incident keeps both sides' histories as replay fixtures (replay.test.ts).
    if (process.env.RECORD_HISTORIES === 'major-incident')
      for (const [number, name] of [[major, 'ticket-major-incident-2026-12'], [daveTicket, 'ticket-affected-by-major-incident-2026-12']]) {
        const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', `ticket-${number}`, '--address', inject('temporalAddress'), '--output', 'json']);
        writeFileSync(`test/fixtures/histories/${name}.json`, json);
      }
  }, 240_000);

  it('is declared by a routing rule as the ticket opens', async () => {
    const number = await open(person('mi-frank', 'Frank'), 'ERP 全部宕机');
    const view = await waitUntil('the declaration', async () => {
      const t = await ticket(number);
      return t.majorIncident ? t : undefined;
    }, 30_000);
    expect(view.majorIncident).toMatchObject({ status: 'open', rule: 'core-erp-down', reason: 'ERP 全公司不可用', keywords: ['ERP'], declaredBy: { role: 'system' } });
    expect(view.priority).toBe('P1');
    expect(view.timeline.find((t: { action: string }) => t.action === 'declare-major-incident')).toMatchObject({ reason: 'ERP 全公司不可用', detail: { rule: 'core-erp-down' } });
    const notice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(number) && m.subject.includes('Major incident declared')), 30_000);
    expect(notice.envelope.rcptTo).toEqual(expect.arrayContaining([FINANCE_HEAD, HR_HEAD]));
    await act(number, 'resolve', { resolutionNote: 'ERP 已恢复' });
  }, 60_000);

  it('escalates the communication interval when no broadcast goes out in time, and a broadcast restarts it', async () => {
    const major = await open(person('mi-erin', 'Erin'), '邮件服务器无法发信');
    const declared = await act(major, 'declare-major-incident', { reason: '全公司无法发邮件' });
    const group = desk.config.current().groups.groups[declared.group];
    // No broadcast within 8 s: the communication clock breaches and its level notifies.
    const breach = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${major}]`) && m.subject.includes('BREACHED')), 30_000);
    expect(breach.envelope.rcptTo).toEqual([group.escalationContact.email]);
    expect(breach.messageId).toBe(`<${major.toLowerCase()}.esc-update-2-100@itdesk.corp.example>`);
    // The mail goes out before the workflow records whom it notified: wait for the record.
    const recorded = await waitUntil('the breach on the ticket', async () => (await ticket(major)).escalations.find((e: { clock: string }) => e.clock === 'update'), 30_000);
    expect(recorded).toMatchObject({ level: '100%', episode: 2 });
    // A comment to the major incident's own requester is no broadcast: the clock stays breached.
    await act(major, 'comments', { body: '我们正在处理', visibility: 'public' });
    expect((await ticket(major)).sla.find((c: { name: string }) => c.name === 'update').breached).toBe(true);
    // A broadcast restarts it: a new episode, not breached.
    const broadcastAt = Date.now();
    const after = await act(major, 'broadcast', { message: '已定位到 SMTP 中继故障' });
    const update = after.sla.find((c: { name: string }) => c.name === 'update');
    expect(Date.now() - broadcastAt, 'the answer came after the new interval had run out: the machine is too slow for this check').toBeLessThan(8_000);
    expect(update).toMatchObject({ state: 'running', breached: false, episode: 3 });
    // A ticket linked after an update went out gets that update at once, in its own thread.
    const late = await open(person('mi-ivan', 'Ivan'), '发不出邮件');
    await act(major, 'link-tickets', { tickets: [late] });
    const caughtUp = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${late}]`) && m.parsed.text?.includes('已定位到 SMTP 中继故障')), 30_000);
    expect(caughtUp.envelope.rcptTo).toEqual(['mi-ivan@corp.example']);
    expect((await ticket(late)).affectedBy.broadcastsReceived).toEqual([1]);
    // An open major incident ends by resolution, not by cancelling it.
    const cancel = await desk.api('POST', `/api/tickets/${major}/cancel`, { body: { reason: 'mistake' } });
    expect(cancel.status).toBe(422);
    expect(cancel.body.detail).toContain('cannot cancel an open major incident');
    // One breach notice for the episode that breached (the next episode may breach in its own time).
    expect(desk.smtp.messages.filter((m) => m.messageId === `<${major.toLowerCase()}.esc-update-2-100@itdesk.corp.example>`)).toHaveLength(1);
  }, 120_000);

  it('is declared, linked and broadcast from the workbench, with a banner on the linked ticket', async () => {
    const lead = await signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' }); // a group lead
    const major = await open(person('mi-gina', 'Gina'), '打印服务器宕机');
    const affected = await open(person('mi-hank', 'Hank'), '无法打印');

    const page = await lead.get(`/desk/tickets/${major}`);
    expect(page.text).toContain('Declare a major incident');
    expect((await lead.post(`/desk/tickets/${major}/declare-major-incident`, { reason: '全楼打印服务中断', keywords: '打印, printer' })).status).toBe(303);
    const declared = await ticket(major);
    expect(declared.majorIncident).toMatchObject({ status: 'open', reason: '全楼打印服务中断', keywords: ['打印', 'printer'] });

    await lead.get(`/desk/tickets/${affected}`);
    // A number that is no open major incident is refused with a message on the page.
    const wrong = await lead.post(`/desk/tickets/${affected}/link-to-major-incident`, { majorIncident: affected });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(`${affected} is not an open major incident`);
    expect((await lead.post(`/desk/tickets/${affected}/link-to-major-incident`, { majorIncident: major.toLowerCase() })).status).toBe(303);
    await waitUntil('the link', async () => ((await ticket(affected)).affectedBy?.number === major ? true : undefined), 30_000);
    const banner = await lead.get(`/desk/tickets/${affected}`);
    expect(banner.text).toContain(`Part of the major incident ${major}`);
    expect(banner.text).not.toContain('Declare a major incident');
    // The requester sees in the portal that theirs is part of a known outage, and nothing of its handling.
    const hank = await signIn(desk, person('mi-hank', 'Hank').email, { 'accept-language': 'en' });
    const portal = await hank.get(`/portal/tickets/${affected}`);
    expect(portal.text).toContain('Your issue is part of a known major incident (打印服务器宕机)');
    expect(portal.text).not.toContain('全楼打印服务中断');

    const card = await lead.get(`/desk/tickets/${major}`);
    expect(card.text).toContain('Affected tickets (1)');
    expect(card.text).toContain(`/desk/tickets/${affected}`);
    expect((await lead.post(`/desk/tickets/${major}/broadcast`, { message: '已更换打印服务器电源' })).status).toBe(303);
    await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${affected}]`) && m.parsed.text?.includes('已更换打印服务器电源')), 30_000);
    expect((await lead.get(`/desk/tickets/${major}`)).text).toContain('Updates sent (1)');
    await act(major, 'resolve', { resolutionNote: '电源已更换' });
  }, 120_000);

  it('mails each requester once per update across a worker restart', async () => {
    const major = await open(person('mi-judy', 'Judy'), '共享盘无法访问');
    await act(major, 'declare-major-incident', { reason: '文件服务器故障' });
    const affected = [await open(person('mi-kim', 'Kim'), 'S 盘打不开'), await open(person('mi-leo', 'Leo'), '共享文件夹丢失')];
    await act(major, 'link-tickets', { tickets: affected });
    for (const number of affected) await waitUntil(`${number} linked`, async () => ((await ticket(number)).affectedBy ? true : undefined), 30_000);
    const message = '文件服务器正在从备份恢复';
    await act(major, 'broadcast', { message });
    // The workers go away while the update travels, and come back with empty caches.
    await desk.stopWorkers();
    await desk.startWorkers();
    const isUpdate = (number: string) => (m: ReceivedMail) => Boolean(m.subject?.includes(`[${number}]`) && m.parsed.text?.includes(message));
    for (const number of affected) {
      await desk.smtp.waitFor(isUpdate(number), 30_000);
      await waitUntil(`${number}'s notices all sent`, async () => ((await ticket(number)).mail.pendingNotices.length === 0 ? true : undefined), 30_000);
    }
    // A second broadcast is a second update: one more mail each, the first not repeated.
    await act(major, 'broadcast', { message: '恢复完成 50%' });
    for (const number of affected) {
      await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${number}]`) && m.parsed.text?.includes('恢复完成 50%')), 30_000);
      expect(desk.smtp.messages.filter(isUpdate(number))).toHaveLength(1);
      expect((await ticket(number)).affectedBy.broadcastsReceived).toEqual([1, 2]);
    }
    await act(major, 'resolve', { resolutionNote: '已恢复' });
  }, 120_000);
});
