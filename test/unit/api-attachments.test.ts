// GET /api/tickets/{number}/attachments/{sha256} through app.request(), with a stand-in ticket
// service and a real store in a temp dir: headers, who may download, and every problem answer.
// The same route runs end to end in test/integration/mailAttachments.test.ts.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsRouter } from '../../api/attachments';
import type { AuthEnv, Principal } from '../../api/auth';
import { contentDisposition, safeContentType } from '../../api/downloadHeaders';
import { ProblemError, problemResponse, problems } from '../../api/problem';
import type { TicketService } from '../../api/ticketService';
import type { ConfigSource } from '../../config/source';
import { createAttachmentStore } from '../../mail/attachmentStore';
import type { MailAttachmentMeta } from '../../mail/triage';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = Buffer.from('%PDF-1.4\n\x00\x01\x02\xff binary', 'latin1');
const meta = (over: Partial<MailAttachmentMeta>): MailAttachmentMeta => ({ filename: '网络拓扑图.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, inline: false, sha256: sha(pdf), tooLarge: false, ...over });
const TOO_LARGE = 'a'.repeat(64);
const LEGACY = 'b'.repeat(64);
const LOST = 'c'.repeat(64);
const REPLY = Buffer.from('reply attachment');

const ticket = {
  number: 'IT-000001',
  intake: { requester: { email: 'alice@corp.example' } },
  mail: {
    attachments: [
      { ...meta({ stored: true }), messageId: 'm1@corp.example' },
      { ...meta({ filename: 'dump.bin', sha256: TOO_LARGE, tooLarge: true, stored: false, notStoredReason: 'larger than the limit of 2048 bytes' }), messageId: 'm1@corp.example' },
      { ...meta({ filename: 'old.pdf', sha256: LEGACY }), messageId: 'm0@corp.example' },
      { ...meta({ filename: 'lost.pdf', sha256: LOST, stored: true }), messageId: 'm1@corp.example' },
    ],
  },
  comments: [{ id: 1, attachments: [meta({ filename: 'reply.txt', contentType: 'text/plain', sha256: sha(REPLY), stored: true })] }],
};

const service = {
  async read(number: string) {
    if (number !== ticket.number) throw problems.notFound(`no ticket ${number}`);
    return ticket;
  },
} as unknown as TicketService;

const principals: Record<string, Principal> = {
  agent: { name: 'agent', role: 'agent', subject: 'li.na' },
  alice: { name: 'alice', role: 'requester', subject: 'Alice@corp.example' },
  bob: { name: 'bob', role: 'requester', subject: 'bob@corp.example' },
};

let dir: string;
let app: Hono<AuthEnv>;
const logged: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itdesk-api-attachments-'));
  const store = createAttachmentStore(dir);
  await store.put(sha(pdf), pdf);
  await store.put(sha(REPLY), REPLY);
  app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    c.set('principal', principals[c.req.header('x-who') ?? 'agent']);
    await next();
  });
  app.route('/api/tickets', attachmentsRouter(service, {} as ConfigSource, store, (l) => logged.push(l)));
  app.onError((err, c) => (err instanceof ProblemError ? problemResponse(c, err) : c.text(String(err), 500)));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (sha256: string, who = 'agent', number = 'IT-000001') => app.request(`/api/tickets/${number}/attachments/${sha256}`, { headers: { 'x-who': who } });

describe('downloading an attachment', () => {
  it('returns the stored bytes as a download with the type and the name in UTF-8', async () => {
    const res = await get(sha(pdf));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': `attachment; filename="_____.pdf"; filename*=UTF-8''%E7%BD%91%E7%BB%9C%E6%8B%93%E6%89%91%E5%9B%BE.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    });
  });

  it('serves attachments of comments that came by mail too', async () => {
    const res = await get(sha(REPLY), 'alice');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('reply attachment');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="reply.txt"; filename*=UTF-8''reply.txt`);
  });

  const notFound = [
    { name: "another requester's ticket", sha256: sha(pdf), who: 'bob', number: 'IT-000001' },
    { name: 'content the ticket does not list', sha256: sha(Buffer.from('elsewhere')), who: 'agent', number: 'IT-000001' },
    { name: 'an id that is no SHA-256', sha256: '..%2F..%2Fetc%2Fpasswd', who: 'agent', number: 'IT-000001' },
    { name: 'an unknown ticket', sha256: sha(pdf), who: 'agent', number: 'IT-000999' },
  ];
  it.each(notFound)('answers 404 problem+json for $name', async ({ sha256, who, number }) => {
    const res = await get(sha256, who, number);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: 'https://itdesk.dev/problems/not-found', status: 404 });
  });

  it('answers 410 with the reason for an attachment listed but too large to store', async () => {
    const res = await get(TOO_LARGE, 'alice');
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: 'https://itdesk.dev/problems/attachment-not-stored', detail: 'not stored: larger than the limit of 2048 bytes' });
  });

  it('answers 410 for an attachment recorded before the desk stored content', async () => {
    const res = await get(LEGACY);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/received before the desk kept attachment content/);
  });

  it('answers 500 and logs where it looked when a stored attachment is missing (storage not shared)', async () => {
    const res = await get(LOST);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ type: 'https://itdesk.dev/problems/attachment-missing' });
    expect(logged.join('\n')).toContain(dir);
  });
});

describe('download headers', () => {
  const names = [
    { given: '网络拓扑图.pdf', expect: `attachment; filename="_____.pdf"; filename*=UTF-8''%E7%BD%91%E7%BB%9C%E6%8B%93%E6%89%91%E5%9B%BE.pdf` },
    { given: `it's "q" (1)*.txt`, expect: `attachment; filename="it's _q_ (1)*.txt"; filename*=UTF-8''it%27s%20%22q%22%20%281%29%2A.txt` },
    { given: '..\\..\\evil\r\n.exe', expect: `attachment; filename="evil.exe"; filename*=UTF-8''evil.exe` },
    { given: '100%.txt', expect: `attachment; filename="100_.txt"; filename*=UTF-8''100%25.txt` },
    { given: null, expect: `attachment; filename="attachment-0123"; filename*=UTF-8''attachment-0123` },
  ];
  it.each(names)('names $given safely in both forms', ({ given, expect: want }) => {
    expect(contentDisposition(given, 'attachment-0123')).toBe(want);
  });

  it('serves an odd content type as opaque bytes', () => {
    expect(safeContentType('image/png')).toBe('image/png');
    expect(safeContentType('text/html\r\nset-cookie: x')).toBe('application/octet-stream');
    expect(safeContentType('')).toBe('application/octet-stream');
  });
});
