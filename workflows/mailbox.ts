// One service mailbox as a long-running workflow (`mailbox-<id>`): keeps the IMAP cursor
// (UIDVALIDITY + last UID), takes each mail to its ticket, and moves it out of the inbox only
// after the ticket holds it. Deterministic: IMAP, store and ticket hand-over are activities.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { MailboxActivities, MailboxCursor, MailboxRules } from '../activities/mailboxActivities';
import type { IndexedMessage } from '../store/messageIndex';
import { decideThreading } from '../mail/threading';
import type { Bounce } from '../mail/bounce';
import { ticketNumberFromDeskMessageId } from '../mail/messageId';
import type { TriagedMail } from '../mail/triage';
import { titleFromMail } from '../mail/title';
import { shouldAcknowledge } from '../mail/rateLimit';
import type { TicketIntake } from '../ticket/intake';
import type { MailOpeningInput } from './messages';
import { storeActivities } from './storeProxy';

export interface MailboxStats {
  tickets: number;
  comments: number;
  followUps: number;
  duplicates: number;
  ignoredAutomated: number;
  declinedSenders: number;
  failed: number;
  rescans: number;
  /** bounces of the desk's notices handed to their tickets */
  bounces: number;
  /** mail marked as spam, moved to the spam folder */
  spam: number;
}

// Runs continued from before bounces and spam were counted carry stats without those counters.
const NO_STATS: MailboxStats = { tickets: 0, comments: 0, followUps: 0, duplicates: 0, ignoredAutomated: 0, declinedSenders: 0, failed: 0, rescans: 0, bounces: 0, spam: 0 };

export interface MailboxWorkflowInput {
  mailboxId: string;
  storeTaskQueue: string;
  /** Carried over continue-as-new. */
  cursor?: MailboxCursor | null;
  ackHistory?: Record<string, number[]>;
  stats?: MailboxStats;
}

export interface MailboxView {
  mailboxId: string;
  cursor: MailboxCursor | null;
  stats: MailboxStats;
  lastFailure: { uid: number; reason: string; at: string } | null;
}
export const getMailboxQuery = defineQuery<MailboxView>('getMailbox');

// IMAP calls: retried without limit with backoff, which is how a dropped connection reconnects.
// Heartbeat timeouts: an attempt lost with a crashed worker is retried within seconds.
const imap = proxyActivities<MailboxActivities>({
  startToCloseTimeout: '2m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['UnknownMailbox'] },
});
const idle = proxyActivities<MailboxActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['UnknownMailbox'] },
});
// Hand-over of one mail: bounded, so a mail nothing can take ends in the failed folder instead
// of blocking every mail behind it. Transient outages (a worker down) do not consume attempts.
const handOver = proxyActivities<MailboxActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8, nonRetryableErrorTypes: ['InvalidMailIntake', 'UnknownMailbox'] },
});

// A follow-up of a follow-up of … : bounded so a pathological chain cannot loop.
const MAX_FOLLOW_UP_DEPTH = 5;
const HISTORY_EVENTS_BEFORE_CONTINUE = 4_000;
// Mails handed over at once; each waits mostly on its ticket's intake, so a few overlap well.
const MAX_PARALLEL_MAILS = 8;

