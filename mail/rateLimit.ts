// Caps acknowledgements per sender, the last guard against a loop with an auto-responder
// that the automation checks did not recognise.
// Without zod: the mailbox workflow runs this, and what workflows import is evaluated again for
// each cached workflow (issue #10); mailboxes.yaml's schema has checked the numbers already.

export interface AckRateLimit {
  /** acknowledgements allowed per window (0: never) */
  max: number;
  /** the window, positive */
  perSeconds: number;
}

/**
 * True when one more acknowledgement to this sender stays within `max` per `perSeconds`.
 * The window is (now - perSeconds, now]: an ack exactly perSeconds old no longer counts.
 * Acks stamped in the future (clock skew between workers) count, to stay on the safe side.
 */
export function shouldAcknowledge(history: readonly number[], now: number, limit: AckRateLimit): boolean {
  const { max, perSeconds } = limit;
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number ≥ 0, got ${max}`);
  if (!(perSeconds > 0)) throw new RangeError(`perSeconds must be positive, got ${perSeconds}`);
  const windowStart = now - perSeconds * 1000;
  const recent = history.filter((sentAt) => sentAt > windowStart).length;
  return recent < max;
}
