// CSRF protection for every state-changing form. Signed in: the token is the session's own
// (a random value stored with it), so a token from another session is worthless. Signed out
// (the sign-in forms): a double-submit token in a cookie of its own. Both are compared in
// constant time; SameSite=Lax cookies are the second line, not the only one.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isSecureRequest, type WebSession } from './session';

export const CSRF_FIELD = '_csrf';
const FORM_COOKIE = 'itdesk_form';

export class CsrfRejectedError extends Error {
  constructor() {
    super('the form is out of date or did not come from this desk');
    this.name = 'CsrfRejectedError';
  }
}

/** The token a form on this page must carry. */
export function csrfToken(c: Context, session: WebSession | null, trustProxy: boolean): string {
  if (session) return session.csrf;
  let token = getCookie(c, FORM_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    setCookie(c, FORM_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isSecureRequest(c, trustProxy) });
  }
  return token;
}

/** Throws CsrfRejectedError unless the submitted token matches the session's (or the form cookie's). */
export function assertCsrf(c: Context, session: WebSession | null, submitted: unknown): void {
  const expected = session ? session.csrf : getCookie(c, FORM_COOKIE);
  if (typeof submitted !== 'string' || !expected) throw new CsrfRejectedError();
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new CsrfRejectedError();
}
