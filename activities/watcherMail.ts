// Mail to a ticket's watchers: one mail per watcher per update, threaded in the ticket's mail
// thread (the same In-Reply-To / References as the requester's notice of that update) and
// sent with a Message-ID fixed per watcher and event, so a retry reuses it.
import { ApplicationFailure } from '@temporalio/activity';
import type { ConfigSource } from '../config/source';
import { normaliseAddress } from '../mail/address';
import { noticeThreadHeaders, type NoticeThread } from '../mail/noticeThread';
import { renderWatcherNotice, type WatcherNoticeTicket } from '../mail/watcherNotice';
import type { Watcher, WatcherNotice } from '../ticket/state';
import type { Mailer } from './mailer';
import { deliverNotice, UNDELIVERABLE_NOTICE } from './noticeDelivery';

export interface WatcherMailInput {
  notice: WatcherNotice;
  watcher: Pick<Watcher, 'who' | 'updates' | 'source'>;
  ticket: WatcherNoticeTicket & { mail: NoticeThread };
}

/** The Message-ID's event key: the event and the watcher, so each watcher's copy is its own message. */
export const watcherEventKey = (notice: Pick<WatcherNotice, 'event' | 'who'>) => `watch-${notice.event}-${notice.who}`;

export function createWatcherMailActivities({ config, mailer }: { config: ConfigSource; mailer: Mailer }) {
  async function sendWatcherMail({ notice, watcher, ticket }: WatcherMailInput): Promise<{ messageId: string; to: string }> {
    const current = config.current();
    // Config may name a member by id; actions always give an address.
    const member = Object.values(current.groups.groups).flatMap((g) => g.members).find((m) => m.id === watcher.who);
    const to = normaliseAddress(member?.email ?? watcher.who);
    if (!to)
      throw ApplicationFailure.create({ type: UNDELIVERABLE_NOTICE, nonRetryable: true, message: `watcher '${watcher.who}' is neither a mail address nor a member of groups.yaml` });
    const { subject, text } = renderWatcherNotice(notice.kind, ticket, { updates: watcher.updates, source: watcher.source, deskName: current.desk.name });
    const { messageId, inReplyTo, references } = noticeThreadHeaders({
      ticketNumber: ticket.number,
      eventKey: watcherEventKey(notice),
      domain: current.mail.messageIdDomain,
      thread: ticket.mail,
    });
    await mailer.send({
      from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
      to: [to],
      subject,
      text,
      messageId,
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references ? { references } : {}),
      // X-Itdesk-Notice lets a watcher's mail rules (and tests of staff notices) tell the copies apart.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Itdesk-Notice': 'watcher' },
    });
    return { messageId: messageId.slice(1, -1), to };
  }
  return {
    // A copy that can never be sent fails for good instead of holding up the watchers' later mail.
    sendWatcherMail: (input: WatcherMailInput) =>
      deliverNotice(`the ${input.notice.kind} copy of ${input.ticket.number} to watcher ${input.watcher.who}`, () => sendWatcherMail(input)),
  };
}

export type WatcherMailActivities = ReturnType<typeof createWatcherMailActivities>;
