// The single-use sign-in link: signed (links/signedLink.ts), short-lived, bound to one mail
// address. Single use is recorded by the web store when the link is spent (routes.tsx).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { linkUrl, signLink, verifyLink } from '../../links/signedLink';

/** Long enough to open a mail, short enough that a forwarded old mail is useless. */
export const SIGN_IN_LINK_SECONDS = 15 * 60;

export const SignInLinkPayloadSchema = z
  .object({
    kind: z.literal('signin'),
    email: z.email(),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type SignInLinkPayload = z.infer<typeof SignInLinkPayloadSchema>;

export function makeSignInLink(input: { publicUrl: string; email: string; now: Date }, secret: string): { url: string; payload: SignInLinkPayload } {
  const payload: SignInLinkPayload = {
    kind: 'signin',
    email: input.email,
    nonce: randomBytes(18).toString('base64url'),
    expiresAt: new Date(input.now.getTime() + SIGN_IN_LINK_SECONDS * 1000).toISOString(),
  };
  return { url: linkUrl(input.publicUrl, '/portal/signin', signLink(SignInLinkPayloadSchema, payload, secret)), payload };
}

/** The payload of a genuine, unexpired sign-in link; otherwise SignedLinkInvalidError or SignedLinkExpiredError. */
export function verifySignInLink(token: string, secret: string, now: Date): SignInLinkPayload {
  return verifyLink(SignInLinkPayloadSchema, token, secret, now);
}
