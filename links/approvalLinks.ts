// One-click approval links for mail: the decision, approver, ticket and expiry travel in the link,
// signed (links/signedLink.ts) so nobody can forge or alter one.
//
// Single use is the ticket workflow's job: it records every nonce it has acted on and refuses a
// second use (the API answers 409), so two clicks, or approve-then-reject, decide only once.
import { z } from 'zod';
import { signLink, SignedLinkExpiredError, SignedLinkInvalidError, verifyLink } from './signedLink';

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

export { MIN_SECRET_LENGTH } from './signedLink';
/** Raised for a link secret shorter than MIN_SECRET_LENGTH (the same class for every kind of link). */
export { LinkSecretError as ApprovalLinkSecretError } from './signedLink';

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

export function signApprovalLink(payload: ApprovalLinkPayload, secret: string): string {
  return signLink(ApprovalLinkPayloadSchema, payload, secret);
}

/** The payload of a genuine, unexpired link; otherwise ApprovalLinkInvalidError or ApprovalLinkExpiredError. */
export function verifyApprovalLink(token: string, secret: string, now: Date): ApprovalLinkPayload {
  try {
    return verifyLink(ApprovalLinkPayloadSchema, token, secret, now);
  } catch (err) {
    if (err instanceof SignedLinkExpiredError) throw new ApprovalLinkExpiredError(err.payload as ApprovalLinkPayload);
    if (err instanceof SignedLinkInvalidError) throw new ApprovalLinkInvalidError(err.reason);
    throw err;
  }
}
