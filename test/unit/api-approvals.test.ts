// The one-click approval routes through app.request(): GET only confirms (so mail scanners that
// prefetch links decide nothing), POST decides once; bad, expired and spent links get 400/410/409.
// decide is a stand-in that keeps used nonces as the ticket workflow will; links are really signed.
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { signApprovalLink, verifyApprovalLink, type ApprovalLinkPayload } from '../../links/approvalLinks';
import { approvalProblems, approvalsRouter } from '../../api/approvals';
import { ProblemError, problemResponse } from '../../api/problem';

const SECRET = 'test-approval-secret-0123456789abcdef';
const NOW = new Date('2026-10-08T10:00:00Z');
const link = (change: Partial<ApprovalLinkPayload> = {}) =>
  signApprovalLink(
    { ticketNumber: 'IT-000123', approver: 'wang.fang', decision: 'approve', expiresAt: '2026-10-09T10:00:00.000Z', nonce: 'nonce-0001', ...change },
    SECRET,
  );

let decided: ApprovalLinkPayload[];
let app: Hono;
beforeEach(() => {
  decided = [];
  const usedNonces = new Set<string>();
  app = new Hono();
  app.route(
    '/api/approvals',
    approvalsRouter({
      verify: (token) => verifyApprovalLink(token, SECRET, NOW),
      decide: async (payload) => {
        if (usedNonces.has(payload.nonce)) throw approvalProblems.alreadyUsed(`this link for ${payload.ticketNumber} was already used`);
        usedNonces.add(payload.nonce);
        decided.push(payload);
        return { number: payload.ticketNumber, status: payload.decision === 'approve' ? 'assigned' : 'declined' };
      },
    }),
  );
  // As createApp does: every ProblemError becomes problem+json.
  app.onError((err, c) => (err instanceof ProblemError ? problemResponse(c, err) : c.text(String(err), 500)));
});

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('opening the link (GET)', () => {
  it('shows a confirmation page with a form and decides nothing', async () => {
    const res = await app.request(`/api/approvals/${link()}`, { headers: BROWSER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await res.text();
    expect(page).toContain('<form method="post"');
    expect(page).toContain('IT-000123');
    expect(page).toContain('批准 / Approve');
    expect(decided).toEqual([]);
  });

  it('opened twice, as a scanner and then the approver would, still decides nothing', async () => {
    await app.request(`/api/approvals/${link()}`);
    await app.request(`/api/approvals/${link()}`, { headers: BROWSER });
    expect(decided).toEqual([]);
  });

  const refused = [
    { given: 'an expired link', token: () => link({ expiresAt: '2026-10-08T09:00:00.000Z' }), status: 410, says: 'The approval link has expired' },
    { given: 'a link signed with another secret', token: () => signApprovalLink({ ticketNumber: 'IT-000123', approver: 'wang.fang', decision: 'approve', expiresAt: '2026-10-09T10:00:00.000Z', nonce: 'nonce-0001' }, 'x'.repeat(40)), status: 400, says: 'The approval link is not valid' },
    { given: 'a mangled link', token: () => 'abc.def', status: 400, says: 'The approval link is not valid' },
  ];
  it.each(refused)('answers $given with $status and a readable page', async ({ token, status, says }) => {
    const res = await app.request(`/api/approvals/${token()}`, { headers: BROWSER });
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(says);
  });

  const clients = [{ accept: undefined }, { accept: 'application/json' }, { accept: '*/*' }, { accept: 'application/problem+json' }];
  const refusedToClients = refused.flatMap((r) => clients.map((client) => ({ ...r, accept: client.accept })));
  it.each(refusedToClients)('answers $given with $status problem+json to a client accepting $accept', async ({ token, status, says, accept }) => {
    const res = await app.request(`/api/approvals/${token()}`, { headers: accept ? { accept } : {} });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status, title: says });
  });
});

describe('confirming (POST)', () => {
  it('applies the decision once and returns the ticket', async () => {
    const res = await app.request(`/api/approvals/${link()}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ number: 'IT-000123', status: 'assigned' });
    expect(decided.map((d) => [d.ticketNumber, d.approver, d.decision])).toEqual([['IT-000123', 'wang.fang', 'approve']]);
  });

  it('shows the result as a page when the confirmation form is submitted from a browser', async () => {
    const res = await app.request(`/api/approvals/${link({ decision: 'reject' })}`, { method: 'POST', headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('拒绝 / Reject — IT-000123 (declined)');
  });

  const refused = [
    { given: 'an expired link', token: () => link({ expiresAt: '2026-10-08T09:00:00.000Z' }), status: 410, type: 'approval-link-expired' },
    { given: 'an altered link', token: () => `${link().split('.')[0]}x.${link().split('.')[1]}`, status: 400, type: 'approval-link-invalid' },
    { given: 'a link without a signature', token: () => link().split('.')[0], status: 400, type: 'approval-link-invalid' },
  ];
  it.each(refused)('refuses $given with $status problem+json', async ({ token, status, type }) => {
    const res = await app.request(`/api/approvals/${token()}`, { method: 'POST' });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: `https://itdesk.dev/problems/${type}`, status });
    expect(decided).toEqual([]);
  });

  it('answers 409 when the same link is used a second time', async () => {
    expect((await app.request(`/api/approvals/${link()}`, { method: 'POST' })).status).toBe(200);
    const again = await app.request(`/api/approvals/${link()}`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: 'https://itdesk.dev/problems/approval-link-used', detail: 'this link for IT-000123 was already used' });
    expect(decided).toHaveLength(1);
  });

  it('escapes what it echoes into the page', async () => {
    const res = await app.request(`/api/approvals/${link({ approver: '<script>alert(1)</script>' })}`, { headers: BROWSER });
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
