// A ticket's life through the API on a real Temporal server: open, assign, respond, resolve,
// confirm, rate, archive; plus illegal transitions, access rules and duplicate creates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { fastSlaYaml } from '../support/fastSla';

// Signs the requester's confirm / reopen links in resolution mails (read when each mail is sent).
process.env.ITDESK_APPROVAL_SECRET = 'lifecycle-link-secret-0123456789abcdef';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('lifecycle', {
    'sla.yaml': fastSlaYaml({
      P1: 'response: 1h, resolution: 2h, update: 1h',
      P2: 'response: 1h, resolution: 4h',
      P3: 'response: 2h, resolution: 8h',
      P4: 'response: 4h, resolution: 8h',
    }),
    'desk.yaml': `name: test desk
ticketPrefix: IT
ticketDigits: 6
defaultLanguage: zh-CN
fromAddress: itdesk@corp.example
fromName: IT 服务台
resolvedAutoCloseAfter: 1h
satisfactionWindow: 1h
requesterMailChannels: [api, im]
pendingReminderAfter: 2s
`,
  });
});
afterAll(async () => desk?.stop());

const printerJam = { requester: alice, title: '打印机卡纸', description: '三楼打印机卡纸，无法打印', category: 'hardware', impact: 'individual', urgency: 'medium' };

