// Browser sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure behind https),
// looked up server-side by its SHA-256 with a server-side expiry. Signing in always makes a
// new id and drops the one the browser brought, so a planted session id is never promoted.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../api/auth';
import type { WebStore } from './webStore';

export const SESSION_COOKIE = 'itdesk_session';
/** Absolute lifetime: a working day and a bit; sign in again tomorrow. */
export const SESSION_SECONDS = 12 * 3600;

export interface WebSession {
  principal: Principal;
  email: string;
  /** Bound to this session: every state-changing form must carry it (web/csrf.ts). */
  csrf: string;
  expiresAt: number;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** https directly, or behind a proxy that says so (only when ITDESK_TRUST_PROXY is set). */
export function isSecureRequest(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0].trim() === 'https';
}

export function createSessions(store: WebStore, options: { trustProxy: boolean; now?: () => number }) {
  const now = options.now ?? Date.now;
  const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Lax' as const, path: '/', secure: isSecureRequest(c, options.trustProxy) });

  return {
    async read(c: Context): Promise<WebSession | null> {
      const id = getCookie(c, SESSION_COOKIE);
      if (!id || id.length > 100) return null;
      const row = await store.db.get<{ role: Principal['role']; subject: string; name: string; email: string; csrf: string; expires_at: number }>(
        'SELECT role, subject, name, email, csrf, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
        [hashOf(id), now()],
      );
      if (!row) return null;
      return { principal: { role: row.role, subject: row.subject, name: row.name }, email: row.email, csrf: row.csrf, expiresAt: row.expires_at };
    },

    /** A fresh session for this person; whatever session id the browser had is deleted first. */
    async start(c: Context, principal: Principal, email: string): Promise<WebSession> {
      const previous = getCookie(c, SESSION_COOKIE);
      if (previous) await store.db.run('DELETE FROM sessions WHERE id_hash = ?', [hashOf(previous)]);
      await store.db.run('DELETE FROM sessions WHERE expires_at <= ?', [now()]);
      const id = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      const expiresAt = now() + SESSION_SECONDS * 1000;
      await store.db.run(
        'INSERT INTO sessions (id_hash, role, subject, name, email, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [hashOf(id), principal.role, principal.subject, principal.name, email, csrf, now(), expiresAt],
      );
      setCookie(c, SESSION_COOKIE, id, { ...cookieOptions(c), maxAge: SESSION_SECONDS });
      return { principal, email, csrf, expiresAt };
    },

    async end(c: Context): Promise<void> {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) await store.db.run('DELETE FROM sessions WHERE id_hash = ?', [hashOf(id)]);
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
