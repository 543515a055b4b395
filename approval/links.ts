// One-click approval links for mail: the decision, approver, ticket and expiry travel in the link,
// signed with HMAC-SHA256 so nobody can forge or alter one. Pure apart from node:crypto.
//
// A link proves who may decide and until when; it cannot by itself prove it was not used before.
// Single use is the ticket workflow's job: it records every nonce it has acted on and refuses a
// second use (the API answers 409), so two clicks, or approve-then-reject, decide only once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const ApprovalLinkPayloadSchema = z
  .object({
    ticketNumber: z.string().regex(/^[A-Z]{1,6}-\d+$/),
    approver: z.string().min(1),
    decision: z.enum(['approve', 'reject']),
    expiresAt: z.iso.datetime({ offset: true }),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'a nonce is 8–128 URL-safe characters'),
  })
  .strict();
export type ApprovalLinkPayload = z.infer<typeof ApprovalLinkPayloadSchema>;
export type ApprovalDecision = ApprovalLinkPayload['decision'];

/** Shorter secrets make the HMAC guessable offline; 32 characters is a random 24-byte key in base64. */
export const MIN_SECRET_LENGTH = 32;

export class ApprovalLinkSecretError extends Error {
  constructor() {
    super(`the approval link secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.name = 'ApprovalLinkSecretError';
  }
}

/** Not a link this desk signed (malformed, altered, or signed with another secret). */
export class ApprovalLinkInvalidError extends Error {
  readonly type = 'ApprovalLinkInvalid';
  constructor(reason: string) {
    super(`invalid approval link: ${reason}`);
    this.name = 'ApprovalLinkInvalidError';
  }
}

/** A genuine link whose time is up; carries the payload so the page can name the ticket. */
export class ApprovalLinkExpiredError extends Error {
  readonly type = 'ApprovalLinkExpired';
  constructor(readonly payload: ApprovalLinkPayload) {
    super(`the approval link for ${payload.ticketNumber} expired at ${payload.expiresAt}`);
    this.name = 'ApprovalLinkExpiredError';
  }
}

function mac(payloadPart: string, secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw new ApprovalLinkSecretError();
  return createHmac('sha256', secret).update(payloadPart).digest();
}

export function signApprovalLink(payload: ApprovalLinkPayload, secret: string): string {
  const payloadPart = Buffer.from(JSON.stringify(ApprovalLinkPayloadSchema.parse(payload))).toString('base64url');
  return `${payloadPart}.${mac(payloadPart, secret).toString('base64url')}`;
}

/** The payload of a genuine, unexpired link; otherwise ApprovalLinkInvalidError or ApprovalLinkExpiredError. */
export function verifyApprovalLink(token: string, secret: string, now: Date): ApprovalLinkPayload {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new ApprovalLinkInvalidError('expected payload.signature');
  const [payloadPart, signaturePart] = parts;
  const expected = mac(payloadPart, secret);
  const presented = Buffer.from(signaturePart, 'base64url');
  // Compare in constant time so response timing does not leak how much of a guess was right.
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
    throw new ApprovalLinkInvalidError('signature does not match');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw new ApprovalLinkInvalidError('payload is not JSON');
  }
  const parsed = ApprovalLinkPayloadSchema.safeParse(decoded);
  if (!parsed.success) throw new ApprovalLinkInvalidError('payload has the wrong shape');
  // Expiry is judged only after the signature: an attacker learns nothing from "expired".
  if (now.getTime() >= Date.parse(parsed.data.expiresAt)) throw new ApprovalLinkExpiredError(parsed.data);
  return parsed.data;
}
