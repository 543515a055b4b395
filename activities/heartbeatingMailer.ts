// A mailer that heartbeats while a send is under way inside an activity. With a short heartbeat
// timeout on the mail activities, a send lost with a dead worker is retried within seconds
// instead of after the one-minute start-to-close timeout (issue #13). The retry reuses the mail's
// Message-ID, so a mail that did go out before the crash is recognised as the same by clients.
import { Context } from '@temporalio/activity';
import type { Mailer } from './mailer';

export const MAIL_HEARTBEAT_INTERVAL_MS = 1_000;

export function heartbeatingMailer(mailer: Mailer, intervalMs = MAIL_HEARTBEAT_INTERVAL_MS): Mailer {
  return {
    ...mailer,
    async send(mail) {
      const context = currentActivity();
      if (!context) return mailer.send(mail);
      context.heartbeat();
      const timer = setInterval(() => context.heartbeat(), intervalMs);
      try {
        await mailer.send(mail);
      } finally {
        clearInterval(timer);
      }
    },
  };
}

function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not inside an activity (the CLI, a test): nothing to heartbeat
  }
}