/** A counting semaphore in workflow code (deterministic: promises resolve in FIFO order). */
class Semaphore {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

export async function mailboxWorkflow(input: MailboxWorkflowInput): Promise<void> {
  const store = storeActivities(input.storeTaskQueue);
  const { mailboxId } = input;
  let cursor: MailboxCursor | null = input.cursor ?? null;
  const ackHistory: Record<string, number[]> = input.ackHistory ?? {};
  const stats: MailboxStats = { ...NO_STATS, ...input.stats };
  let lastFailure: MailboxView['lastFailure'] = null;
  setHandler(getMailboxQuery, () => ({ mailboxId, cursor, stats, lastFailure }));

  const details = () =>
    setCurrentDetails(
      [
        `**mailbox ${mailboxId}**`,
        '',
        `cursor: UIDVALIDITY ${cursor?.uidValidity ?? '—'}, last UID ${cursor?.lastUid ?? 0}`,
        `tickets ${stats.tickets} · comments ${stats.comments} · follow-ups ${stats.followUps} · duplicates ${stats.duplicates}`,
        `automated (ignored) ${stats.ignoredAutomated} · bounces ${stats.bounces} · spam ${stats.spam} · declined senders ${stats.declinedSenders} · failed ${stats.failed} · re-scans ${stats.rescans}`,
        lastFailure ? `last failure: UID ${lastFailure.uid} at ${lastFailure.at}: ${lastFailure.reason}` : '',
      ].join('\n'),
    );
  details();

  /** One acknowledgement more for this sender, if within the rate limit (and counts it). */
  function takeAck(sender: string, rules: MailboxRules): boolean {
    const now = Date.now();
    const recent = (ackHistory[sender] ?? []).filter((t) => t > now - rules.ackPerSeconds * 1000);
    const allowed = shouldAcknowledge(recent, now, { max: rules.ackMax, perSeconds: rules.ackPerSeconds });
    if (allowed) recent.push(now);
    ackHistory[sender] = recent;
    return allowed;
  }

  function opening(mail: TriagedMail, rules: MailboxRules, linkedFrom?: string): { intake: TicketIntake; mail: MailOpeningInput } {
    const intake: TicketIntake = {
      requester: mail.requester,
      channel: 'mail',
      title: titleFromMail(mail),
      description: linkedFrom ? `（跟进已关闭的工单 / follows up ${linkedFrom}）\n\n${mail.text}` : mail.text,
      mailbox: mailboxId,
      sourceMessageId: mail.messageId,
    };
    return {
      intake,
      mail: {
        mailbox: mailboxId,
        messageId: mail.messageId,
        subject: mail.subject,
        references: mail.references,
        attachments: mail.attachments,
        acknowledge: takeAck(mail.requester.email, rules),
        reopenWindowSeconds: rules.reopenWindowSeconds,
        ...(linkedFrom ? { linkedFrom } : {}),
      },
    };
  }

  /** Gives the mail to a ticket; returns the ticket that holds it, or null when a new ticket is needed. */
  async function deliver(number: string, mail: TriagedMail, rules: MailboxRules, depth = 0): Promise<string | null> {
    const result = await handOver.deliverMailToTicket({
      number,
      mail: {
        messageId: mail.messageId,
        from: mail.requester.email,
        subject: mail.subject,
        body: mail.replyText ?? mail.text,
        attachments: mail.attachments,
        receivedAt: mail.receivedAt,
        reopenWindowSeconds: rules.reopenWindowSeconds,
      },
    });
    if (result.outcome === 'unknown') return null; // a tag or reference to a ticket this desk never had
    if (result.outcome === 'duplicate') stats.duplicates += 1;
    if (result.outcome === 'commented' || result.outcome === 'reopened') stats.comments += 1;
    if (result.outcome !== 'closed') return number;
    if (depth >= MAX_FOLLOW_UP_DEPTH) throw ApplicationFailure.nonRetryable(`too many follow-ups of closed tickets after ${number}`, 'FollowUpChain');
    // A reply to a closed ticket opens one linked follow-up; later replies join that follow-up.
    const { intake, mail: openingMail } = opening(mail, rules, number);
    const followUp = await handOver.openTicketFromMail({ source: { kind: 'followup', closedNumber: number }, intake, mail: openingMail });
    if (followUp.created) {
      stats.followUps += 1;
      return followUp.number;
    }
    return deliver(followUp.number, mail, rules, depth + 1);
  }

  async function handle(mail: TriagedMail, known: Map<string, IndexedMessage>, rules: MailboxRules): Promise<void> {
    if (known.get(mail.messageId)?.direction === 'in') {
      stats.duplicates += 1; // accepted before (a re-fetch after a crash, a re-scan, or a resend)
      await imap.moveMail({ mailboxId, uid: mail.uid });
      return;
    }
    // `spam` and `bounce` exist only in fetch results made since they are recognised: a mail handled
    // before takes the paths below, with the same commands, when its history is replayed.
    if (mail.spam) {
      stats.spam += 1;
      log.info('moved spam to the spam folder', { mailboxId, uid: mail.uid, reasons: mail.spam.reasons });
      await imap.moveMail({ mailboxId, uid: mail.uid, to: 'spam' });
      return;
    }
    if (mail.bounce) {
      await handleBounce(mail, mail.bounce, known, rules);
      return;
    }
    if (mail.automation.automated) {
      // Auto-replies, lists, our own mail: never a ticket, never an answer.
      stats.ignoredAutomated += 1;
      log.info('ignored automated mail', { mailboxId, uid: mail.uid, reasons: mail.automation.reasons });
      await imap.moveMail({ mailboxId, uid: mail.uid });
      return;
    }
    const decision = decideThreading(mail, { ticketByMessageId: (id) => known.get(id)?.ticketNumber ?? null }, rules.deskDomains, rules.ticketPrefix);
    let number = decision.kind === 'existing' ? await deliver(decision.ticketNumber, mail, rules) : null;
    if (number === null) {
      if (!mail.sender.allowed) {
        stats.declinedSenders += 1;
        if (takeAck(mail.requester.email, rules))
          await handOver.sendSenderDecline({ mailboxId, to: mail.requester.email, subject: mail.subject, messageId: mail.messageId });
        await imap.moveMail({ mailboxId, uid: mail.uid });
        return;
      }
      const { intake, mail: openingMail } = opening(mail, rules);
      const opened = await handOver.openTicketFromMail({ source: { kind: 'mail', messageId: mail.messageId }, intake, mail: openingMail });
      number = opened.number;
      if (opened.created) stats.tickets += 1;
      else stats.duplicates += 1;
    }
    const entry: IndexedMessage = { messageId: mail.messageId, ticketNumber: number, direction: 'in' };
    await store.recordMessageIds({ entries: [{ ...entry, mailbox: mailboxId }] });
    known.set(mail.messageId, entry); // the same Message-ID later in this batch is a duplicate
    // Only now, with the ticket holding the mail, does it leave the inbox.
    await imap.moveMail({ mailboxId, uid: mail.uid });
  }

  /**
   * Gives a bounce to the ticket whose notice bounced: the first of the bounce's original
   * Message-IDs that the desk sent (the index says so, or the id is one of the desk's own form).
   * A bounce of nothing the desk sent is parked in the failed folder with the reason.
   */
  async function handleBounce(mail: TriagedMail, bounce: Bounce, known: Map<string, IndexedMessage>, rules: MailboxRules): Promise<void> {
    const sentFor = (id: string): string | null => {
      const indexed = known.get(id);
      if (indexed) return indexed.direction === 'out' ? indexed.ticketNumber : null;
      return ticketNumberFromDeskMessageId(id, rules.deskDomains);
    };
    const original = bounce.originalMessageIds.find((id) => sentFor(id) !== null);
    if (original === undefined) {
      const named = bounce.originalMessageIds.length ? `none of ${bounce.originalMessageIds.slice(0, 5).map((id) => `<${id}>`).join(', ')} is a mail the desk sent` : 'it names no original Message-ID';
      await fail(mail.uid, `a bounce that matches no ticket: ${named}`);
      return;
    }
    const number = sentFor(original)!;
    const { delivered } = await handOver.reportBounceToTicket({
      number,
      bounce: {
        recipient: bounce.recipient,
        ...(bounce.status ? { status: bounce.status } : {}),
        ...(bounce.diagnostic ? { diagnostic: bounce.diagnostic } : {}),
        bounceMessageId: mail.messageId,
        originalMessageId: original,
      },
    });
    stats.bounces += 1;
    log.info('bounce handed to its ticket', { mailboxId, uid: mail.uid, ticket: number, recipient: bounce.recipient, delivered });
    const entry: IndexedMessage = { messageId: mail.messageId, ticketNumber: number, direction: 'in' };
    await store.recordMessageIds({ entries: [{ ...entry, mailbox: mailboxId }] });
    known.set(mail.messageId, entry); // the same bounce fetched again is a duplicate
    await imap.moveMail({ mailboxId, uid: mail.uid });
  }

  async function fail(uid: number, reason: string): Promise<void> {
    stats.failed += 1;
    lastFailure = { uid, reason, at: new Date(Date.now()).toISOString() };
    log.warn('mail moved to the failed folder', { mailboxId, uid, reason });
    await imap.failMail({ mailboxId, uid, reason });
  }

  for (;;) {
    const batch = await imap.fetchMail({ mailboxId, cursor });
    if (batch.rescan) {
      // The server renumbered the inbox: read it again from the start; the Message-ID index
      // recognises every mail already accepted.
      stats.rescans += 1;
      log.warn('UIDVALIDITY changed: re-scanning the inbox', { mailboxId, from: cursor?.uidValidity, to: batch.uidValidity });
      cursor = { uidValidity: batch.uidValidity, lastUid: 0 };
    }
    cursor = { uidValidity: batch.uidValidity, lastUid: cursor?.lastUid ?? 0 };

    if (batch.mails.length) {
      const ids = batch.mails.flatMap((m) => (m.kind === 'mail' ? [m.messageId, ...(m.inReplyTo ? [m.inReplyTo] : []), ...m.references, ...(m.bounce?.originalMessageIds ?? [])] : []));
      const known = new Map((ids.length ? await store.lookupMessageIds({ messageIds: ids }) : []).map((e) => [e.messageId, e]));
      // Mails of a batch are handled side by side, except that a mail waits for every earlier mail
      // of the batch it could depend on: the same Message-ID, or one it replies to or references.
      const done = new Map<string, Promise<void>>();
      const slots = new Semaphore(MAX_PARALLEL_MAILS);
      const all: Promise<void>[] = [];
      for (const mail of batch.mails) {
        const ids = mail.kind === 'mail' ? [mail.messageId, ...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references] : [];
        const before = ids.map((id) => done.get(id)).filter((p): p is Promise<void> => p !== undefined);
        const work = (async () => {
          await Promise.all(before);
          await slots.acquire();
          try {
            if (mail.kind === 'unusable') await fail(mail.uid, mail.reason);
            else {
              try {
                await handle(mail, known, batch.rules);
              } catch (err) {
                // Retries are spent or the mail can never make a ticket: park it with the reason
                // and go on with the next one.
                await fail(mail.uid, describeFailure(err));
              }
            }
          } finally {
            slots.release();
          }
        })();
        if (mail.kind === 'mail') done.set(mail.messageId, work);
        all.push(work);
      }
      await Promise.all(all);
      // The cursor moves only past a whole batch: a crash inside it re-reads mails that the
      // Message-ID index then recognises.
      cursor = { uidValidity: batch.uidValidity, lastUid: Math.max(cursor.lastUid, ...batch.mails.map((m) => m.uid)) };
      details();
    }
    if (!batch.more) await idle.waitForMail({ mailboxId, lastUid: cursor.lastUid });

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > HISTORY_EVENTS_BEFORE_CONTINUE) {
      await condition(allHandlersFinished);
      const now = Date.now();
      const perMs = batch.rules.ackPerSeconds * 1000;
      const recentAcks = Object.fromEntries(
        Object.entries(ackHistory)
          .map(([sender, times]) => [sender, times.filter((t) => t > now - perMs)] as const)
          .filter(([, times]) => times.length > 0),
      );
      await continueAsNew<typeof mailboxWorkflow>({ mailboxId, storeTaskQueue: input.storeTaskQueue, cursor, ackHistory: recentAcks, stats });
    }
  }
}

function describeFailure(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  // ActivityFailure wraps the ApplicationFailure that carries the real reason.
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(err);
}
