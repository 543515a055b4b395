// Sign-in without a password, through app.request() with the real web store (sqlite in a temp
// dir) and a stand-in ticket service: same answer for every address, single-use and expiring
// links, session cookies, fixation, CSRF, rate limits, token sign-in, sign-out.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMail } from '../../activities/mailer';
import { createApp } from '../../api/app';
import type { TicketService } from '../../api/ticketService';
import { createConfigSource, type ConfigSource } from '../../config/source';
import { decideSignIn } from '../../web/signIn/policy';
import { openWebStore, type WebStore } from '../../web/webStore';
import { copyShippedConfig, removeCopy } from '../support/configCopy';
import { headingOf, signInPathOf, WebClient } from '../support/webClient';

const ADMIN_TOKEN = 'admin-token-for-web-tests-0001';
const REQUESTER_TOKEN = 'requester-token-for-web-tests-1';
const hash = (t: string) => createHash('sha256').update(t).digest('hex');

let dir: string;
let configDir: string;
let config: ConfigSource;
let store: WebStore;
let sent: OutboundMail[];
let clock = Date.parse('2026-11-25T06:00:00Z');
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itdesk-web-signin-'));
  configDir = await copyShippedConfig([
    { file: 'mailboxes.yaml', write: 'organisationDomains: [corp.example]\nmailboxes: []\n' },
    { file: 'directory.yaml', write: 'people:\n  - { email: bob@corp.example, name: 鲍勃, language: en }\n' },
    {
      file: 'auth.yaml',
      write: `tokens:\n  - { name: admin, role: admin, subject: admin, sha256: ${hash(ADMIN_TOKEN)} }\n  - { name: tool, role: requester, subject: alice@corp.example, sha256: ${hash(REQUESTER_TOKEN)} }\n`,
    },
  ]);
  config = await createConfigSource(configDir);
  store = await openWebStore(join(dir, 'web.sqlite'));
  app = createApp({
    tickets: { list: async () => [] } as unknown as TicketService,
    config,
    web: { store, sendMail: async (mail) => void sent.push(mail), now: () => new Date(clock), signInLimits: { perAddress: { max: 3, windowSeconds: 900 }, perClient: { max: 8, windowSeconds: 900 } } },
  });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
  await removeCopy(configDir);
});
beforeEach(async () => {
  sent = [];
  clock += 3600_000; // a fresh rate-limit window for every test
  await store.db.run('DELETE FROM signin_mails');
});

const browser = (headers: Record<string, string> = {}) => new WebClient((path, init) => Promise.resolve(app.request(path, init)), headers);
const mailTo = async (to: string) => {
  for (let i = 0; i < 50 && !sent.some((m) => m.to.includes(to)); i++) await new Promise((r) => setTimeout(r, 10));
  return sent.find((m) => m.to.includes(to));
};

async function askForLink(client: WebClient, email: string) {
  await client.get('/portal/signin');
  return client.post('/portal/signin', { email });
}

describe('who may sign in', () => {
  const cases = [
    { given: 'li.na@corp.example', expect: { allowed: true, role: 'agent', subject: 'li.na' } },
    { given: ' Alice@Corp.Example ', expect: { allowed: true, role: 'requester', subject: 'alice@corp.example' } },
    { given: 'mallory@elsewhere.example', expect: { allowed: false } },
    { given: 'not-an-address', expect: { allowed: false } },
  ];
  it.each(cases)('$given', async ({ given, expect: want }) => {
    const decision = decideSignIn(config.current(), given);
    expect(decision.allowed).toBe(want.allowed);
    if (decision.allowed) expect({ role: decision.principal.role, subject: decision.principal.subject }).toEqual({ role: want.role, subject: want.subject });
  });

  it('gives a member the admin role when auth.yaml has an admin token for their id', () => {
    const current = config.current();
    const withAdmin = { ...current, auth: { tokens: [{ name: 'lead', role: 'admin' as const, subject: 'zhao.lei', sha256: 'a'.repeat(64) }] } };
    const decision = decideSignIn(withAdmin, 'zhao.lei@corp.example');
    expect(decision.allowed && decision.principal.role).toBe('admin');
  });

  it('follows the mailbox deny patterns of mail intake', () => {
    const current = config.current();
    const withMailbox = {
      ...current,
      mailboxes: { organisationDomains: ['corp.example'], mailboxes: [{ ...({} as any), allowDomains: undefined, denyPatterns: ['contractor-*@corp.example'], allowPatterns: ['*@partner.example'] }] },
    };
    expect(decideSignIn(withMailbox, 'contractor-7@corp.example').allowed).toBe(false);
    expect(decideSignIn(withMailbox, 'x@partner.example').allowed).toBe(true);
  });
});

