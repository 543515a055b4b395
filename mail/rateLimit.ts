// Caps acknowledgements per sender, the last guard against a loop with an auto-responder
// that the automation checks did not recognise.
import { z } from 'zod';

export const AckRateLimitSchema = z
  .object({
    max: z.number().int().nonnegative(),
    perSeconds: z.number().positive(),
  })
  .strict();
export type AckRateLimit = z.infer<typeof AckRateLimitSchema>;

/**
 * True when one more acknowledgement to this sender stays within `max` per `perSeconds`.
 * The window is (now - perSeconds, now]: an ack exactly perSeconds old no longer counts.
 * Acks stamped in the future (clock skew between workers) count, to stay on the safe side.
 */
export function shouldAcknowledge(history: readonly number[], now: number, limit: AckRateLimit): boolean {
  const { max, perSeconds } = AckRateLimitSchema.parse(limit);
  const windowStart = now - perSeconds * 1000;
  const recent = history.filter((sentAt) => sentAt > windowStart).length;
  return recent < max;
}
