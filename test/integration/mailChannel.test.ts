// The mail channel end to end on real servers: Dovecot IMAP in, the mailbox workflow and ticket
// workflows on the Temporal dev server, the SMTP sink out.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedFromMarker, failureHeaders } from '../../activities/mailboxActivities';
import { ImapFolderError } from '../../mail/imapErrors';
import { parseInboundMail } from '../../mail/parse';
import { getMailboxQuery, type MailboxView } from '../../workflows/mailbox';
import { fastSlaYaml } from '../support/fastSla';
import { buildMail, type TestMail } from '../support/mailBuilder';
import { startTestDesk, waitUntil, type TestDesk, type WorkerProcess } from '../support/testDesk';
import type { ReceivedMail } from '../support/smtpSink';

const PREFIX = 'MX';
let desk: TestDesk;

beforeAll(async () => {
  desk = await startTestDesk(
    'mail',
    {
      'sla.yaml': fastSlaYaml({
        P1: 'response: 1h, resolution: 2h, update: 1h',
        P2: 'response: 1h, resolution: 4h',
        P3: 'response: 2h, resolution: 8h',
        P4: 'response: 4h, resolution: 8h',
      }),
      'directory.yaml': `people:
  - { email: alice@corp.example, name: 张三, department: 财务部, employeeId: E1001, phone: "8001", language: zh-CN }
  - { email: bob@corp.example, name: Bob Smith, department: Sales, language: en }
`,
    },
    PREFIX,
    { mailbox: { organisationDomains: ['corp.example', 'hk.corp.example'], extraYaml: 'ackRateLimit: { max: 3, per: 1h }\nreopenWindow: 1h' } },
  );
}, 180_000);
afterAll(async () => desk?.stop());

const fixture = (name: string) => readFileSync(`test/fixtures/mail/${name}`);
let sequence = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}@corp.example`;

/** Appends a mail and waits until the desk has accepted it; returns the ticket that holds it. */
async function deliverAndWait(mail: TestMail | Buffer, messageId?: string, timeoutMs = 30_000): Promise<string> {
  const raw = Buffer.isBuffer(mail) ? mail : buildMail(mail);
  const id = messageId ?? (mail as TestMail).messageId!;
  await desk.mailbox!.deliver(raw);
  return ticketFor(id, timeoutMs);
}

function ticketFor(messageId: string, timeoutMs = 30_000): Promise<string> {
  return waitUntil(
    `ticket for ${messageId}`,
    async () => (await desk.db.get<{ ticket_number: string }>("SELECT ticket_number FROM mail_messages WHERE message_id = ? AND direction = 'in'", [messageId]))?.ticket_number,
    timeoutMs,
  );
}

async function ticket(number: string) {
  const res = await desk.api('GET', `/api/tickets/${number}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Assigns the ticket to a member of the group routing chose, so the test does not depend on routing rules. */
async function assignWithinGroup(number: string) {
  const view = await ticket(number);
  const member = desk.config.current().groups.groups[view.group].members[0].id;
  const res = await desk.api('POST', `/api/tickets/${number}/assign`, { body: { assignee: member } });
  expect(res.body).toMatchObject({ status: 'assigned', assignee: member });
}

async function mailboxView(): Promise<MailboxView> {
  return desk.client.workflow.getHandle(desk.mailbox!.workflowId).query(getMailboxQuery);
}

/** Waits until the mailbox has gone past every mail in the inbox (so "nothing happened" is a fact). */
async function inboxDrained(): Promise<void> {
  const inbox = await desk.mailbox!.open('INBOX');
  try {
    await waitUntil('the inbox to be empty', async () => ((await inbox.fetchSince(0, 1)).length === 0 ? true : undefined), 30_000);
  } finally {
    await inbox.close();
  }
}