describe('sign-in by mail link', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const known = await askForLink(browser(), 'alice@corp.example');
    const unknown = await askForLink(browser(), 'mallory@elsewhere.example');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.text.replace(/alice@corp\.example/g, 'X').replace(/name="_csrf" value="[^"]+"/, '')).toBe(
      unknown.text.replace(/mallory@elsewhere\.example/g, 'X').replace(/name="_csrf" value="[^"]+"/, ''),
    );
    expect(await mailTo('alice@corp.example')).toBeDefined();
    expect(sent.some((m) => m.to.includes('mallory@elsewhere.example'))).toBe(false);
  });

  it('signs in once from the link with an HttpOnly SameSite cookie; the second use gets a clear page', async () => {
    const client = browser();
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    const confirm = await client.get(path);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('alice@corp.example');
    const signedIn = await client.post(path, {});
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/portal');
    const cookie = signedIn.cookies.find((c) => c.startsWith('itdesk_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);

    const again = browser();
    await again.get(path);
    const reuse = await again.post(path, {});
    expect(reuse.status).toBe(409);
    expect(headingOf(reuse.text)).toBe('此链接已被使用');
  });

  it('says a link has expired after 15 minutes', async () => {
    const client = browser({ 'accept-language': 'en-GB,en;q=0.9' });
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    clock += 16 * 60_000;
    const page = await client.get(path);
    expect(page.status).toBe(410);
    expect(headingOf(page.text)).toBe('This link has expired');
  });

  it('refuses an altered link', async () => {
    const client = browser({ 'accept-language': 'en' });
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    const page = await client.get(`${path.slice(0, -3)}AAA`);
    expect(page.status).toBe(400);
    expect(headingOf(page.text)).toBe('This link is not valid');
  });

  it('never keeps a session id the browser brought (fixation)', async () => {
    const client = browser();
    client.jar.set('itdesk_session', 'planted-by-an-attacker-0000000000000000000000');
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    await client.get(path);
    await client.post(path, {});
    const issued = client.jar.get('itdesk_session');
    expect(issued).toBeDefined();
    expect(issued).not.toBe('planted-by-an-attacker-0000000000000000000000');
    const attacker = browser();
    attacker.jar.set('itdesk_session', 'planted-by-an-attacker-0000000000000000000000');
    expect((await attacker.get('/portal')).headers.get('location')).toBe('/portal/signin');
    expect((await client.get('/portal')).status).toBe(200);
  });

  it('sends staff to the workbench and mails in the directory language', async () => {
    const client = browser();
    await askForLink(client, 'li.na@corp.example');
    const mail = (await mailTo('li.na@corp.example'))!;
    expect(mail.subject).toContain('登录链接');
    const path = signInPathOf(mail.text);
    await client.get(path);
    expect((await client.post(path, {})).headers.get('location')).toBe('/desk');
    const missing = await client.get('/desk/no-such-page');
    expect(missing.status).toBe(404);
    expect(headingOf(missing.text)).toBe('未找到');

    const bob = browser();
    await askForLink(bob, 'bob@corp.example');
    expect((await mailTo('bob@corp.example'))!.subject).toMatch(/^Your sign-in link/);
  });

  it('ends the session on the server at sign-out', async () => {
    const client = browser();
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    await client.get(path);
    await client.post(path, {});
    const sessionId = client.jar.get('itdesk_session')!;
    await client.get('/portal');
    expect((await client.post('/portal/signout', {})).status).toBe(303);
    const replay = browser();
    replay.jar.set('itdesk_session', sessionId);
    expect((await replay.get('/portal')).headers.get('location')).toBe('/portal/signin');
  });

  it('marks the cookie Secure behind an https proxy the desk trusts', async () => {
    const secureApp = createApp({ tickets: {} as TicketService, config, web: { store, trustProxy: true, sendMail: async (m) => void sent.push(m), now: () => new Date(clock) } });
    const client = new WebClient((p, init) => Promise.resolve(secureApp.request(p, init)), { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    await askForLink(client, 'alice@corp.example');
    const path = signInPathOf((await mailTo('alice@corp.example'))!.text);
    await client.get(path);
    const signedIn = await client.post(path, {});
    expect(signedIn.cookies.find((c) => c.startsWith('itdesk_session='))).toMatch(/Secure/);
  });
});

describe('CSRF', () => {
  it('rejects a form without the token, or with another session\'s token', async () => {
    const client = browser({ 'accept-language': 'en' });
    await client.get('/portal/signin');
    const missing = await client.request('POST', '/portal/signin', new URLSearchParams({ email: 'alice@corp.example' }));
    expect(missing.status).toBe(403);
    expect(headingOf(missing.text)).toBe('The form has expired');
    const forged = await client.request('POST', '/portal/signin', new URLSearchParams({ email: 'alice@corp.example', _csrf: 'x'.repeat(32) }));
    expect(forged.status).toBe(403);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('sends at most 3 sign-in mails per address in the window, then says to wait', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await askForLink(browser({ 'accept-language': 'en' }), 'alice@corp.example')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent.filter((m) => m.to.includes('alice@corp.example'))).toHaveLength(3);
  });

  it('caps one client across addresses, known or not', async () => {
    const statuses = [];
    for (let i = 0; i < 9; i++) statuses.push((await askForLink(browser(), `person${i}@corp.example`)).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
  });
});

describe('token sign-in', () => {
  it('lets an admin in with the API token and turns requester tokens away', async () => {
    const admin = browser();
    await admin.get('/desk/signin');
    const ok = await admin.post('/desk/signin/token', { token: ADMIN_TOKEN });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/desk');

    const tool = browser();
    await tool.get('/desk/signin');
    expect((await tool.post('/desk/signin/token', { token: REQUESTER_TOKEN })).status).toBe(401);
    expect((await tool.post('/desk/signin/token', { token: 'wrong' })).status).toBe(401);
  });
});
