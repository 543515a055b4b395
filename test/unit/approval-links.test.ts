// Signed one-click approval links: a genuine link verifies until it expires; altered, foreign,
// expired and malformed links are refused with the error that says which.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ApprovalLinkExpiredError,
  ApprovalLinkInvalidError,
  ApprovalLinkSecretError,
  signApprovalLink,
  verifyApprovalLink,
  type ApprovalLinkPayload,
} from '../../links/approvalLinks';

const SECRET = 'test-approval-secret-0123456789abcdef';
const OTHER_SECRET = 'another-desks-secret-0123456789abcdef';
const payload: ApprovalLinkPayload = {
  ticketNumber: 'IT-000123',
  approver: 'wang.fang',
  decision: 'approve',
  expiresAt: '2026-10-09T10:00:00.000Z',
  nonce: 'n0nce-abc123',
};
const BEFORE_EXPIRY = new Date('2026-10-08T10:00:00Z');
const token = signApprovalLink(payload, SECRET);

/** The same link with one field of its payload changed, keeping the original signature. */
function altered(change: Partial<ApprovalLinkPayload>): string {
  const signature = token.split('.')[1];
  return `${Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')}.${signature}`;
}

/** 32 bytes are 43 base64url characters; the last one carries 2 unused bits, flipped here. */
function withLastCharBitFlipped(link: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(link.at(-1)!);
  const flipped = `${link.slice(0, -1)}${alphabet[last ^ 1]}`;
  // The premise of the row: Node alone decodes both to the same signature.
  const decode = (t: string) => Buffer.from(t.split('.')[1], 'base64url').toString('hex');
  if (decode(flipped) !== decode(link)) throw new Error('the flipped bit is not an unused one');
  return flipped;
}

describe('a genuine link', () => {
  it('verifies and gives back what was signed', () => {
    expect(verifyApprovalLink(token, SECRET, BEFORE_EXPIRY)).toEqual(payload);
  });

  it('is URL-safe as it is, so it can sit in a path', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});

describe('links that are refused', () => {
  const cases = [
    { given: 'a reject link dressed up as approve', token: () => altered({ decision: 'reject' }), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'another ticket number', token: () => altered({ ticketNumber: 'IT-000124' }), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a later expiry', token: () => altered({ expiresAt: '2027-01-01T00:00:00.000Z' }), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a link signed with another secret', token: () => signApprovalLink(payload, OTHER_SECRET), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a truncated signature', token: () => token.slice(0, -4), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'no signature at all', token: () => token.split('.')[0], at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'three parts', token: () => `${token}.extra`, at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'an empty string', token: () => '', at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'garbage', token: () => 'not a link', at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    // Node's base64url decoder would read these as the genuine signature: one link, one spelling.
    { given: 'padding after the signature', token: () => `${token}=`, at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a character outside the alphabet after the signature', token: () => `${token}!`, at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a space inside the signature', token: () => `${token.slice(0, -5)} ${token.slice(-5)}`, at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'the last character altered in its unused bits', token: () => withLastCharBitFlipped(token), at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a character outside the alphabet in the payload', token: () => `${token.split('.')[0]}!.${token.split('.')[1]}`, at: BEFORE_EXPIRY, error: ApprovalLinkInvalidError },
    { given: 'a genuine link at the instant it expires', token: () => token, at: new Date(payload.expiresAt), error: ApprovalLinkExpiredError },
    { given: 'a genuine link a day late', token: () => token, at: new Date('2026-10-10T10:00:00Z'), error: ApprovalLinkExpiredError },
  ];
  it.each(cases)('refuses $given', ({ token: make, at, error }) => {
    expect(() => verifyApprovalLink(make(), SECRET, at)).toThrow(error);
  });

  it('refuses a signed payload of the wrong shape', () => {
    // Signed with the right secret but not through signApprovalLink: the signature alone is not enough.
    const part = Buffer.from(JSON.stringify({ ...payload, decision: 'maybe' })).toString('base64url');
    const forged = `${part}.${createHmac('sha256', SECRET).update(part).digest('base64url')}`;
    expect(() => verifyApprovalLink(forged, SECRET, BEFORE_EXPIRY)).toThrow('payload has the wrong shape');
  });

  it('names the ticket when a genuine link has expired', () => {
    const late = new Date('2026-10-10T00:00:00Z');
    expect(() => verifyApprovalLink(token, SECRET, late)).toThrow(/IT-000123 expired at 2026-10-09T10:00:00.000Z/);
  });
});

describe('secrets', () => {
  it('refuses to sign or verify with a short secret', () => {
    expect(() => signApprovalLink(payload, 'short')).toThrow(ApprovalLinkSecretError);
    expect(() => verifyApprovalLink(token, 'short', BEFORE_EXPIRY)).toThrow(ApprovalLinkSecretError);
  });
});