/** `mayBeMissing`: a folder the desk may never have created reads as empty instead of being waited for. */
async function folderMessageIds(folder: string, opts: { mayBeMissing?: boolean } = {}): Promise<string[]> {
  const box = opts.mayBeMissing
    ? await desk.mailbox!.open(folder).catch((err) => {
        if (err instanceof ImapFolderError) return null;
        throw err;
      })
    : await waitUntil(`folder ${folder}`, () => desk.mailbox!.open(folder));
  if (!box) return [];
  try {
    const mails = await box.fetchSince(0, 1000);
    return Promise.all(mails.map(async (m) => (await parseInboundMail(m.raw, { maxAttachmentBytes: 0 })).messageId));
  } finally {
    await box.close();
  }
}

const header = (mail: ReceivedMail, name: string) => String(mail.headers.get(name) ?? '');
const mailsTo = (address: string) => desk.smtp.messages.filter((m) => m.envelope.rcptTo.includes(address));

describe('mail channel', () => {
  it('opens a ticket from a mail and answers with an acknowledgement threaded to it', async () => {
    const messageId = uniqueId('vpn');
    const number = await deliverAndWait({ from: 'alice@corp.example', fromName: 'Alice', subject: 'VPN 无法连接', messageId, body: '从今天早上开始 VPN 连不上，错误 809。' });
    expect(number).toMatch(/^MX-\d{6}$/);

    const view = await ticket(number);
    expect(view.intake).toMatchObject({ channel: 'mail', title: 'VPN 无法连接', sourceMessageId: messageId, mailbox: desk.mailbox!.id });
    // The directory, not the From header, names the requester.
    expect(view.intake.requester).toMatchObject({ name: '张三', email: 'alice@corp.example', department: '财务部', employeeId: 'E1001', language: 'zh-CN' });
    expect(view.intake.description).toContain('错误 809');
    expect(view.mail).toMatchObject({ sourceMessageId: messageId, inboundMessageIds: [messageId] });

    const ack = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.ack@itdesk.corp.example>`, 20_000);
    expect(ack.envelope.rcptTo).toEqual(['alice@corp.example']);
    expect(ack.subject).toContain(`[${number}]`);
    expect(header(ack, 'in-reply-to')).toBe(`<${messageId}>`);
    expect(header(ack, 'references')).toContain(`<${messageId}>`);
    expect(header(ack, 'auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.text).toContain(number);
    expect(ack.parsed.text).toContain(view.priority);
    expect(ack.parsed.text).toMatch(/预计解决时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    // Moved to the processed folder only now, and the desk's own id is in the index.
    await inboxDrained();
    expect(await folderMessageIds('processed')).toContain(messageId);
    const out = await waitUntil('the ack in the index', () =>
      desk.db.get<{ ticket_number: string }>("SELECT ticket_number FROM mail_messages WHERE message_id = ? AND direction = 'out'", [`${number.toLowerCase()}.ack@itdesk.corp.example`]),
    );
    expect(out.ticket_number).toBe(number);
  });

  it('makes one ticket of the same Message-ID delivered twice', async () => {
    const messageId = uniqueId('dup');
    const mail = { from: 'carol@corp.example', subject: 'Outlook 一直要求输入密码', messageId, body: '第一次' };
    const number = await deliverAndWait(mail);
    const before = (await mailboxView()).stats.duplicates;
    await desk.mailbox!.deliver(buildMail({ ...mail, body: '第二次（重发）' }));
    await inboxDrained();
    await waitUntil('the duplicate to be counted', async () => ((await mailboxView()).stats.duplicates > before ? true : undefined));
    const rows = await desk.db.all('SELECT number FROM ticket_numbers WHERE idempotency_key = ?', [`mail:${messageId}`]);
    expect(rows).toEqual([{ number }]);
    const view = await ticket(number);
    expect(view.comments).toEqual([]); // the resend is not a comment either
    expect((await folderMessageIds('processed')).filter((id) => id === messageId)).toHaveLength(2);
  });

  it('threads replies by subject tag and by In-Reply-To, and mails public agent comments back', async () => {
    const first = uniqueId('printer');
    const number = await deliverAndWait({ from: 'bob@corp.example', subject: 'Printer on floor 3 offline', messageId: first, body: 'It shows offline since 9am.' });
    const ack = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.ack@itdesk.corp.example>`, 20_000);
    expect(ack.subject).toMatch(/^\[MX-\d{6}\] Received: /); // bob reads English

    // 1. The tag in the subject, no threading headers; the quoted history is trimmed.
    const tagged = uniqueId('tagged');
    expect(
      await deliverAndWait({
        from: 'bob@corp.example',
        subject: `RE: [${number}] Printer on floor 3 offline`,
        messageId: tagged,
        body: 'Restarting did not help.\n\nOn Tue, 29 Sep 2026 at 09:20, IT Service Desk wrote:\n> We have received your request.',
      }),
    ).toBe(number);
    // 2. In-Reply-To the acknowledgement, subject without a tag.
    const threaded = uniqueId('threaded');
    expect(await deliverAndWait({ from: 'bob@corp.example', subject: 'one more thing', messageId: threaded, inReplyTo: ack.messageId!.slice(1, -1), body: 'Tray 2 is also jammed.' })).toBe(number);

    const view = await ticket(number);
    expect(view.comments.map((c: any) => [c.actor, c.body, c.messageId])).toEqual([
      [{ role: 'requester', id: 'bob@corp.example' }, 'Restarting did not help.', tagged],
      [{ role: 'requester', id: 'bob@corp.example' }, 'Tray 2 is also jammed.', threaded],
    ]);

    // An agent's public comment goes to the requester, threaded to the latest mail.
    const commented = await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: 'Please try the driver from the portal.', visibility: 'public' } });
    expect(commented.status).toBe(200);
    const notice = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.comment-3@itdesk.corp.example>`, 20_000);
    expect(notice.parsed.text).toContain('Please try the driver from the portal.');
    expect(header(notice, 'in-reply-to')).toBe(`<${threaded}>`);
    expect(header(notice, 'references')).toContain(`<${first}>`);
    expect(header(notice, 'auto-submitted')).toBe('auto-generated');
    // Internal notes never leave the desk.
    await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: 'driver 4.2 is broken', visibility: 'internal' } });
    await desk.api('POST', `/api/tickets/${number}/comments`, { body: { body: 'Any luck?', visibility: 'public' } });
    await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.comment-5@itdesk.corp.example>`, 20_000);
    expect(mailsTo('bob@corp.example').map((m) => m.messageId)).not.toContain(`<${number.toLowerCase()}.comment-4@itdesk.corp.example>`);

    // Pending on the requester: bob is told what we need, and his answer by mail resumes the work.
    await desk.api('POST', `/api/tickets/${number}/pend`, { body: { reason: 'requester', note: 'Which printer model is it?' } });
    const pendingNotice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(`[${number}]`) && m.subject.includes('Waiting for your reply')), 20_000);
    expect(pendingNotice.parsed.text).toContain('Which printer model is it?');
    const answer = uniqueId('answer');
    expect(await deliverAndWait({ from: 'bob@corp.example', subject: `Re: [${number}] Waiting for your reply`, messageId: answer, body: 'HP LaserJet M404' })).toBe(number);
    const resumed = await waitUntil('the ticket to resume', async () => {
      const view = await ticket(number);
      return view.status === 'in_progress' ? view : undefined;
    });
    expect(resumed.comments.at(-1)).toMatchObject({ body: 'HP LaserJet M404', messageId: answer });
  });

  it('decodes GBK subjects and bodies, Big5 attachment names and HTML-only mail', async () => {
    for (const name of ['gbk-subject-body.eml', 'big5-attachments.eml', 'html-only-script.eml']) {
      const raw = fixture(name);
      const parsed = await parseInboundMail(raw, { maxAttachmentBytes: 1 << 20 });
      const number = await deliverAndWait(raw, parsed.messageId);
      const view = await ticket(number);
      expect(view.intake.title).toBe(parsed.subject);
      expect(view.intake.title).toMatch(/[\u4e00-\u9fff]/);
      expect(view.intake.description).toBe(parsed.text.trim());
      if (name === 'big5-attachments.eml') {
        const names = parsed.attachments.map((a) => a.filename);
        expect(names.some((n) => /[\u4e00-\u9fff]/.test(n ?? ''))).toBe(true);
        expect(view.mail.attachments.map((a: any) => a.filename)).toEqual(names);
        expect(view.mail.attachments[0]).toMatchObject({ messageId: parsed.messageId, sha256: parsed.attachments[0].sha256 });
      }
      if (name === 'html-only-script.eml') {
        expect(view.intake.description).not.toMatch(/<script|alert\(|color: red/);
        expect(view.intake.description.length).toBeGreaterThan(5);
      }
    }
  });

  it('never answers or opens tickets for auto-replies and delivery reports', async () => {
    const before = desk.smtp.messages.length;
    const tickets = (await desk.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_numbers'))!.n;
    const { ignoredAutomated: ignored, failed } = (await mailboxView()).stats;
    await desk.mailbox!.deliver(fixture('out-of-office.eml'));
    // A bounce of a mail this desk never sent (another desk's domain): parked with the reason.
    await desk.mailbox!.deliver(fixture('delivery-report.eml'));
    await desk.mailbox!.deliver(buildMail({ from: 'alice@corp.example', subject: '自动回复: 休假中', messageId: uniqueId('ooo'), body: '我在休假', headers: { 'Auto-Submitted': 'auto-replied' } }));
    await inboxDrained();
    await waitUntil('two automated mails set aside, the bounce parked', async () => {
      const stats = (await mailboxView()).stats;
      return stats.ignoredAutomated >= ignored + 2 && stats.failed >= failed + 1 ? true : undefined;
    });
    expect((await desk.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_numbers'))!.n).toBe(tickets);
    // Nothing answered any of them (mail for other tests may still be arriving, so look at threads).
    const answered = desk.smtp.messages.slice(before).filter((m) => /ooo-7781|5F2A1|ooo-/.test(header(m, 'in-reply-to')));
    expect(answered).toEqual([]);
    expect(mailsTo('li.si@corp.example')).toEqual([]);
    expect(mailsTo('former.employee@corp.example')).toEqual([]);
    expect(await folderMessageIds('processed')).toEqual(expect.arrayContaining(['ooo-7781@corp.example']));
    expect(await folderMessageIds('failed')).toEqual(expect.arrayContaining(['20261126012000.5F2A1@mx.corp.example']));
  });

  it('reopens a resolved ticket when the requester replies within the reopen window', async () => {
    const number = await deliverAndWait({ from: 'dave@corp.example', subject: '显示器闪烁', messageId: uniqueId('monitor'), body: '第二块屏幕一直闪' });
    await assignWithinGroup(number);
    const resolved = await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '更换了视频线' } });
    expect(resolved.body.status).toBe('resolved');
    const resolution = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.resolved-0@itdesk.corp.example>`, 20_000);
    expect(resolution.parsed.text).toContain('更换了视频线');
    expect(resolution.parsed.text).toContain('回复本邮件');

    const reply = uniqueId('still-broken');
    expect(await deliverAndWait({ from: 'dave@corp.example', subject: `回复：${resolution.subject}`, messageId: reply, inReplyTo: resolution.messageId!.slice(1, -1), body: '还是闪' })).toBe(number);
    const view = await waitUntil('the ticket to reopen', async () => {
      const t = await ticket(number);
      return t.status === 'assigned' || t.status === 'new' ? t : undefined;
    });
    expect(view.reopenCount).toBe(1);
    expect(view.comments.at(-1)).toMatchObject({ body: '还是闪', messageId: reply });
    expect(view.timeline.find((e: any) => e.action === 'reopen')).toMatchObject({ actor: { role: 'requester', id: 'dave@corp.example' } });
    await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.reopened-1@itdesk.corp.example>`, 20_000);
  });

  it('opens one linked follow-up for replies to a closed ticket', async () => {
    const number = await deliverAndWait({ from: 'erin@corp.example', subject: '共享盘无法访问', messageId: uniqueId('share'), body: 'S 盘打不开' });
    await assignWithinGroup(number);
    expect((await desk.api('POST', `/api/tickets/${number}/resolve`, { body: { resolutionNote: '已恢复权限' } })).body).toMatchObject({ status: 'resolved' });
    const closed = await desk.api('POST', `/api/tickets/${number}/close`, { body: { note: '电话确认' } });
    expect(closed.body).toMatchObject({ status: 'closed' });
    const closing = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.closed@itdesk.corp.example>`, 20_000);

    const firstReply = uniqueId('again-1');
    const followUp = await deliverAndWait({ from: 'erin@corp.example', subject: `Re: ${closing.subject}`, messageId: firstReply, inReplyTo: closing.messageId!.slice(1, -1), body: '又打不开了' });
    expect(followUp).not.toBe(number);
    const secondReply = uniqueId('again-2');
    expect(await deliverAndWait({ from: 'erin@corp.example', subject: `Re: ${closing.subject}`, messageId: secondReply, inReplyTo: closing.messageId!.slice(1, -1), body: '补充：T 盘也不行' })).toBe(followUp);

    const view = await ticket(followUp);
    expect(view.mail.linkedFrom).toBe(number);
    expect(view.intake.description).toContain(number);
    expect(view.comments.map((c: any) => c.body)).toEqual(['补充：T 盘也不行']);
    expect((await ticket(number)).status).toBe('closed');
    const followUps = await desk.db.all('SELECT number FROM ticket_numbers WHERE idempotency_key = ?', [`mail-followup:${number}`]);
    expect(followUps).toEqual([{ number: followUp }]);
  });

  it('puts poison mail into the failed folder with the reason and goes on with the next mail', async () => {
    const noSenderId = `poison-1-${Date.now()}@corp.example`;
    const noSender = Buffer.from(`To: helpdesk@corp.example\r\nSubject: no sender\r\nMessage-ID: <${noSenderId}>\r\n\r\nwho am I?\r\n`);
    // A display name too long for a ticket is cut, not refused; an address that long is unusable.
    const badName = uniqueId('long-address');
    await desk.mailbox!.deliver(noSender);
    await desk.mailbox!.deliver(buildMail({ from: `${'f'.repeat(300)}@corp.example`, fromName: 'Frank', subject: 'address too long for a ticket', messageId: badName, body: 'x' }));
    const next = uniqueId('after-poison');
    const number = await deliverAndWait({ from: 'grace@corp.example', subject: '键盘坏了', messageId: next, body: '几个键没反应' }, undefined, 60_000);
    expect(number).toMatch(/^MX-/);

    const failed = await waitUntil('the failed folder', () => desk.mailbox!.open('failed'));
    try {
      // Only these two: the folder also holds what earlier tests parked (a stray bounce).
      const ours = (m: { raw: Buffer }) => [noSenderId, badName].some((id) => m.raw.toString('utf8').includes(`Message-ID: <${id}>`));
      const mails = await waitUntil('two failed mails', async () => {
        const got = (await failed.fetchSince(0, 50)).filter(ours);
        return got.length >= 2 ? got : undefined;
      }, 60_000);
      const reasons = await Promise.all(mails.map(async (m) => /X-Itdesk-Failure-Reason: ([^\r\n]*)/.exec(m.raw.toString('utf8'))?.[1] ?? ''));
      // Both are parked (the two may be handled side by side, so in either order).
      expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/no sender address/), expect.stringMatching(/sender address 'f+@corp\.example' is not usable/)]));
      // The parked mail is intact below the added headers.
      expect(mails.some((m) => m.raw.toString('utf8').includes(`Message-ID: <${badName}>`))).toBe(true);
    } finally {
      await failed.close();
    }
    expect((await mailboxView()).lastFailure?.reason).toMatch(/is not usable|no sender address/);
  });

  it('parks a failed mail once, even when an earlier attempt died between the copy and the delete', async () => {
    const messageId = `poison-twice-${Date.now()}@corp.example`;
    const raw = Buffer.from(`To: helpdesk@corp.example\r\nSubject: no sender either\r\nMessage-ID: <${messageId}>\r\n\r\nwho am I?\r\n`);
    const failedBefore = (await mailboxView()).stats.failed;
    await desk.stopWorkers();
    const session = await desk.mailbox!.open('INBOX');
    try {
      // What a failMail attempt leaves when its worker dies after APPEND: the stamped copy in
      // failed, the original still in the inbox.
      const { uid } = await session.appendTo('INBOX', raw);
      const { uidValidity } = await session.status();
      const marker = failedFromMarker(desk.mailbox!.id, uidValidity, uid!);
      await session.appendTo('failed', Buffer.concat([Buffer.from(failureHeaders('no sender address', marker)), raw]));
    } finally {
      await session.close();
      await desk.startWorkers();
    }
    await waitUntil('the retried failure', async () => ((await mailboxView()).stats.failed > failedBefore ? true : undefined), 60_000);
    await inboxDrained();
    expect((await folderMessageIds('failed')).filter((id) => id === messageId)).toHaveLength(1);
  });

  it('threads a reply to the acknowledgement of an API ticket back to that ticket', async () => {
    const requester = { name: 'Olivia', email: 'olivia@corp.example', department: 'HR' };
    const created = await desk.api('POST', '/api/tickets', { body: { requester, title: 'Laptop fan is loud', description: 'since the update' } });
    expect(created.status).toBe(201);
    const number: string = created.body.number;
    const ack = await desk.smtp.waitFor((m) => m.messageId === `<${number.toLowerCase()}.ack@itdesk.corp.example>`, 20_000);
    expect(ack.envelope.rcptTo).toEqual([requester.email]);
    expect(ack.parsed.replyTo?.text).toContain('itdesk@corp.example');
    // The requester's client answers with In-Reply-To and a "Re:" subject that keeps the tag.
    const reply = uniqueId('olivia-reply');
    const threaded = await deliverAndWait({ from: requester.email, subject: `Re: ${ack.subject}`, messageId: reply, inReplyTo: ack.messageId!.slice(1, -1), body: 'It is model X1, asset 4711.' });
    expect(threaded).toBe(number);
    const view = await ticket(number);
    expect(view.comments.map((c: any) => [c.actor.id, c.body])).toEqual([[requester.email, 'It is model X1, asset 4711.']]);
    expect(view.mail.inboundMessageIds).toEqual([reply]);
  });

  it('declines senders outside the organisation politely and rate-limits acknowledgements', async () => {
    const outsider = uniqueId('outsider').replace('@corp.example', '@example.net');
    await desk.mailbox!.deliver(buildMail({ from: 'someone@example.net', subject: 'Please fix my home PC', messageId: outsider, body: 'hi' }));
    const decline = await desk.smtp.waitFor((m) => m.envelope.rcptTo.includes('someone@example.net'), 20_000);
    expect(header(decline, 'in-reply-to')).toBe(`<${outsider}>`);
    expect(header(decline, 'auto-submitted')).toBe('auto-replied');
    expect(decline.parsed.text).toContain('本组织');
    await inboxDrained();
    expect(await desk.db.get("SELECT * FROM mail_messages WHERE message_id = ?", [outsider])).toBeUndefined();

    // ackRateLimit is 3 per hour in this desk: the fourth ticket in a row gets no acknowledgement.
    const numbers: string[] = [];
    for (let i = 1; i <= 4; i++) numbers.push(await deliverAndWait({ from: 'heidi@corp.example', subject: `问题 ${i}`, messageId: uniqueId(`heidi-${i}`), body: `第 ${i} 个问题` }));
    // Each ticket sends its own acknowledgement, so they may arrive in any order: wait for all three.
    for (const n of numbers.slice(0, 3)) await desk.smtp.waitFor((m) => m.messageId === `<${n.toLowerCase()}.ack@itdesk.corp.example>`, 20_000);
    const fourth = await ticket(numbers[3]);
    expect(fourth.mail.noticesSent).toEqual([]);
    expect(fourth.mail.pendingNotices).toEqual([]);
    expect(mailsTo('heidi@corp.example').map((m) => m.messageId).sort()).toEqual(numbers.slice(0, 3).map((n) => `<${n.toLowerCase()}.ack@itdesk.corp.example>`).sort());
  });

  it('loses and doubles nothing when the worker process is killed between fetching and moving', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => uniqueId(`crash-${i}`));
    const keys = ids.map((id) => `mail:${id}`);
    /** Our mails that have a ticket number. */
    const ticketed = async () =>
      (await desk.db.all<{ key: string }>(`SELECT idempotency_key AS key FROM ticket_numbers WHERE idempotency_key IN (${keys.map(() => '?').join(', ')})`, keys)).map((r) =>
        r.key.slice('mail:'.length),
      );
    const ticketsBefore = (await desk.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_numbers'))!.n;
    const failedBefore = (await mailboxView()).stats.failed;

    // The in-process workers make way for a worker process, the one that crashes.
    await desk.stopWorkers();
    let worker: WorkerProcess | undefined;
    try {
      // Delivered while no worker runs, so the worker process fetches all ten as one batch.
      for (const [i, id] of ids.entries()) await desk.mailbox!.deliver(buildMail({ from: 'ivan@corp.example', subject: `批量 ${i}`, messageId: id, body: `第 ${i} 封` }));
      worker = await desk.startWorkerProcess();
      // Killed at the first ticket number: then the hand-overs of the batch's first eight mails
      // (number, ticket start, Message-ID record, move) are in flight and die with the process,
      // so their retries must find the ticket already opened. (Killed later, mostly store writes
      // are in flight, and a broken intake de-dup went unseen.)
      await waitUntil('a first ticket number from the worker process', async () => ((await ticketed()).length > 0 ? true : undefined), 45_000, 20);
      worker.process.kill('SIGKILL');
      expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // The crash fell between fetch and move: a mail has its ticket but is still in the inbox.
      const inbox = await folderMessageIds('INBOX');
      const stranded = (await ticketed()).filter((id) => inbox.includes(id));
      expect(stranded.length, `mails with a ticket still in the inbox when the worker died (${inbox.length} of ours in the inbox)`).toBeGreaterThan(0);
    } finally {
      worker?.process.kill('SIGKILL'); // when the test failed before the kill
      await desk.startWorkers(); // a fresh worker takes over what the dead one held
    }

    // Every mail has exactly one ticket: the one opened for its Message-ID, holding just that mail.
    const numbers = await Promise.all(ids.map((id) => ticketFor(id, 90_000)));
    expect(new Set(numbers).size).toBe(ids.length);
    for (const [i, key] of keys.entries()) expect(await desk.db.all('SELECT number FROM ticket_numbers WHERE idempotency_key = ?', [key])).toEqual([{ number: numbers[i] }]);
    expect((await desk.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_numbers'))!.n).toBe(ticketsBefore + ids.length);
    for (const [i, number] of numbers.entries()) {
      const view = await ticket(number);
      expect([view.intake.sourceMessageId, view.mail.inboundMessageIds, view.comments]).toEqual([ids[i], [ids[i]], []]);
    }
    // Every mail left the inbox once, into processed, and none was parked as failed.
    await inboxDrained();
    const processed = await folderMessageIds('processed');
    for (const id of ids) expect(processed.filter((p) => p === id)).toHaveLength(1);
    expect((await mailboxView()).stats.failed).toBe(failedBefore);
    expect((await folderMessageIds('failed', { mayBeMissing: true })).filter((id) => ids.includes(id))).toEqual([]);
  }, 120_000);

  it('reconnects after the IMAP connection is dropped', async () => {
    await desk.mailbox!.dovecot.waitForIdle(desk.mailbox!.user, 30_000);
    await desk.mailbox!.dovecot.kick(desk.mailbox!.user);
    const number = await deliverAndWait({ from: 'judy@corp.example', subject: '网络断了', messageId: uniqueId('kick'), body: '工位网口没有信号' }, undefined, 45_000);
    expect(number).toMatch(/^MX-/);
  });

  it('re-scans the inbox when UIDVALIDITY changes, without doubling accepted mail', async () => {
    const accepted = uniqueId('before-rescan');
    const acceptedNumber = await deliverAndWait({ from: 'ken@corp.example', subject: '旧邮件', messageId: accepted, body: '已受理' });
    const rescans = (await mailboxView()).stats.rescans;
    await desk.stopWorkers();
    await desk.mailbox!.dovecot.changeUidValidity(desk.mailbox!.user);
    // A copy of the accepted mail is back in the inbox (as after a server-side restore), plus a new one.
    await desk.mailbox!.deliver(buildMail({ from: 'ken@corp.example', subject: '旧邮件', messageId: accepted, body: '已受理' }));
    const fresh = uniqueId('after-rescan');
    await desk.mailbox!.deliver(buildMail({ from: 'ken@corp.example', subject: '新邮件', messageId: fresh, body: '新问题' }));
    await desk.startWorkers();
    const freshNumber = await ticketFor(fresh, 60_000);
    expect(freshNumber).not.toBe(acceptedNumber);
    await inboxDrained();
    expect((await mailboxView()).stats.rescans).toBe(rescans + 1);
    expect(await desk.db.all('SELECT number FROM ticket_numbers WHERE idempotency_key = ?', [`mail:${accepted}`])).toEqual([{ number: acceptedNumber }]);
  });

  it('delays the acknowledgement while SMTP is down and sends it once, with the same Message-ID, after', async () => {
    desk.smtp.setDown(true);
    try {
      const number = await deliverAndWait({ from: 'lucy@corp.example', subject: 'SMTP 故障期间的请求', messageId: uniqueId('smtp-down'), body: '请处理' });
      // The send activity is failing and being retried, not given up.
      await waitUntil('the acknowledgement to be retried', async () => {
        const described = await desk.client.workflow.getHandle(`ticket-${number}`).describe();
        const pending = described.raw.pendingActivities ?? [];
        return pending.some((a) => a.activityType?.name === 'sendRequesterMail' && (a.attempt ?? 0) >= 2) ? true : undefined;
      }, 30_000);
      expect(mailsTo('lucy@corp.example')).toEqual([]);
      desk.smtp.setDown(false);
      const ackId = `<${number.toLowerCase()}.ack@itdesk.corp.example>`;
      await desk.smtp.waitFor((m) => m.messageId === ackId, 60_000);
      await waitUntil('the notice to be marked sent', async () => ((await ticket(number)).mail.noticesSent.includes('ack') ? true : undefined));
      expect(mailsTo('lucy@corp.example').map((m) => m.messageId)).toEqual([ackId]);
    } finally {
      desk.smtp.setDown(false);
    }
  });
});
