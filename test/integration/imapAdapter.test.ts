// The IMAP adapter against a real Dovecot, and the SMTP sink the outbound-mail tests rely on.
import iconv from 'iconv-lite';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openMailbox, type ImapMailboxConfig, type OpenMailbox } from '../../mail/imap';
import { ImapAuthenticationError, ImapConnectionError, ImapFolderError } from '../../mail/imapErrors';
import { startDovecot, type DovecotInstance } from '../support/dovecot';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';

// One mailbox per scenario, so scenarios never see each other's mail.
const scenarios = ['fetch', 'cursor', 'move', 'idle', 'busy', 'uidvalidity', 'kick', 'restart', 'errors'] as const;
type Scenario = (typeof scenarios)[number];

function plainMail(subject: string, body: string): Buffer {
  return Buffer.from(
    [
      'From: Wang Wei <wang.wei@example.cn>',
      'To: IT Helpdesk <helpdesk@example.cn>',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W+/g, '-')}@example.cn>`,
      'Date: Tue, 29 Sep 2026 09:15:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

// What Chinese mail clients really send: an RFC 2047 GBK subject, a raw 8-bit GBK header and body.
function gbkMail(): Buffer {
  const subject = '打印机无法连接';
  const body = '您好，三楼的打印机从今天早上开始无法打印，错误代码 0x0000011b。';
  return Buffer.concat([
    Buffer.from(
      [
        'From: =?GBK?B?' + iconv.encode('李娜', 'gbk').toString('base64') + '?= <li.na@example.cn>',
        'To: helpdesk@example.cn',
        'Subject: =?GBK?B?' + iconv.encode(subject, 'gbk').toString('base64') + '?=',
        'Message-ID: <gbk-printer@example.cn>',
        'Date: Tue, 29 Sep 2026 09:20:00 +0800',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=GBK',
        'Content-Transfer-Encoding: 8bit',
        'X-Department: ',
      ].join('\r\n'),
    ),
    iconv.encode('信息技术部', 'gbk'),
    Buffer.from('\r\n\r\n'),
    iconv.encode(body, 'gbk'),
    Buffer.from('\r\n'),
  ]);
}

describe('IMAP adapter against Dovecot', () => {
  let dovecot: DovecotInstance;
  const opened: OpenMailbox[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot({ users: scenarios.map((user) => ({ user, password: `${user}-pw` })) });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((mailbox) => mailbox.close()));
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  function configFor(user: Scenario, inbox = 'INBOX'): ImapMailboxConfig {
    return { host: dovecot.host, port: dovecot.port, secure: false, user, password: `${user}-pw`, inbox };
  }

  async function open(user: Scenario, inbox = 'INBOX'): Promise<OpenMailbox> {
    const mailbox = await openMailbox(configFor(user, inbox), { connectTimeoutMs: 10_000 });
    opened.push(mailbox);
    return mailbox;
  }

  it('returns appended mail oldest first with the raw bytes intact, GBK included', async () => {
    const mailbox = await open('fetch');
    const sent = [plainMail('VPN drops every hour', 'Since Monday.'), gbkMail(), plainMail('New laptop', 'For the intern.')];
    expect(sent[1].some((byte) => byte >= 0x80)).toBe(true); // the GBK mail really carries 8-bit bytes
    for (const raw of sent) await mailbox.appendTo('INBOX', raw, ['\\Seen']);

    const fetched = await mailbox.fetchSince(0, 10);

    expect(fetched.map((mail) => mail.uid)).toEqual([...fetched.map((mail) => mail.uid)].sort((a, b) => a - b));
    expect(fetched).toHaveLength(3);
    fetched.forEach((mail, index) => {
      expect(Buffer.compare(mail.raw, sent[index])).toBe(0);
      expect(mail.internalDate).toBeInstanceOf(Date);
      expect(Number.isNaN(mail.internalDate.getTime())).toBe(false);
    });
  });

  it('fetches only UIDs above the cursor, at most max of them, and nothing when none is newer', async () => {
    const mailbox = await open('cursor');
    for (const subject of ['Printer jam', 'Wi-Fi slow', 'Outlook crash']) await mailbox.appendTo('INBOX', plainMail(subject, 'x'));
    const all = await mailbox.fetchSince(0, 10);
    expect(all).toHaveLength(3);
    const lastUid = all[all.length - 1].uid;

    expect((await mailbox.fetchSince(0, 2)).map((mail) => mail.uid)).toEqual(all.slice(0, 2).map((mail) => mail.uid));
    expect((await mailbox.fetchSince(all[0].uid, 10)).map((mail) => mail.uid)).toEqual(all.slice(1).map((mail) => mail.uid));
    // UID FETCH n:* still returns the newest message when n is past it; the adapter must not.
    expect(await mailbox.fetchSince(lastUid, 10)).toEqual([]);
    expect(await mailbox.fetchSince(lastUid + 100, 10)).toEqual([]);
    await expect(mailbox.fetchSince(-1, 10)).rejects.toThrow(RangeError);
    await expect(mailbox.fetchSince(0, 0)).rejects.toThrow(RangeError);
  });

  it('moves handled mail into processed and failed folders it creates, leaving the inbox', async () => {
    const mailbox = await open('move');
    const good = plainMail('Password reset', 'Please reset my password.');
    const bad = plainMail('Unreadable', 'Garbled.');
    await mailbox.appendTo('INBOX', good);
    await mailbox.appendTo('INBOX', bad);
    const [first, second] = await mailbox.fetchSince(0, 10);

    expect(await mailbox.moveTo(first.uid, 'processed')).toMatchObject({ moved: true });
    expect(await mailbox.moveTo(second.uid, 'failed')).toMatchObject({ moved: true });

    expect(await mailbox.fetchSince(0, 10)).toEqual([]);
    expect(await mailbox.fetchSince(second.uid, 10)).toEqual([]);
    // A retried move of mail that already left the inbox is not an error.
    expect(await mailbox.moveTo(first.uid, 'processed')).toEqual({ moved: false });

    const processed = await open('move', 'processed');
    const failed = await open('move', 'failed');
    expect((await processed.fetchSince(0, 10)).map((mail) => Buffer.compare(mail.raw, good))).toEqual([0]);
    expect((await failed.fetchSince(0, 10)).map((mail) => Buffer.compare(mail.raw, bad))).toEqual([0]);
  });

  it('waitForNew resolves true when mail arrives during IDLE and false when the wait times out', async () => {
    const poller = await open('idle');
    const sender = await open('idle');
    expect(await poller.fetchSince(0, 10)).toEqual([]);

    const quietStart = Date.now();
    expect(await poller.waitForNew(300)).toBe(false);
    expect(Date.now() - quietStart).toBeGreaterThanOrEqual(290);

    // Only an arrival makes it true (the timeout gives false), so no stopwatch is needed here:
    // one would only measure how busy the machine is.
    const waiting = poller.waitForNew(30_000);
    await dovecot.waitForIdle('idle');
    await sender.appendTo('INBOX', plainMail('Monitor flickers', 'Second screen.'));
    expect(await waiting).toBe(true);

    // The session is usable after IDLE and the mail is there.
    expect(await poller.fetchSince(0, 10)).toHaveLength(1);
  });

  it('reports mail that arrived while the poller was busy without waiting for the timeout', async () => {
    const poller = await open('busy');
    const sender = await open('busy');
    expect(await poller.fetchSince(0, 10)).toEqual([]);
    await sender.appendTo('INBOX', plainMail('Keyboard missing keys', 'F and J.'));
    await poller.status(); // any command lets the server tell this session about the new mail

    // With 1 ms to wait only an arrival already known can make it true: "immediately", not "soon".
    expect(await poller.waitForNew(1)).toBe(true);
    expect(await poller.fetchSince(0, 10)).toHaveLength(1);
  });

  it('shows a different UIDVALIDITY after the mailbox is rebuilt on the server', async () => {
    const longLived = await open('uidvalidity');
    await longLived.appendTo('INBOX', plainMail('Before rebuild', 'x'));
    const before = await longLived.status();
    expect(before.uidValidity).toMatch(/^\d+$/);
    expect(before.uidNext).toBe(2);

    const changedTo = await dovecot.changeUidValidity('uidvalidity');

    // Dovecot ends a session whose mailbox changed under it; it must never report the stale value.
    const fromOldSession = await longLived.status().then(
      (status) => status.uidValidity,
      (error: unknown) => error,
    );
    if (typeof fromOldSession === 'string') expect(fromOldSession).toBe(changedTo);
    else expect(fromOldSession).toBeInstanceOf(ImapConnectionError);

    const fresh = await open('uidvalidity');
    const after = await fresh.status();
    expect(after.uidValidity).toBe(changedTo);
    expect(after.uidValidity).not.toBe(before.uidValidity);
  });

  it('surfaces a dropped connection as ImapConnectionError, and a fresh session works', async () => {
    const mailbox = await open('kick');
    await mailbox.appendTo('INBOX', plainMail('Kicked', 'x'));

    await dovecot.kick('kick'); // resolves once the server has ended the session

    await expect(mailbox.fetchSince(0, 10)).rejects.toBeInstanceOf(ImapConnectionError);
    await expect(mailbox.status()).rejects.toBeInstanceOf(ImapConnectionError);
    const fresh = await open('kick');
    expect(await fresh.fetchSince(0, 10)).toHaveLength(1);
  });

  it('rejects a pending waitForNew with ImapConnectionError when the server restarts', async () => {
    const mailbox = await open('restart');
    const waiting = mailbox.waitForNew(30_000);
    const outcome = expect(waiting).rejects.toBeInstanceOf(ImapConnectionError);
    await dovecot.waitForIdle('restart');

    await dovecot.restart();

    await outcome;
    const fresh = await open('restart');
    expect(await fresh.status()).toMatchObject({ uidNext: 1 });
  });

  it('names what went wrong when opening fails', async () => {
    await expect(openMailbox({ ...configFor('errors'), password: 'wrong' })).rejects.toBeInstanceOf(ImapAuthenticationError);
    await expect(openMailbox(configFor('errors', 'no-such-folder'))).rejects.toBeInstanceOf(ImapFolderError);

    const port = await portWithNoListener();
    await expect(
      openMailbox({ ...configFor('errors'), port }, { connectTimeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(ImapConnectionError);
  });
});

function portWithNoListener(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('SMTP sink', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.stop();
  });

  function transport() {
    return nodemailer.createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
  }

  it('keeps the envelope, raw bytes and parsed headers of a mail sent with nodemailer', async () => {
    const info = await transport().sendMail({
      from: 'IT Helpdesk <helpdesk@example.cn>',
      to: 'wang.wei@example.cn',
      subject: '[IT-000123] 已收到您的请求',
      text: '我们会尽快处理。',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });

    const mail = await sink.waitFor((received) => received.messageId === info.messageId, 5_000);

    expect(mail.envelope).toEqual({ mailFrom: 'helpdesk@example.cn', rcptTo: ['wang.wei@example.cn'] });
    expect(mail.subject).toBe('[IT-000123] 已收到您的请求');
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.raw.toString('latin1')).toContain('Auto-Submitted: auto-replied');
    expect(mail.parsed.text?.trim()).toBe('我们会尽快处理。');
  });

  it('refuses mail with 421 while down and accepts it again after the outage', async () => {
    sink.setDown(true);
    const duringOutage = transport().sendMail({ from: 'helpdesk@example.cn', to: 'a@example.cn', subject: 'during outage', text: 'x' });
    await expect(duringOutage).rejects.toMatchObject({ responseCode: 421 });

    sink.setDown(false);
    await transport().sendMail({ from: 'helpdesk@example.cn', to: 'a@example.cn', subject: 'after outage', text: 'x' });

    await sink.waitFor((mail) => mail.subject === 'after outage', 5_000);
    expect(sink.messages.some((mail) => mail.subject === 'during outage')).toBe(false);
  });

  it('times out with the subjects it did receive', async () => {
    await expect(sink.waitFor((mail) => mail.subject === 'never sent', 100)).rejects.toThrow(/no matching mail within 100 ms/);
  });
});