describe('ticket lifecycle', () => {
  it('goes from new to closed, is rated, and lands in the archive with its whole timeline', async () => {
    const created = await desk.api('POST', '/api/tickets', { body: printerJam });
    expect(created.status).toBe(201);
    const number: string = created.body.number;
    expect(number).toMatch(/^IT-\d{6}$/);
    expect(created.headers.get('location')).toBe(`/api/tickets/${number}`);
    // Routed to desktop and given to the member with the fewest open tickets.
    expect(created.body).toMatchObject({ status: 'assigned', priority: 'P3', category: 'hardware', group: 'desktop' });
    expect(['chen.jie', 'liu.yang']).toContain(created.body.assignee);
    expect(created.body.sla.map((c: any) => c.name).sort()).toEqual(['resolution', 'response']);
    for (const clock of created.body.sla) expect(Date.parse(clock.dueAt)).toBeGreaterThan(Date.now());

    const assigned = await desk.api('POST', `/api/tickets/${number}/assign`, { body: { assignee: 'chen.jie' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: 'chen.jie' });

    const responded = await desk.api('POST', `/api/tickets/${number}/respond`, { body: { message: '您好，工程师马上远程协助。' } });
    expect(responded.body.status).toBe('in_progress');
    expect(responded.body.sla.find((c: any) => c.name === 'response').state).toBe('met');

    const resolved = await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '清理卡纸，更换搓纸轮' } });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.sla.find((c: any) => c.name === 'resolution').state).toBe('met');

    // An agent cannot close on the requester's behalf without saying how they confirmed.
    const agentClose = await desk.api('POST', `/api/tickets/${number}/close`, { body: {} });
    expect(agentClose.status).toBe(422);

    const closed = await desk.api('POST', `/api/tickets/${number}/close`, { token: 'alice', body: { note: '已恢复，谢谢' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'requester' });

    const rated = await desk.api('POST', `/api/tickets/${number}/rate`, { token: 'alice', body: { rating: 'satisfied' } });
    expect(rated.body.satisfaction.rating).toBe('satisfied');

    // Rated within the window: the workflow archives the ticket and completes.
    const final = await desk.client.workflow.getHandle(`ticket-${number}`).result();
    expect(final.status).toBe('closed');
    const archived = await desk.db.get<{ status: string; satisfaction: string; assignment_group: string }>(
      'SELECT * FROM tickets WHERE number = ?',
      [number],
    );
    expect(archived).toMatchObject({ status: 'closed', satisfaction: 'satisfied', assignment_group: 'desktop' });
    const events = await desk.db.all<{ action: string }>('SELECT action FROM ticket_events WHERE number = ? ORDER BY seq', [number]);
    expect(events.map((e) => e.action)).toEqual(['open', 'assign', 'assign', 'comment', 'respond', 'resolve', 'close', 'rate']);

    // The finished ticket is still readable.
    const read = await desk.api('GET', `/api/tickets/${number}`, { token: 'alice' });
    expect(read.body.status).toBe('closed');
  });

  it('keeps a requester who asked through the API informed by mail threaded to the acknowledgement', async () => {
    const created = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '显示器不亮' } });
    const number: string = created.body.number;
    const id = (key: string) => `<${number.toLowerCase()}.${key}@itdesk.corp.example>`;
    const other = created.body.assignee === 'chen.jie' ? 'liu.yang' : 'chen.jie';
    await desk.api('POST', `/api/tickets/${number}/assign`, { body: { assignee: other } });
    const commented = await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: '请确认电源线是否插好', visibility: 'public' } });
    const commentId = commented.body.comments.at(-1).id;
    await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: '内部：可能是主板问题', visibility: 'internal' } });
    await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '更换电源适配器' } });
    await desk.api('POST', `/api/tickets/${number}/close`, { token: 'alice', body: { note: '好了' } });

    const expected = [id('ack'), id(`assigned-${other}`), id(`comment-${commentId}`), id('resolved-0'), id('closed')];
    await desk.smtp.waitFor((m) => m.messageId === id('closed'), 20_000);
    const mails = desk.smtp.messages.filter((m) => m.envelope.rcptTo.includes(alice.email) && m.subject?.includes(`[${number}]`));
    // One mail per event, in order, none for the internal note.
    expect(mails.map((m) => m.messageId)).toEqual(expected);
    expect(mails[0].subject).toBe(`[${number}] 已受理：显示器不亮`);
    expect(mails[0].headers.get('in-reply-to')).toBeUndefined();
    expect(mails[2].parsed.text).toContain('请确认电源线是否插好');
    expect(mails.map((m) => m.parsed.text).join('\n')).not.toContain('主板');
    for (const mail of mails.slice(1)) {
      // Every later mail answers the acknowledgement, so the requester's client shows one thread.
      expect(mail.headers.get('in-reply-to')).toBe(id('ack'));
      expect(String(mail.headers.get('references'))).toContain(id('ack'));
    }
    for (const mail of mails) expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Replies to those mails find the ticket through the Message-ID index.
    // (The index is written right after each send, so the last entry may trail the last mail.)
    const indexed = await waitUntil('the closing mail in the index', async () => {
      const rows = await desk.db.all<{ message_id: string }>("SELECT message_id FROM mail_messages WHERE ticket_number = ? AND direction = 'out'", [number]);
      return rows.length >= expected.length ? rows : undefined;
    });
    expect(indexed.map((r) => `<${r.message_id}>`).sort()).toEqual([...expected].sort());
  });

  it('lets the requester confirm and rate, or reopen, with the links in the resolution mail', async () => {
    const resolvedMail = async (number: string, round: number) => {
      const mail = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.resolved-${round}@itdesk.corp.example>`, 20_000);
      const [confirm, reopen] = [...(mail.parsed.text ?? '').matchAll(/https?:\/\/\S+?(\/api\/requester-links\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]);
      expect(confirm && reopen, mail.parsed.text).toBeTruthy();
      return { confirm, reopen };
    };
    const open = async (title: string) => {
      const number: string = (await desk.api('POST', '/api/tickets', { body: { ...printerJam, title } })).body.number;
      expect((await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '已处理' } })).status).toBe(200);
      return number;
    };

    // Confirm: the page only shows a form (mail scanners prefetch links); the POST closes and rates.
    const solved = await open('耳机没有声音');
    const links = await resolvedMail(solved, 0);
    const page = await desk.api('GET', links.confirm, { token: null, headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await desk.api('GET', `/api/tickets/${solved}`)).body.status).toBe('resolved');
    const confirmed = await desk.api('POST', links.confirm, { token: null, body: { rating: 'satisfied' } });
    expect(confirmed.body).toEqual({ number: solved, status: 'closed' });
    const closed = (await desk.api('GET', `/api/tickets/${solved}`)).body;
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'requester', satisfaction: { rating: 'satisfied' } });
    expect(closed.timeline.filter((t: any) => t.action === 'close')).toMatchObject([{ actor: { role: 'requester', id: alice.email } }]);
    // A second click changes nothing.
    const again = await desk.api('POST', links.confirm, { token: null, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/requester-link-used$/);

    // Reopen with a reason; the old links then belong to an earlier resolution.
    const broken = await open('鼠标滚轮失灵');
    const first = await resolvedMail(broken, 0);
    const reopened = await desk.api('POST', first.reopen, { token: null, raw: 'reason=%E8%BF%98%E6%98%AF%E4%B8%8D%E8%A1%8C', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reopened.body).toEqual({ number: broken, status: 'assigned' });
    expect((await desk.api('GET', `/api/tickets/${broken}`)).body.timeline.at(-1)).toMatchObject({ action: 'reopen', reason: '还是不行' });
    await desk.api('POST', `/api/tickets/${broken}/resolve`, { body: { resolutionNote: '更换鼠标' } });
    const second = await resolvedMail(broken, 1);
    const stale = await desk.api('POST', first.confirm, { token: null, body: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/earlier resolution/);
    expect((await desk.api('POST', second.confirm, { token: null, body: {} })).body).toEqual({ number: broken, status: 'closed' });

    // Forged or altered links do nothing.
    const forged = `${second.reopen.slice(0, -4)}AAAA`;
    expect((await desk.api('POST', forged, { token: null, body: {} })).status).toBe(400);
  });

  it('reminds the requester once per unanswered question', async () => {
    const created = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '投影仪无信号' } });
    const number: string = created.body.number;
    const id = (key: string) => `<${number.toLowerCase()}.${key}@itdesk.corp.example>`;
    const ask = async (note: string) => {
      const res = await desk.api('POST', `/api/tickets/${number}/pend`, { body: { reason: 'requester', note } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { at: Date.parse(res.body.timeline.at(-1).at), key: `pending-reminder-${res.body.timeline.length}` };
    };
    const first = await ask('请告诉我们会议室编号');
    const reminder = await desk.smtp.waitFor((m) => m.messageId === id(first.key), 20_000);
    expect(reminder.receivedAt.getTime()).toBeGreaterThanOrEqual(first.at + 2000);
    expect(reminder.subject).toBe(`[${number}] 提醒：仍在等待您的回复：投影仪无信号`);
    expect(reminder.parsed.text).toContain('请告诉我们会议室编号');
    expect(reminder.headers.get('in-reply-to')).toBe(id('ack'));

    // Answered and asked again: the new question gets its own single reminder.
    expect((await desk.api('POST', `/api/tickets/${number}/resume`, { body: {} })).status).toBe(200);
    const second = await ask('请再拍一张接口的照片');
    await desk.smtp.waitFor((m) => m.messageId === id(second.key), 20_000);
    const view = await waitUntil('both reminders marked sent', async () => {
      const res = await desk.api('GET', `/api/tickets/${number}`);
      return res.body.mail.noticesSent.includes(second.key) ? res.body : undefined;
    });
    expect(view.mail.noticesSent.filter((k: string) => k.startsWith('pending-reminder-'))).toEqual([first.key, second.key]);
    expect(desk.smtp.messages.filter((m) => m.messageId?.startsWith(`<${number.toLowerCase()}.pending-reminder-`)).map((m) => m.messageId)).toEqual([id(first.key), id(second.key)]);
  });

  it('mails no requester of a channel left out of requesterMailChannels', async () => {
    const phone = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '电话报修：键盘', channel: 'phone' } });
    expect(phone.status).toBe(201);
    expect(phone.body.mail).toBeUndefined();
    const api = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '网页报修：鼠标' } });
    expect(api.body.mail).toMatchObject({ mailbox: null, sourceMessageId: null });
  });

  it('rejects illegal transitions with a clear 409 and leaves the ticket as it was', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: 'VPN 连不上' } });
    const cases = [
      { action: 'reopen', body: { reason: 'x' }, ok: false, message: /cannot reopen a ticket that is assigned/ },
      { action: 'assign', body: { assignee: 'zhang.wei', group: 'network' }, ok: true },
      { action: 'resolve', body: { resolutionNote: 'x' }, ok: true },
      { action: 'pend', body: { reason: 'requester', note: '等待用户' }, ok: false, message: /cannot pend a ticket that is resolved/ },
      { action: 'resume', body: {}, ok: false, message: /cannot resume a ticket that is resolved/ },
      { action: 'reopen', body: { reason: '问题复现' }, ok: true },
      { action: 'reopen', body: { reason: 'again' }, ok: false, message: /cannot reopen a ticket that is assigned/ },
      { action: 'cancel', body: { reason: '用户撤销' }, ok: true },
      { action: 'assign', body: { assignee: 'zhang.wei' }, ok: false, message: /cannot assign a ticket that is cancelled|is cancelled and can no longer change/ },
    ];
    for (const step of cases) {
      const res = await desk.api('POST', `/api/tickets/${ticket.number}/${step.action}`, { body: step.body });
      if (step.ok) expect(res.status, `${step.action}: ${JSON.stringify(res.body)}`).toBe(200);
      else {
        expect(res.status, step.action).toBe(409);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(res.body.type).toMatch(/illegal-transition$/);
        expect(res.body.detail).toMatch(step.message!);
      }
    }
    const final = await desk.api('GET', `/api/tickets/${ticket.number}`);
    expect(final.body.status).toBe('cancelled');
    expect(final.body.reopenCount).toBe(1);
  });

  it('lets a requester read only their own tickets', async () => {
    const mine = await desk.api('POST', '/api/tickets', { token: 'alice', body: { ...printerJam, title: '邮箱密码忘了' } });
    expect(mine.status).toBe(201);
    expect((await desk.api('GET', `/api/tickets/${mine.body.number}`, { token: 'alice' })).status).toBe(200);
    const bobReads = await desk.api('GET', `/api/tickets/${mine.body.number}`, { token: 'bob' });
    expect(bobReads.status).toBe(404);
    const bobActs = await desk.api('POST', `/api/tickets/${mine.body.number}/comments`, { token: 'bob', body: { body: 'hi' } });
    expect(bobActs.status).toBe(404);
    const bobOpensForAlice = await desk.api('POST', '/api/tickets', { token: 'bob', body: printerJam });
    expect(bobOpensForAlice.status).toBe(403);
    const bobResolves = await desk.api('POST', `/api/tickets/${mine.body.number}/resolve`, { token: 'bob', body: { resolutionNote: 'x' } });
    expect(bobResolves.status).toBe(403);

    const bobList = await desk.api('GET', '/api/tickets', { token: 'bob' });
    expect(bobList.body.items.map((t: any) => t.number)).not.toContain(mine.body.number);
    const aliceList = await waitUntil('alice sees her ticket in the list', async () => {
      const res = await desk.api('GET', '/api/tickets', { token: 'alice' });
      return res.body.items.some((t: any) => t.number === mine.body.number) ? res : undefined;
    });
    expect(aliceList.body.items.every((t: any) => t.requester === 'alice@corp.example')).toBe(true);
  });

  it('creates one ticket for a request sent twice with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `dup-${Date.now()}` };
    const [first, second] = await Promise.all([
      desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '重复提交' }, headers }),
      desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '重复提交' }, headers }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.number).toBe(second.body.number);
    const third = await desk.api('POST', '/api/tickets', { body: { ...printerJam, title: '重复提交' }, headers });
    expect(third.status).toBe(200);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.body.number).toBe(first.body.number);
    const rows = await desk.db.all('SELECT number FROM ticket_numbers WHERE idempotency_key LIKE ?', [`%${headers['idempotency-key']}`]);
    expect(rows).toHaveLength(1);
  });

  it('answers bad requests with problem+json and field paths', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: printerJam });
    const cases = [
      { name: 'malformed JSON', req: { raw: '{"title": ' }, status: 400, type: 'malformed-json' },
      { name: 'unknown field', req: { body: { ...printerJam, colour: 'red' } }, status: 422, type: 'invalid-body', path: 'colour' },
      { name: 'missing requester mail', req: { body: { ...printerJam, requester: { name: 'x' } } }, status: 422, type: 'invalid-body', path: 'requester.email' },
      { name: 'unknown category', req: { body: { ...printerJam, category: 'coffee' } }, status: 422, type: 'invalid-body', path: 'category' },
      { name: 'oversized body', req: { body: { ...printerJam, description: 'x'.repeat(300_000) } }, status: 413, type: 'body-too-large' },
      { name: 'no token', req: { token: null, body: printerJam }, status: 401, type: 'unauthenticated' },
      { name: 'wrong media type', req: { raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, status: 415, type: 'unsupported-media-type' },
    ];
    for (const c of cases) {
      const res = await desk.api('POST', '/api/tickets', c.req as never);
      expect(res.status, c.name).toBe(c.status);
      expect(res.headers.get('content-type'), c.name).toMatch(/application\/problem\+json/);
      expect(res.body.type, c.name).toMatch(new RegExp(`${c.type}$`));
      if (c.path) expect(res.body.errors.map((e: any) => e.path), c.name).toContain(c.path);
    }
    const unknownTicket = await desk.api('GET', '/api/tickets/IT-999999');
    expect(unknownTicket.status).toBe(404);
    const badAction = await desk.api('POST', `/api/tickets/${ticket.number}/priority`, { body: { priority: 'P7', reason: 'x' } });
    expect(badAction.status).toBe(422);
    expect(badAction.body.errors[0].path).toBe('priority');
  });

  it('reports Temporal reachability on /healthz', async () => {
    const res = await desk.api('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', temporal: 'reachable' });
  });
});

describe('routing at intake', () => {
  it('routes by the rules of routing.yaml and records why', async () => {
    const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title: 'VPN 连不上', description: '在家无法连接公司 VPN' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'network', group: 'network', priority: 'P3' });
    expect(res.body.timeline[0].detail.routing.join('\n')).toMatch(/rule network/);
  });

  it('declines an out-of-scope request politely, with the reason, and starts no clock', async () => {
    const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title: '请帮我安装盗版 Photoshop' } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('declined');
    expect(res.body.sla).toEqual([]);
    expect(res.body.timeline.at(-1)).toMatchObject({ action: 'decline', reason: '不支持安装盗版或未经批准的软件' });
  });
});
