// The requester's confirm / reopen links: signed, expiring, and never interchangeable with
// approval links (both are signed with the same desk secret).
import { describe, expect, it } from 'vitest';
import { signApprovalLink, verifyApprovalLink } from '../../links/approvalLinks';
import { resolutionLinks, signRequesterLink, verifyRequesterLink, type RequesterLinkPayload } from '../../links/requesterLinks';
import { SignedLinkExpiredError, SignedLinkInvalidError } from '../../links/signedLink';

const SECRET = 'unit-test-link-secret-0123456789abcdef';
const payload: RequesterLinkPayload = {
  kind: 'requester',
  ticketNumber: 'IT-000123',
  requester: 'alice@corp.example',
  action: 'confirm',
  round: 0,
  expiresAt: '2026-12-01T00:00:00.000Z',
};
const before = new Date('2026-11-30T23:59:59Z');

describe('requester links', () => {
  it('verifies what it signed, until it expires', () => {
    const token = signRequesterLink(payload, SECRET);
    expect(verifyRequesterLink(token, SECRET, before)).toEqual(payload);
    expect(() => verifyRequesterLink(token, SECRET, new Date(payload.expiresAt))).toThrow(SignedLinkExpiredError);
  });

  it('refuses altered links and links signed with another secret', () => {
    const token = signRequesterLink(payload, SECRET);
    const [body, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...payload, action: 'reopen' })).toString('base64url');
    expect(() => verifyRequesterLink(`${altered}.${signature}`, SECRET, before)).toThrow(SignedLinkInvalidError);
    expect(() => verifyRequesterLink(`${body}.${signature}`, `${SECRET}-other`, before)).toThrow(/signature does not match/);
    expect(() => verifyRequesterLink('no-dot', SECRET, before)).toThrow(/expected payload.signature/);
  });

  it('never takes an approval link for a requester link, nor the other way round', () => {
    const approval = signApprovalLink({ ticketNumber: 'IT-000123', approver: 'wang.fang', decision: 'approve', expiresAt: payload.expiresAt, nonce: 'abcdefgh12' }, SECRET);
    expect(() => verifyRequesterLink(approval, SECRET, before)).toThrow(/wrong shape/);
    expect(() => verifyApprovalLink(signRequesterLink(payload, SECRET), SECRET, before)).toThrow(/wrong shape/);
  });

  it('builds both links of a resolution mail, or none without a usable secret', () => {
    const input = { publicUrl: 'https://desk.corp.example/', ticketNumber: 'IT-000123', requester: 'alice@corp.example', round: 2, expiresAt: payload.expiresAt };
    const links = resolutionLinks(input, SECRET)!;
    expect(links.confirm).toMatch(/^https:\/\/desk\.corp\.example\/api\/requester-links\/[\w-]+\.[\w-]+$/);
    const token = (url: string) => url.split('/').at(-1)!;
    expect(verifyRequesterLink(token(links.confirm), SECRET, before)).toMatchObject({ action: 'confirm', round: 2 });
    expect(verifyRequesterLink(token(links.reopen), SECRET, before)).toMatchObject({ action: 'reopen', round: 2 });
    expect(resolutionLinks(input, undefined)).toBeNull();
    expect(resolutionLinks(input, 'too-short')).toBeNull();
  });
});
