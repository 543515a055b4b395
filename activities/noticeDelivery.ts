// How a notice activity fails when its mail cannot be sent. A lost connection, a timeout or an
// SMTP 4xx may pass, so those stay retryable. A 5xx for this mail's recipients or content, or a
// message that cannot be built, fails the same way on every attempt, and a notice retried
// forever holds up every later notice of its ticket: those become a non-retryable
// ApplicationFailure of type UndeliverableNotice, which the ticket workflow records and moves past.
// A 5xx that concerns the desk rather than the mail (authentication, the sender address at MAIL
// FROM) stays retryable: an admin fixes it, and every notice waiting then goes out.
import { ApplicationFailure } from '@temporalio/activity';
import { InvalidDeskMessageIdInputError } from '../mail/messageId';

export const UNDELIVERABLE_NOTICE = 'UndeliverableNotice';

/** What nodemailer puts on a failed send (`command` is the SMTP command that failed). */
interface SendError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

// nodemailer: EENVELOPE (no recipients, or all refused at RCPT TO), EMESSAGE (content refused, or unbuildable).
const MAIL_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/** Whether retrying the same send can never succeed. */
export function isPermanentSendFailure(err: unknown): boolean {
  if (err instanceof InvalidDeskMessageIdInputError) return true;
  if (err === null || typeof err !== 'object') return false;
  const { code, command, responseCode } = err as SendError;
  if (code === undefined || !MAIL_CODES.has(code) || command === 'MAIL FROM') return false;
  return responseCode === undefined || (responseCode >= 500 && responseCode < 600);
}

/**
 * Runs the sending part of a notice activity; a permanent failure comes out as a non-retryable
 * UndeliverableNotice naming what the notice was, anything else unchanged (retryable).
 */
export async function deliverNotice<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!isPermanentSendFailure(err)) throw err;
    const { responseCode, response, message } = err as SendError;
    const reason = response ?? message ?? String(err);
    throw ApplicationFailure.create({
      type: UNDELIVERABLE_NOTICE,
      message: `${what} cannot be delivered: ${reason}`,
      nonRetryable: true,
      details: [{ what, responseCode: responseCode ?? null, reason }],
      cause: err instanceof Error ? err : undefined,
    });
  }
}
