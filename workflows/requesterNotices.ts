// The ticket's mail to its requester: a queue in the ticket's state (so an SMTP outage never
// blocks an agent's update) and one loop that sends it in order, each event mailed once.
import { condition } from '@temporalio/workflow';
import type { RequesterMailInput } from '../activities/requesterMail';
import type { RequesterNotice, TicketState } from '../ticket/state';
import type * as msg from './messages';
import { SYSTEM, type TicketCore } from './ticketCore';
import { unlessUndeliverable } from './undeliverable';
import type { TicketFeatures } from './ticketFeatures';
import { requesterMail } from './ticketProxies';

export interface RequesterNotices {
  /** Queues a mail to the requester when the ticket has a mail thread; each key is mailed once. */
  notify(kind: RequesterNotice['kind'], key: string, commentId?: number, milestoneId?: number): void;
  /** Sends queued notices one by one, in order; runs for the life of a ticket with a mail thread. */
  deliverForever(): Promise<void>;
  /** Nothing waits to be sent (the workflow waits for this before it continues as new or ends). */
  allDelivered(): boolean;
  /** When the one reminder of an unanswered question to the requester is due (Infinity: none). */
  pendingReminderDue(): number;
  /** Queues that reminder once its time has come. */
  remindIfDue(): void;
}

/**
 * `inTurn`: runs a step in turn with the ticket's update handlers (the workflow's `serially`).
 * New executions pick up each notice in turn: otherwise whether the send is scheduled before or
 * after the update that queued it completes depends on how the SDK batched an activity result
 * with that update into activations — which differs between a live task after a cache eviction
 * and its replay, and makes the ticket unreplayable (issue #13, found by the time-skipping
 * tests, whose workers keep no cache).
 */
export function requesterNotices(
  core: TicketCore,
  features: Pick<TicketFeatures, 'pendingReminder' | 'decidedAtStart'>,
  inTurn: <T>(step: () => Promise<T>) => Promise<T>,
  /** Told of every notice queued for the requester, thread or not (the watchers' copies, issue #12). */
  onNotify?: (kind: RequesterNotice['kind'], key: string, commentId?: number, milestoneId?: number) => void,
): RequesterNotices {
  const notices: RequesterNotices = {
    notify(kind, key, commentId, milestoneId) {
      onNotify?.(kind, key, commentId, milestoneId);
      const thread = core.state.mail;
      if (!thread || thread.noticesSent.includes(key) || thread.pendingNotices.some((n) => n.key === key)) return;
      thread.pendingNotices.push({ kind, key, ...(commentId !== undefined ? { commentId } : {}), ...(milestoneId !== undefined ? { milestoneId } : {}) });
    },

    async deliverForever() {
      for (;;) {
        await condition(() => (core.state.mail?.pendingNotices.length ?? 0) > 0);
        const thread = core.state.mail!;
        const notice = thread.pendingNotices[0];
        const send = () =>
          unlessUndeliverable(
            () => requesterMail.sendRequesterMail.executeWithOptions({ summary: `mail requester: ${notice.key}` }, [{ notice, ticket: noticeSnapshot(core, notice) }]),
            (reason) => {
              core.record(SYSTEM, 'notice-failed', { reason, detail: { notice: notice.key, to: 'requester' } });
              return null;
            },
          );
        // In turn only to schedule the send; the send itself is awaited outside, so a slow SMTP
        // server never holds up an agent's update.
        const sending = features.decidedAtStart ? (await inTurn(async () => ({ started: send() }))).started : send();
        const sent = await sending;
        thread.pendingNotices.shift();
        thread.noticesSent.push(notice.key); // sent, or given up for good: never tried again
        if (sent) await core.store.recordMessageIds({
          entries: [{ messageId: sent.messageId, ticketNumber: core.state.number, direction: 'out', ...(thread.mailbox ? { mailbox: thread.mailbox } : {}) }],
        });
      }
    },

    allDelivered: () => (core.state?.mail?.pendingNotices.length ?? 0) === 0,

    pendingReminderDue() {
      const reminder = dueReminder(core.state);
      return reminder && features.pendingReminder() ? reminder.dueAt : Infinity;
    },

    remindIfDue() {
      const reminder = dueReminder(core.state);
      if (reminder && Date.now() >= reminder.dueAt && features.pendingReminder()) notices.notify('pendingReminder', reminder.key);
    },
  };
  return notices;
}

/**
 * The reminder of the question the ticket waits on, unless it was already sent or there is none
 * (not pending on the requester, no mail thread, no reminder in the plan). One per question:
 * keyed like the question's own notice, by its place in the timeline.
 */
function dueReminder(state: TicketState): { key: string; dueAt: number } | null {
  const after = state.plan.pendingReminderAfterSeconds;
  const thread = state.mail;
  if (!after || !thread || state.status !== 'pending' || state.pendingReason !== 'requester') return null;
  const asked = state.timeline.findLastIndex((t) => t.action === 'pend');
  if (asked < 0) return null;
  const key = `pending-reminder-${asked + 1}`;
  if (thread.noticesSent.includes(key) || thread.pendingNotices.some((n) => n.key === key)) return null;
  return { key, dueAt: Date.parse(state.timeline[asked].at) + after * 1000 };
}

/** Only what the template needs, so histories do not carry the whole ticket per notice. */
function noticeSnapshot({ state, clockViews }: TicketCore, notice: RequesterNotice): RequesterMailInput['ticket'] {
  const comment = notice.commentId !== undefined ? state.comments.find((c) => c.id === notice.commentId) : undefined;
  const thread = state.mail!;
  return {
    number: state.number,
    title: state.intake.title,
    priority: state.priority,
    requester: state.intake.requester,
    sla: clockViews.map((c) => ({ name: c.name, dueAt: c.dueAt ?? null, calendarId: state.clocks.find((l) => l.name === c.name)?.calendarId ?? null })),
    resolutionNote: state.resolution?.note,
    declineReason: [...state.timeline].reverse().find((t) => t.action === 'decline')?.reason,
    commentBody: comment?.body,
    assigneeName: state.assignee ?? undefined,
    pendingNote: [...state.timeline].reverse().find((t) => t.action === 'pend')?.detail?.note as string | undefined,
    round: state.reopenCount,
    ...(notice.kind === 'ack' && state.suggestions?.length ? { suggestions: state.suggestions } : {}),
    ...milestoneSnapshot(state, notice),
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

/** What a workaround or visit notice needs of the ticket. */
export function milestoneSnapshot(state: TicketState, notice: { kind: string; milestoneId?: number }): Pick<RequesterMailInput['ticket'], 'workaround' | 'visit'> {
  if (notice.milestoneId === undefined) return {};
  if (notice.kind === 'workaround') {
    const w = state.workarounds?.find((x) => x.id === notice.milestoneId);
    return w ? { workaround: { kind: w.kind, note: w.note } } : {};
  }
  if (notice.kind === 'visitBooked' || notice.kind === 'visitCancelled') {
    const v = state.visits?.find((x) => x.id === notice.milestoneId);
    if (!v) return {};
    const replaced = v.replaces !== undefined ? state.visits?.find((x) => x.id === v.replaces) : undefined;
    const reason = notice.kind === 'visitCancelled' ? v.endReason : replaced?.endReason;
    return { visit: { scheduledAt: v.scheduledAt, place: v.place, engineer: v.engineer, rescheduled: Boolean(replaced), ...(reason ? { reason } : {}) } };
  }
  return {};
}
