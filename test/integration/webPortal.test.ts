// The portal and the workbench over real HTTP on a real desk (Temporal dev server, SMTP sink,
// sqlite): a double-clicked submit is one ticket, hostile titles are escaped, nobody sees
// another requester's ticket, internal notes stay internal, the agent's actions reach the
// ticket, and the breaching queue shows a P1 once its response target has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastSlaYaml } from '../support/fastSla';
import { startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn, withoutAutoAssignment } from '../support/webDesk';
import { headingOf, type WebClient } from '../support/webClient';

let desk: TestDesk;
let alice: WebClient;
let bob: WebClient;
let agent: WebClient;

const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
const PNG = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b2c5e90000000049454e44ae426082', 'hex'));

beforeAll(async () => {
  desk = await startTestDesk('web', {
    'sla.yaml': fastSlaYaml({
      P1: 'response: 3s, resolution: 1h',
      P2: 'response: 1h, resolution: 4h',
      P3: 'response: 2h, resolution: 8h',
      P4: 'response: 4h, resolution: 8h',
    }),
    'routing.yaml': withoutAutoAssignment(),
  }, 'WEB');
  [alice, bob, agent] = await Promise.all([
    signIn(desk, 'alice@corp.example', { 'accept-language': 'en' }),
    signIn(desk, 'bob@corp.example', { 'accept-language': 'en' }),
    signIn(desk, 'li.na@corp.example', { 'accept-language': 'en' }),
  ]);
});
afterAll(async () => desk?.stop());

async function submit(client: WebClient, fields: Record<string, string>, files: Parameters<WebClient['postMultipart']>[2] = []) {
  await client.get('/portal/new');
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(client.lastPage)![1];
  return { key, res: await client.postMultipart('/portal/new', { impact: 'individual', urgency: 'medium', description: 'details', idempotencyKey: key, ...fields }, files) };
}

