// Links that carry their own authority: a JSON payload (what, for whom, until when) signed with
// HMAC-SHA256 so nobody can forge or alter one. Used for one-click approval links and the
// requester's confirm / reopen links. Pure apart from node:crypto.
//
// A link proves who may act and until when; it cannot by itself prove it was not used before.
// Single use is the ticket workflow's job (it refuses a second decision or a second close).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

/** Shorter secrets make the HMAC guessable offline; 32 characters is a random 24-byte key in base64. */
export const MIN_SECRET_LENGTH = 32;

export class LinkSecretError extends Error {
  constructor() {
    super(`the link secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.name = 'LinkSecretError';
  }
}

/** Not a link this desk signed (malformed, altered, signed with another secret, or of another kind). */
export class SignedLinkInvalidError extends Error {
  constructor(readonly reason: string) {
    super(`invalid link: ${reason}`);
    this.name = 'SignedLinkInvalidError';
  }
}

/** A genuine link whose time is up; carries the payload so a page can still name the ticket. */
export class SignedLinkExpiredError<T> extends Error {
  constructor(readonly payload: T, expiresAt: string) {
    super(`the link expired at ${expiresAt}`);
    this.name = 'SignedLinkExpiredError';
  }
}

/** The desk's link secret: one for every kind of link, named by approvals.yaml `linkSecretEnv`. */
export function linkSecret(config: { approvals: { linkSecretEnv: string } }, env: NodeJS.ProcessEnv): string {
  return env[config.approvals.linkSecretEnv] ?? '';
}

/**
 * Whether one-click links are on, and if not, what is missing, in words an admin can act on.
 * Without a usable secret the desk runs with links off: mails say where to decide instead,
 * and the link routes answer that links are off (not a 500).
 */
export function linkSecretStatus(config: { approvals: { linkSecretEnv: string } }, env: NodeJS.ProcessEnv): { on: true; secret: string } | { on: false; why: string } {
  const name = config.approvals.linkSecretEnv;
  const secret = linkSecret(config, env);
  if (!secret) return { on: false, why: `${name} is not set` };
  if (secret.length < MIN_SECRET_LENGTH) return { on: false, why: `${name} is shorter than ${MIN_SECRET_LENGTH} characters` };
  return { on: true, secret };
}

/** How to switch links on, for messages that say they are off. */
export const SWITCH_LINKS_ON = `set it to a random secret of at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`) and restart`;

/** Where a link's token is used: below the desk's public URL (desk.yaml `publicUrl`). */
export function linkUrl(publicUrl: string, route: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}${route}/${token}`;
}

/**
 * The bytes of a base64url text, or null unless it is exactly what encoding them gives. Node's
 * decoder skips characters outside the alphabet, padding and the unused low bits of the last
 * character, so a link with `=`, `!` or an altered last character would otherwise verify too:
 * one link must have exactly one spelling.
 */
function strictBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function mac(payloadPart: string, secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw new LinkSecretError();
  return createHmac('sha256', secret).update(payloadPart).digest();
}

export function signLink<S extends z.ZodType<{ expiresAt: string }>>(schema: S, payload: z.input<S>, secret: string): string {
  const payloadPart = Buffer.from(JSON.stringify(schema.parse(payload))).toString('base64url');
  return `${payloadPart}.${mac(payloadPart, secret).toString('base64url')}`;
}

/** The payload of a genuine, unexpired link of this schema; otherwise SignedLinkInvalidError or SignedLinkExpiredError. */
export function verifyLink<S extends z.ZodType<{ expiresAt: string }>>(schema: S, token: string, secret: string, now: Date): z.output<S> {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new SignedLinkInvalidError('expected payload.signature');
  const [payloadPart, signaturePart] = parts;
  const expected = mac(payloadPart, secret);
  const presented = strictBase64url(signaturePart);
  if (!presented || !strictBase64url(payloadPart)) throw new SignedLinkInvalidError('not base64url');
  // Compare in constant time so response timing does not leak how much of a guess was right.
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new SignedLinkInvalidError('signature does not match');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw new SignedLinkInvalidError('payload is not JSON');
  }
  // Strict schemas: a link of one kind (approval) is never accepted as another (confirm).
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw new SignedLinkInvalidError('payload has the wrong shape');
  // Expiry is judged only after the signature: an attacker learns nothing from "expired".
  if (now.getTime() >= Date.parse(parsed.data.expiresAt)) throw new SignedLinkExpiredError(parsed.data, parsed.data.expiresAt);
  return parsed.data;
}
