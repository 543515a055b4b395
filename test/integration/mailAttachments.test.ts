// Mail attachments end to end on real servers: Dovecot in, the mailbox and ticket workflows on
// the Temporal dev server, the attachment store in a temp directory (named by this test's
// mail.yaml, as an admin would), and downloads over real HTTP.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMailboxQuery, type MailboxView } from '../../workflows/mailbox';
import { buildMail, type TestAttachment, type TestMail } from '../support/mailBuilder';
import { startTestDesk, TOKENS, waitUntil, type TestDesk } from '../support/testDesk';

const PREFIX = 'MA';
const LIMIT = 2048;
let desk: TestDesk;
let root: string;
let attachmentsDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'itdesk-mail-attachments-'));
  attachmentsDir = join(root, 'attachments');
  // A whole mail.yaml replaces the copy's: SMTP goes to the outbox folder (this file reads no
  // outgoing mail), attachments to this test's own directory rather than the repo's data/.
  const mailYaml = readFileSync('config/mail.yaml', 'utf8')
    .replace(/^outboxDir: .*$/m, `outboxDir: ${join(root, 'outbox')}`)
    .replace(/^attachmentsDir: .*$/m, `attachmentsDir: ${attachmentsDir}`);
  expect(mailYaml).toContain(`attachmentsDir: ${attachmentsDir}`);
  desk = await startTestDesk('mail-attachments', { 'mail.yaml': mailYaml }, PREFIX, { mailbox: { extraYaml: `maxAttachmentBytes: ${LIMIT}` } });
}, 180_000);
afterAll(async () => {
  await desk?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

let sequence = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}@corp.example`;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Binary like a real PDF: a header, every byte value (NUL, CR, LF, 0xFF) and a trailer. */
const pdfBytes = (seed: string) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(`\n${seed}\n%%EOF\n`)]);

function ticketFor(messageId: string, timeoutMs = 30_000): Promise<string> {
  return waitUntil(
    `ticket for ${messageId}`,
    async () => (await desk.db.get<{ ticket_number: string }>("SELECT ticket_number FROM mail_messages WHERE message_id = ? AND direction = 'in'", [messageId]))?.ticket_number,
    timeoutMs,
  );
}

async function deliverAndWait(mail: TestMail, timeoutMs = 30_000): Promise<string> {
  await desk.mailbox!.deliver(buildMail(mail));
  return ticketFor(mail.messageId!, timeoutMs);
}

async function ticket(number: string) {
  const res = await desk.api('GET', `/api/tickets/${number}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function download(number: string, sha256: string, who: keyof typeof TOKENS = 'agent') {
  const res = await fetch(`${desk.url}/api/tickets/${number}/attachments/${sha256}`, { headers: { authorization: `Bearer ${TOKENS[who]}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The file name a browser saves as: the RFC 8187 `filename*`, decoded. */
function savedName(disposition: string | null): string {
  const match = /filename\*=UTF-8''([^;]+)$/.exec(disposition ?? '');
  if (!match) throw new Error(`no filename* in ${disposition}`);
  return decodeURIComponent(match[1]);
}

/** Every file under the attachment directory, temporaries (dot files) included. */
const storedFiles = () =>
  readdirSync(attachmentsDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(attachmentsDir.length + 1))
    .sort();

const mailboxView = (): Promise<MailboxView> => desk.client.workflow.getHandle(desk.mailbox!.workflowId).query(getMailboxQuery);

describe('mail attachments', () => {
  const pdf: TestAttachment = { filename: '网络拓扑图（第二版）.pdf', contentType: 'application/pdf', content: pdfBytes('opening') };
  const dump: TestAttachment = { filename: 'memory.dmp', contentType: 'application/octet-stream', content: Buffer.alloc(LIMIT + 1, 0x5a) };
  const log: TestAttachment = { filename: '错误记录 2026-09.txt', contentType: 'text/plain', content: Buffer.from('09:15 VPN 错误 809\r\n09:16 重试失败\r\n'), nameEncoding: 'rfc2047' };
  const opening: TestMail = { from: 'alice@corp.example', subject: 'VPN 拓扑图和内存转储', messageId: uniqueId('opening'), body: '见附件。', attachments: [pdf, dump] };
  let number: string;

  it('stores the attachments of a new mail within the limit and lists all of them on the ticket', async () => {
    number = await deliverAndWait(opening);
    expect(number).toMatch(/^MA-\d{6}$/);
    const view = await ticket(number);
    expect(view.mail.attachments).toEqual([
      { filename: pdf.filename, contentType: 'application/pdf', sizeBytes: pdf.content.length, inline: false, sha256: sha(pdf.content), tooLarge: false, stored: true, messageId: opening.messageId },
      {
        filename: 'memory.dmp', contentType: 'application/octet-stream', sizeBytes: LIMIT + 1, inline: false, sha256: sha(dump.content), tooLarge: true,
        stored: false, notStoredReason: `larger than the limit of ${LIMIT} bytes`, messageId: opening.messageId,
      },
    ]);
    expect(storedFiles()).toEqual([`${sha(pdf.content).slice(0, 2)}/${sha(pdf.content)}`]);
  });

  it('serves a stored attachment byte for byte as a download named in Chinese', async () => {
    const res = await download(number, sha(pdf.content), 'alice');
    expect(res.status).toBe(200);
    expect(res.bytes.equals(pdf.content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(pdf.content.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = res.headers.get('content-disposition');
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
    expect(savedName(disposition)).toBe('网络拓扑图（第二版）.pdf');
  });

  it('answers a problem for the attachment over the limit, and 404 to another requester', async () => {
    const oversized = await desk.api('GET', `/api/tickets/${number}/attachments/${sha(dump.content)}`, { token: 'alice' });
    expect(oversized.status).toBe(410);
    expect(oversized.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(oversized.body).toMatchObject({ type: 'https://itdesk.dev/problems/attachment-not-stored', detail: `not stored: larger than the limit of ${LIMIT} bytes` });

    const bob = await desk.api('GET', `/api/tickets/${number}/attachments/${sha(pdf.content)}`, { token: 'bob' });
    expect(bob.status).toBe(404);
    expect(bob.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const unlisted = await desk.api('GET', `/api/tickets/${number}/attachments/${sha(Buffer.from('not on this ticket'))}`);
    expect(unlisted.status).toBe(404);
  });

  it('stores the attachment of a reply and lists it on the comment the reply became', async () => {
    const reply: TestMail = { from: 'alice@corp.example', subject: `Re: ${opening.subject}`, messageId: uniqueId('reply'), inReplyTo: opening.messageId, references: [opening.messageId!], body: '补充错误记录。', attachments: [log] };
    expect(await deliverAndWait(reply)).toBe(number);
    const view = await ticket(number);
    const comment = view.comments.find((c: any) => c.messageId === reply.messageId);
    expect(comment.attachments).toEqual([{ filename: log.filename, contentType: 'text/plain', sizeBytes: log.content.length, inline: false, sha256: sha(log.content), tooLarge: false, stored: true }]);
    expect(view.mail.attachments.map((a: any) => a.sha256)).toEqual([sha(pdf.content), sha(dump.content), sha(log.content)]);

    const res = await download(number, sha(log.content));
    expect(res.status).toBe(200);
    expect(res.bytes.equals(log.content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(savedName(res.headers.get('content-disposition'))).toBe('错误记录 2026-09.txt');
  });

  it('keeps one file when the same mail is delivered twice', async () => {
    const duplicates = (await mailboxView()).stats.duplicates;
    const before = storedFiles();
    await desk.mailbox!.deliver(buildMail(opening));
    await waitUntil('the second copy to be taken as a duplicate', async () => ((await mailboxView()).stats.duplicates > duplicates ? true : undefined), 30_000);
    expect(storedFiles()).toEqual(before);
    expect((await ticket(number)).mail.attachments.filter((a: any) => a.sha256 === sha(pdf.content))).toHaveLength(1);
  });

  it('leaves the mail in the inbox and retries while the disk refuses the write', async () => {
    // Content whose shard directory does not exist yet, so a plain file can take its place.
    let n = 0;
    let content = pdfBytes('blocked-0');
    while (storedFiles().some((f) => f.startsWith(`${sha(content).slice(0, 2)}/`))) content = pdfBytes(`blocked-${++n}`);
    const shard = join(attachmentsDir, sha(content).slice(0, 2));
    writeFileSync(shard, 'not a directory');
    const mail: TestMail = { from: 'alice@corp.example', subject: '磁盘故障时的附件', messageId: uniqueId('blocked'), body: '见附件', attachments: [{ filename: '截图.pdf', contentType: 'application/pdf', content }] };
    try {
      await desk.mailbox!.deliver(buildMail(mail));
      await waitUntil('the fetch to fail and be retried', async () => {
        const described = await desk.client.workflow.getHandle(desk.mailbox!.workflowId).describe();
        const fetch = (described.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'fetchMail');
        return fetch && (fetch.attempt ?? 0) >= 2 && /EEXIST|ENOTDIR/.test(fetch.lastFailure?.message ?? '') ? true : undefined;
      }, 30_000);
      // Not dropped, not half-taken: no ticket, and the mail is still in the inbox.
      expect(await desk.db.get("SELECT ticket_number FROM mail_messages WHERE message_id = ?", [mail.messageId])).toBeUndefined();
      const inbox = await desk.mailbox!.open('INBOX');
      try {
        expect((await inbox.fetchSince(0, 100)).some((m) => m.raw.includes(`<${mail.messageId}>`))).toBe(true);
      } finally {
        await inbox.close();
      }
    } finally {
      rmSync(shard, { force: true });
    }
    // The next attempt comes after the fetch's retry backoff (doubling up to 1 min), so this wait
    // may need more than a minute when the machine was slow to see the second attempt.
    const blocked = await ticketFor(mail.messageId!, 90_000);
    expect((await ticket(blocked)).mail.attachments[0]).toMatchObject({ sha256: sha(content), stored: true });
    expect((await download(blocked, sha(content), 'alice')).bytes.equals(content)).toBe(true);
  }, 150_000); // above its own waits (30 s + 90 s), so a slow run fails with the wait's message
});
