// A notice whose mail can never be sent (activities/noticeDelivery.ts throws a non-retryable
// UndeliverableNotice): the ticket records it and goes on, so one bad address never holds up the
// notices behind it. Any other failure is not ours to swallow.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** Must equal activities/noticeDelivery.ts UNDELIVERABLE_NOTICE (checked by a unit test). */
export const UNDELIVERABLE_NOTICE = 'UndeliverableNotice';

/** Why the mail activity failed for good, or undefined when `err` is anything else. */
export function undeliverableReason(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === UNDELIVERABLE_NOTICE) return err.cause.message;
  return undefined;
}

/** Runs a mail activity; an undeliverable notice gives `onUndeliverable(reason)`, anything else throws. */
export async function unlessUndeliverable<T>(send: () => Promise<T>, onUndeliverable: (reason: string) => T): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const reason = undeliverableReason(err);
    if (reason === undefined) throw err;
    return onUndeliverable(reason);
  }
}
