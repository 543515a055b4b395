// Caps sign-in mails per address and per client, counted in the web store so a restart does
// not reset them. Every request counts, known address or not: the limit must not tell which
// addresses exist.
import type { Db } from '../../store/db';

export interface SignInLimits {
  perAddress: { max: number; windowSeconds: number };
  perClient: { max: number; windowSeconds: number };
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAddress: { max: 3, windowSeconds: 15 * 60 },
  perClient: { max: 10, windowSeconds: 15 * 60 },
};

/** Records the attempt when it is within both limits; otherwise says which limit it hit. */
export async function takeSignInAttempt(db: Db, limits: SignInLimits, keys: { address: string; client: string }, nowMs: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  return db.transaction(async () => {
    const checks = [
      { key: `address:${keys.address}`, ...limits.perAddress },
      { key: `client:${keys.client}`, ...limits.perClient },
    ];
    for (const check of checks) {
      const since = nowMs - check.windowSeconds * 1000;
      const row = await db.get<{ n: number; oldest: number | null }>('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM signin_mails WHERE key = ? AND at > ?', [check.key, since]);
      if (row && row.n >= check.max) return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil(((row.oldest ?? nowMs) + check.windowSeconds * 1000 - nowMs) / 1000)) };
    }
    for (const check of checks) await db.run('INSERT INTO signin_mails (key, at) VALUES (?, ?)', [check.key, nowMs]);
    await db.run('DELETE FROM signin_mails WHERE at < ?', [nowMs - 86_400_000]);
    return { ok: true as const };
  });
}
