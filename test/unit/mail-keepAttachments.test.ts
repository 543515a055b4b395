// What the fetch activity does with a triaged mail's attachments: stores each one it has content
// for, records stored true/false with the reason, and fails (so the fetch is retried) when the
// disk refuses a write. Real parse and triage of a built mail, a real store in a temp dir.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttachmentStore, type AttachmentStore } from '../../mail/attachmentStore';
import { keepAttachments } from '../../mail/keepAttachments';
import { parseInboundMail } from '../../mail/parse';
import { triageMail, type TriagedMail } from '../../mail/triage';
import { buildMail, type TestAttachment } from '../support/mailBuilder';

const rules = { deskAddresses: ['itdesk@corp.example'], deskDomains: ['itdesk.corp.example'], automationOverrides: [], allowDomains: ['corp.example'], denyPatterns: [], allowPatterns: [] };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const small = { filename: '发票.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 small') };
const big = { filename: 'dump.bin', contentType: 'application/octet-stream', content: Buffer.alloc(300, 1) };
const medium = { filename: 'log.txt', contentType: 'text/plain', content: Buffer.alloc(150, 0x41) };

async function triaged(attachments: TestAttachment[], headers: Record<string, string> = {}, maxAttachmentBytes = 200) {
  const raw = buildMail({ from: 'alice@corp.example', subject: '附件', messageId: 'a1@corp.example', body: '见附件', attachments, headers });
  const parsed = await parseInboundMail(raw, { maxAttachmentBytes });
  const mail = triageMail(parsed, 1, new Date(), rules, undefined);
  if (mail.kind !== 'mail') throw new Error('expected a usable mail');
  return { parsed, mail };
}

let dir: string;
let store: AttachmentStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itdesk-keep-'));
  store = createAttachmentStore(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const limits = { maxAttachmentBytes: 200, maxAttachmentBytesPerMail: 1000 };
const storedNames = async () => (await readdir(dir, { recursive: true })).filter((n) => n.includes('/')).map((n) => n.split('/')[1]).sort();

describe('keepAttachments', () => {
  it('stores what fits and says of each attachment whether and why not', async () => {
    const { parsed, mail } = await triaged([small, big]);
    const kept = await keepAttachments(mail, parsed, store, limits);
    expect(kept.attachments).toEqual([
      { filename: '发票.pdf', contentType: 'application/pdf', sizeBytes: small.content.length, inline: false, sha256: sha(small.content), tooLarge: false, stored: true },
      { filename: 'dump.bin', contentType: 'application/octet-stream', sizeBytes: 300, inline: false, sha256: sha(big.content), tooLarge: true, stored: false, notStoredReason: 'larger than the limit of 200 bytes' },
    ]);
    expect(await store.read(sha(small.content))).toEqual(small.content);
    expect(await storedNames()).toEqual([sha(small.content)]);
    // Nothing else of the mail changes.
    expect({ ...kept, attachments: [] }).toEqual({ ...mail, attachments: [] });
  });

  it('stops storing once the mail as a whole passes the per-mail limit', async () => {
    const { parsed, mail } = await triaged([medium, small, { ...medium, filename: 'log2.txt', content: Buffer.alloc(150, 0x42) }]);
    const kept = await keepAttachments(mail, parsed, store, { maxAttachmentBytes: 200, maxAttachmentBytesPerMail: 200 });
    expect(kept.attachments.map((a) => [a.filename, a.stored, a.notStoredReason])).toEqual([
      ['log.txt', true, undefined],
      ['发票.pdf', true, undefined],
      ['log2.txt', false, "the mail's attachments together exceed the limit of 200 bytes per mail"],
    ]);
  });

  it('stores nothing of automated mail, which never reaches a ticket', async () => {
    const { parsed, mail } = await triaged([small], { 'Auto-Submitted': 'auto-replied' });
    expect(mail.automation.automated).toBe(true);
    const kept = await keepAttachments(mail, parsed, store, limits);
    expect(kept.attachments[0]).toMatchObject({ stored: false, notStoredReason: 'automated mail is not added to tickets' });
    expect(await storedNames()).toEqual([]);
  });

  it('rejects when the disk refuses a write, so the fetch fails and is retried', async () => {
    const { parsed, mail } = await triaged([small]);
    const failing: AttachmentStore = { dir, read: store.read, put: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) };
    await expect(keepAttachments(mail, parsed, failing, limits)).rejects.toThrow(/ENOSPC/);
  });

  it('records content that does not match its checksum as not stored instead of blocking the inbox', async () => {
    const { parsed, mail } = await triaged([small]);
    const wrong: TriagedMail = { ...mail, attachments: [{ ...mail.attachments[0], sha256: '0'.repeat(64) }] };
    const kept = await keepAttachments(wrong, parsed, store, limits);
    expect(kept.attachments[0]).toMatchObject({ stored: false, notStoredReason: 'the content does not match its checksum' });
    expect(await storedNames()).toEqual([]);
  });

  it('puts the same content once when the mail is fetched again', async () => {
    const { parsed, mail } = await triaged([small, { ...small, filename: 'copy.pdf' }]);
    await keepAttachments(mail, parsed, store, limits);
    const again = await keepAttachments(mail, parsed, store, limits);
    expect(again.attachments.map((a) => a.stored)).toEqual([true, true]);
    expect(await storedNames()).toEqual([sha(small.content)]);
  });
});