describe('the portal', () => {
  let number: string;

  it('makes one ticket of a double-clicked submit, with the screenshot', async () => {
    await alice.get('/portal/new');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(alice.lastPage)![1];
    const fields = { title: HOSTILE, description: `desc ${HOSTILE}`, impact: 'individual', urgency: 'medium', idempotencyKey: key };
    const files = [{ field: 'attachments', name: 'screen.png', type: 'image/png', bytes: PNG }];
    const [first, second] = await Promise.all([alice.postMultipart('/portal/new', fields, files), alice.postMultipart('/portal/new', fields, files)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.headers.get('location')).toBe(second.headers.get('location'));
    number = first.headers.get('location')!.split('/').pop()!;
    const mine = await desk.api('GET', '/api/tickets?limit=50');
    // Other test files share the namespace: count this desk's tickets only.
    const listed = mine.body.items.filter((t: { requester: string; number: string }) => t.requester === 'alice@corp.example' && t.number.startsWith('WEB-'));
    expect(listed).toHaveLength(1);
    // The listing decodes search attributes and memo itself: it must agree with the ticket.
    const read = (await desk.api('GET', `/api/tickets/${listed[0].number}`)).body;
    expect(listed[0]).toMatchObject({ title: read.intake.title, status: read.status, priority: read.priority, category: read.category, group: read.group, assignee: read.assignee, breached: false });
    expect(listed[0].slaResolutionDue).toBe(new Date(read.sla.find((c: { name: string }) => c.name === 'resolution').dueAt).toISOString());

    const page = await alice.get(`/portal/tickets/${number}`);
    expect(page.status).toBe(200);
    const href = /href="([^"]+\/attachments\/[0-9a-f]{64})"/.exec(page.text)![1];
    const download = await alice.get(href);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('screen.png');
  });

  it('escapes hostile titles and bodies on every page', async () => {
    for (const [client, path] of [[alice, `/portal/tickets/${number}`], [alice, '/portal'], [agent, `/desk/tickets/${number}`], [agent, '/desk?queue=unassigned']] as const) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain('<script>alert(1)');
      expect(page.text, path).not.toContain('<img src=x');
      expect(page.text, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('lists what is missing in an incomplete request', async () => {
    const { res } = await submit(alice, { title: '', description: '', impact: '', urgency: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('a short title');
    expect(res.text).toContain('who is affected');
  });

  it('shows another requester\'s ticket as not found', async () => {
    const page = await bob.get(`/portal/tickets/${number}`);
    expect(page.status).toBe(404);
    expect(headingOf(page.text)).toBe('Not found');
    expect((await bob.get('/portal')).text).not.toContain(number);
    await bob.get('/portal');
    expect((await bob.post(`/portal/tickets/${number}/cancel`, { reason: 'mine now' })).status).toBe(404);
  });

  it('keeps requesters out of the workbench', async () => {
    expect((await alice.get('/desk')).status).toBe(403);
  });

  it('carries the work through: take, internal note, question, answer, resolve, confirm with a rating', async () => {
    const queue = await agent.get('/desk?queue=unassigned');
    expect(queue.text).toContain(`/desk/tickets/${number}`);
    await agent.get(`/desk/tickets/${number}`);
    expect((await agent.post(`/desk/tickets/${number}/assign`, { group: 'desktop', assignee: '', take: '1' })).status).toBe(422); // li.na is not in desktop
    expect((await agent.post(`/desk/tickets/${number}/assign`, { group: 'service-desk', assignee: 'chen.jie' })).status).toBe(422); // nor chen.jie in service-desk
    const take = await agent.post(`/desk/tickets/${number}/assign`, { group: 'service-desk', assignee: '', take: '1' });
    expect(take.status).toBe(303);
    expect((await desk.api('GET', `/api/tickets/${number}`)).body.assignee).toBe('li.na');
    await agent.get(`/desk/tickets/${number}`);
    expect((await agent.post(`/desk/tickets/${number}/comment`, { body: 'INTERNAL: check the VPN box' })).status).toBe(303);
    expect((await agent.post(`/desk/tickets/${number}/pend`, { reason: 'requester', note: 'Which client version do you use?' })).status).toBe(303);

    const asked = await alice.get(`/portal/tickets/${number}`);
    expect(asked.text).toContain('Which client version do you use?');
    expect(asked.text).not.toContain('INTERNAL: check the VPN box');
    expect((await alice.post(`/portal/tickets/${number}/reply`, { body: 'Version 5.1' })).status).toBe(303);

    await agent.get(`/desk/tickets/${number}`);
    expect(agent.lastPage).toContain('Version 5.1');
    expect(agent.lastPage).toContain('INTERNAL: check the VPN box');
    expect((await agent.post(`/desk/tickets/${number}/resolve`, { resolutionNote: 'Updated the client' })).status).toBe(303);

    await alice.get(`/portal/tickets/${number}`);
    expect(alice.lastPage).toContain('Updated the client');
    expect((await alice.post(`/portal/tickets/${number}/confirm`, { rating: 'basically_satisfied' })).status).toBe(303);
    const closed = (await desk.api('GET', `/api/tickets/${number}`)).body;
    expect(closed.status).toBe('closed');
    expect(closed.closedBy).toBe('requester');
    expect(closed.satisfaction.rating).toBe('basically_satisfied');
  });

  it('answers a form with a stale action clearly', async () => {
    await agent.get(`/desk/tickets/${number}`);
    const stale = await agent.post(`/desk/tickets/${number}/resolve`, { resolutionNote: 'again' });
    expect(stale.status).toBe(422);
    expect(stale.text).toContain('That did not work');
  });
});

describe('the requester changes their mind', () => {
  it('reopens a resolved ticket with a reason, and cancels an open one', async () => {
    const { res } = await submit(bob, { title: '工位电话没有拨号音' });
    const number = res.headers.get('location')!.split('/').pop()!;
    await agent.get(`/desk/tickets/${number}`);
    expect((await agent.post(`/desk/tickets/${number}/assign`, { group: 'service-desk', assignee: 'zhao.lei' })).status).toBe(303);
    expect((await agent.post(`/desk/tickets/${number}/resolve`, { resolutionNote: 'Re-plugged the phone' })).status).toBe(303);

    await bob.get(`/portal/tickets/${number}`);
    expect((await bob.post(`/portal/tickets/${number}/reopen`, { reason: '' })).status).toBe(422); // a reason is required
    expect((await bob.post(`/portal/tickets/${number}/reopen`, { reason: 'Still no dial tone' })).status).toBe(303);
    const reopened = (await desk.api('GET', `/api/tickets/${number}`)).body;
    expect([reopened.status, reopened.reopenCount]).toEqual(['assigned', 1]);

    await bob.get(`/portal/tickets/${number}`);
    expect((await bob.post(`/portal/tickets/${number}/cancel`, { reason: 'It works again' })).status).toBe(303);
    expect((await desk.api('GET', `/api/tickets/${number}`)).body.status).toBe('cancelled');
    expect((await bob.get(`/portal/tickets/${number}`)).text).toContain('It works again');
  });

  it('lets only the approver decide a permission request on the ticket page', async () => {
    const created = await desk.api('POST', '/api/tickets', {
      token: 'alice',
      body: { requester: { name: 'Alice', email: 'alice@corp.example' }, title: '申请开通财务系统权限', description: '月底结账需要', impact: 'individual', urgency: 'low' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const number: string = created.body.number;
    expect((await desk.api('GET', `/api/tickets/${number}`)).body.approval).toMatchObject({ status: 'waiting', approver: { id: 'wang.fang' } });
    const form = `action="/desk/tickets/${number}/approval"`;
    await agent.get(`/desk/tickets/${number}`);
    expect(agent.lastPage).not.toContain(form); // li.na is not the approver
    const approver = await signIn(desk, 'wang.fang@corp.example', { 'accept-language': 'en' });
    expect((await approver.get(`/desk/tickets/${number}`)).text).toContain(form);
    expect((await approver.post(`/desk/tickets/${number}/approval`, { decision: 'approve', comment: 'OK for month-end' })).status).toBe(303);
    const view = (await desk.api('GET', `/api/tickets/${number}`)).body;
    expect(view.approval).toMatchObject({ status: 'approved', decidedBy: { id: 'wang.fang' }, comment: 'OK for month-end' });
    expect(['new', 'assigned']).toContain(view.status); // out of pending: work may start
    expect((await approver.get(`/desk/tickets/${number}`)).text).not.toContain(form);
  });
});

describe('the breaching queue', () => {
  it('shows a P1 once its response target has passed, overdue first', async () => {
    const { res } = await submit(bob, { title: '核心系统宕机 core system down', impact: 'company', urgency: 'critical' });
    const number = res.headers.get('location')!.split('/').pop()!;
    expect((await desk.api('GET', `/api/tickets/${number}`)).body.priority).toBe('P1');
    const page = await waitUntil('the P1 in the breaching queue', async () => {
      const queue = await agent.get('/desk?queue=breaching&priority=P1');
      return queue.text.includes(`/desk/tickets/${number}`) && /class="clock breached"/.test(queue.text) ? queue.text : undefined;
    }, 20_000, 500);
    expect(page).toContain('over');
  });
});
