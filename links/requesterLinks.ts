// The requester's one-click links in a resolution mail: confirm (close, optionally rate) or
// reopen. Signed like approval links, with their own strict payload so neither kind of link is
// ever accepted as the other. Single use comes from the ticket: a closed or reopened ticket
// refuses the second click, and `round` ties a link to the resolution its mail announced.
import { z } from 'zod';
import { linkUrl, MIN_SECRET_LENGTH, signLink, verifyLink } from './signedLink';

export const RequesterLinkPayloadSchema = z
  .object({
    kind: z.literal('requester'),
    ticketNumber: z.string().regex(/^[A-Z]{1,6}-\d+$/),
    requester: z.string().min(1),
    /** solved: "this knowledge article solved it", from a suggestion in the acknowledgement */
    action: z.enum(['confirm', 'reopen', 'solved']),
    /** the ticket's reopenCount when it was resolved: the resolution this link answers */
    round: z.number().int().nonnegative(),
    /** the suggested article (solved links only) */
    articleId: z.number().int().positive().optional(),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type RequesterLinkPayload = z.infer<typeof RequesterLinkPayloadSchema>;
export type RequesterLinkAction = RequesterLinkPayload['action'];

export function signRequesterLink(payload: RequesterLinkPayload, secret: string): string {
  return signLink(RequesterLinkPayloadSchema, payload, secret);
}

/** The payload of a genuine, unexpired requester link; otherwise SignedLinkInvalidError or SignedLinkExpiredError. */
export function verifyRequesterLink(token: string, secret: string, now: Date): RequesterLinkPayload {
  return verifyLink(RequesterLinkPayloadSchema, token, secret, now);
}

/** A solved link lives as long as a requester plausibly reads the acknowledgement's suggestions. */
export const SOLVED_LINK_VALIDITY_MS = 14 * 24 * 3600 * 1000;

/** The "this article solved it" link of one suggestion, or none without a usable link secret. */
export function articleSolvedLink(
  input: { publicUrl: string; ticketNumber: string; requester: string; articleId: number; expiresAt: string },
  secret: string | undefined,
): string | null {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return null;
  const payload = { kind: 'requester' as const, ticketNumber: input.ticketNumber, requester: input.requester, action: 'solved' as const, round: 0, articleId: input.articleId, expiresAt: input.expiresAt };
  return linkUrl(input.publicUrl, '/api/requester-links', signRequesterLink(payload, secret));
}

/**
 * Both links of one resolution mail, or none without a usable link secret: the resolution
 * notice then goes out with reply instructions instead of failing and waiting.
 */
export function resolutionLinks(
  input: { publicUrl: string; ticketNumber: string; requester: string; round: number; expiresAt: string },
  secret: string | undefined,
): { confirm: string; reopen: string } | null {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return null;
  const link = (action: RequesterLinkAction) =>
    linkUrl(
      input.publicUrl,
      '/api/requester-links',
      signRequesterLink({ kind: 'requester', ticketNumber: input.ticketNumber, requester: input.requester, action, round: input.round, expiresAt: input.expiresAt }, secret),
    );
  return { confirm: link('confirm'), reopen: link('reopen') };
}
