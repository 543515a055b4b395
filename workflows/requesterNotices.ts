// The ticket's mail to its requester: a queue in the ticket's state (so an SMTP outage never
// blocks an agent's update) and one loop that sends it in order, each event mailed once.
import { condition } from '@temporalio/workflow';
import type { RequesterMailInput } from '../activities/requesterMail';
import type { RequesterNotice, TicketState } from '../ticket/state';
import type * as msg from './messages';
import type { TicketCore } from './ticketCore';
import { requesterMail } from './ticketProxies';

export interface RequesterNotices {
  /** Queues a mail to the requester when the ticket has a mail thread; each key is mailed once. */
  notify(kind: RequesterNotice['kind'], key: string, commentId?: number): void;
  /** Sends queued notices one by one, in order; runs for the life of a ticket with a mail thread. */
  deliverForever(): Promise<void>;
  /** Nothing waits to be sent (the workflow waits for this before it continues as new or ends). */
  allDelivered(): boolean;
}

export function requesterNotices(core: TicketCore): RequesterNotices {
  return {
    notify(kind, key, commentId) {
      const thread = core.state.mail;
      if (!thread || thread.noticesSent.includes(key) || thread.pendingNotices.some((n) => n.key === key)) return;
      thread.pendingNotices.push({ kind, key, ...(commentId !== undefined ? { commentId } : {}) });
    },

    async deliverForever() {
      for (;;) {
        await condition(() => (core.state.mail?.pendingNotices.length ?? 0) > 0);
        const thread = core.state.mail!;
        const notice = thread.pendingNotices[0];
        const sent = await requesterMail.sendRequesterMail.executeWithOptions(
          { startToCloseTimeout: '1m', retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' }, summary: `mail requester: ${notice.key}` },
          [{ notice, ticket: noticeSnapshot(core, notice) }],
        );
        thread.pendingNotices.shift();
        thread.noticesSent.push(notice.key);
        await core.store.recordMessageIds({
          entries: [{ messageId: sent.messageId, ticketNumber: core.state.number, direction: 'out', ...(thread.mailbox ? { mailbox: thread.mailbox } : {}) }],
        });
      }
    },

    allDelivered: () => (core.state?.mail?.pendingNotices.length ?? 0) === 0,
  };
}

/** Only what the template needs, so histories do not carry the whole ticket per notice. */
function noticeSnapshot({ state, clockViews }: TicketCore, notice: RequesterNotice): RequesterMailInput['ticket'] & { status: string } {
  const comment = notice.commentId !== undefined ? state.comments.find((c) => c.id === notice.commentId) : undefined;
  const thread = state.mail!;
  return {
    number: state.number,
    title: state.intake.title,
    status: state.status,
    priority: state.priority,
    requester: state.intake.requester,
    sla: clockViews.map((c) => ({ name: c.name, dueAt: c.dueAt ?? null, calendarId: state.clocks.find((l) => l.name === c.name)?.calendarId ?? null })),
    resolutionNote: state.resolution?.note,
    declineReason: [...state.timeline].reverse().find((t) => t.action === 'decline')?.reason,
    commentBody: comment?.body,
    assigneeName: state.assignee ?? undefined,
    pendingNote: [...state.timeline].reverse().find((t) => t.action === 'pend')?.detail?.note as string | undefined,
    mail: {
      mailbox: thread.mailbox,
      sourceMessageId: thread.sourceMessageId,
      subject: thread.subject,
      references: thread.references,
      lastInboundMessageId: thread.inboundMessageIds.at(-1) ?? thread.sourceMessageId,
      linkedFrom: thread.linkedFrom,
    },
  };
}

/** The thread of a ticket opened by the requester's mail. */
export function openingThread(mail: msg.MailOpeningInput): NonNullable<TicketState['mail']> {
  return {
    mailbox: mail.mailbox,
    sourceMessageId: mail.messageId,
    subject: mail.subject,
    references: mail.references,
    inboundMessageIds: [mail.messageId],
    attachments: mail.attachments.map((a) => ({ ...a, messageId: mail.messageId })),
    ...(mail.linkedFrom ? { linkedFrom: mail.linkedFrom } : {}),
    reopenWindowSeconds: mail.reopenWindowSeconds,
    pendingNotices: [],
    noticesSent: [],
  };
}

/** A thread with no mail from the requester yet: the acknowledgement will be its first message. */
export function deskStartedThread(title: string): NonNullable<TicketState['mail']> {
  return {
    mailbox: null,
    sourceMessageId: null,
    subject: title,
    references: [],
    inboundMessageIds: [],
    attachments: [],
    reopenWindowSeconds: 0, // unused: a reply brings the reopen window of the mailbox it came by
    pendingNotices: [],
    noticesSent: [],
  };
}
