// Activities of the mailbox workflow: IMAP fetch / wait / move / fail on a session kept per
// mailbox in this worker process, and the hand-over to tickets (intake start, receiveMail update).
import { createHash } from 'node:crypto';
import { Context, ApplicationFailure } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ConfigSource } from '../config/source';
import { allowedDomainsOf, type MailboxConfig } from '../config/schema/mailboxes';
import { attachmentStoreOf } from '../mail/attachmentStore';
import { openMailbox, type OpenMailbox } from '../mail/imap';
import { ImapFolderError } from '../mail/imapErrors';
import type { InboundMail } from '../mail/inboundMail';
import { keepAttachments } from '../mail/keepAttachments';
import { parseInboundMail } from '../mail/parse';
import { renderSenderDecline } from '../mail/requesterNotice';
import { triageMail, type MailTriage } from '../mail/triage';
import { TicketIntakeSchema, type TicketIntake } from '../ticket/intake';
import { intakeWorkflowId, mailBouncedSignal, receiveMailUpdate, ticketWorkflowId, type MailBouncedArgs, type MailOpeningInput, type ReceiveMailArgs, type ReceiveMailResult } from '../workflows/messages';
import { TicketSearch } from '../workflows/searchAttributes';
import { saysWorkflowFinished } from '../temporal/finishedWorkflow';
import type { TicketStarter } from '../temporal/ticketStarter';
import type { openTicketWorkflow } from '../workflows/openTicket';
import type { Mailer } from './mailer';

export interface MailboxActivityDeps {
  config: ConfigSource;
  client: Client;
  taskQueues: { tickets: string; store: string };
  mailer: Mailer;
  env?: NodeJS.ProcessEnv;
  /**
   * Opens tickets without an intake workflow (issue #10); needs the store in this process. A
   * ticket worker that runs without the store opens them through the intake workflow instead,
   * whose store activity reaches the store process through Temporal.
   */
  starter?: TicketStarter;
}

export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

/** Per-mailbox settings the workflow needs, read from config by the fetch and recorded with it. */
export interface MailboxRules {
  deskDomains: string[];
  ticketPrefix: string;
  ackMax: number;
  ackPerSeconds: number;
  reopenWindowSeconds: number;
}

export interface FetchedBatch {
  uidValidity: string;
  /** UIDVALIDITY differs from the cursor's: the inbox was re-read from its first message */
  rescan: boolean;
  mails: MailTriage[];
  /** true when more mail is waiting beyond this batch */
  more: boolean;
  rules: MailboxRules;
}

export type OpenTicketSource = { kind: 'mail'; messageId: string } | { kind: 'followup'; closedNumber: string };

// Keep one fetch result well below Temporal's payload limits (history events are capped at a few MB).
const MAX_BATCH_JSON_BYTES = 1_000_000;
// Heartbeats while waiting in IDLE, well inside the workflow's heartbeat timeout.
const HEARTBEAT_MS = 2_000;
// RFC 9051: re-issue IDLE at least every 29 minutes.
const MAX_IDLE_MS = 25 * 60_000;

export class UnknownMailboxError extends Error {
  constructor(id: string) {
    super(`mailbox '${id}' is not in mailboxes.yaml`);
    this.name = 'UnknownMailboxError';
  }
}

export function createMailboxActivities(deps: MailboxActivityDeps) {
  const env = deps.env ?? process.env;
  const sessions = new Map<string, Promise<OpenMailbox>>();

  function mailboxConfig(id: string): MailboxConfig {
    const mailbox = deps.config.current().mailboxes.mailboxes.find((m) => m.id === id);
    // Removed from config: retrying cannot help; the poller ends with this reason.
    if (!mailbox) throw ApplicationFailure.nonRetryable(new UnknownMailboxError(id).message, 'UnknownMailbox');
    return mailbox;
  }

  /** One IMAP session per mailbox and process; a failed call drops it so the retry reconnects. */
  async function withSession<T>(id: string, body: (session: OpenMailbox, mailbox: MailboxConfig) => Promise<T>): Promise<T> {
    const mailbox = mailboxConfig(id);
    let opening = sessions.get(id);
    if (!opening) {
      opening = openFolder(mailbox, mailbox.inbox);
      sessions.set(id, opening);
      opening.catch(() => sessions.delete(id));
    }
    const session = await opening;
    try {
      return await body(session, mailbox);
    } catch (err) {
      if (sessions.get(id) === opening) sessions.delete(id);
      void session.close().catch(() => undefined);
      throw err;
    }
  }

  function openFolder(mailbox: MailboxConfig, folder: string): Promise<OpenMailbox> {
    return openMailbox(
      { host: mailbox.host, port: mailbox.port, secure: mailbox.secure, user: mailbox.user, password: env[mailbox.passwordEnv] ?? '', inbox: folder },
      { connectTimeoutMs: 20_000 },
    );
  }

  /**
   * Whether an earlier attempt already put this mail into the failed folder (it crashed between
   * APPEND and the delete). Looked up on a session of its own: selecting the failed folder on the
   * shared session would pull it from under moves running beside this call.
   */
  async function alreadyFailed(mailbox: MailboxConfig, marker: string): Promise<boolean> {
    let failed: OpenMailbox;
    try {
      failed = await openFolder(mailbox, mailbox.failedFolder);
    } catch (err) {
      if (err instanceof ImapFolderError) return false; // no failed folder yet: nothing was put there
      throw err;
    }
    try {
      return (await failed.findByHeader(FAILED_FROM_HEADER, marker)).length > 0;
    } finally {
      await failed.close();
    }
  }

  function rulesOf(mailbox: MailboxConfig): MailboxRules {
    const current = deps.config.current();
    return {
      deskDomains: [current.mail.messageIdDomain],
      ticketPrefix: current.desk.ticketPrefix,
      ackMax: mailbox.ackRateLimit.max,
      ackPerSeconds: mailbox.ackRateLimit.per,
      reopenWindowSeconds: mailbox.reopenWindow,
    };
  }

  const activities = {
    async fetchMail(input: { mailboxId: string; cursor: MailboxCursor | null }): Promise<FetchedBatch> {
      return withSession(input.mailboxId, async (session, mailbox) => {
        const current = deps.config.current();
        const status = await session.status();
        const rescan = input.cursor !== null && input.cursor.uidValidity !== status.uidValidity;
        const from = input.cursor && !rescan ? input.cursor.lastUid : 0;
        const fetched = await session.fetchSince(from, mailbox.batchSize);
        const rules = rulesOf(mailbox);
        const triageRules = {
          deskAddresses: mailbox.deskAddresses,
          deskDomains: rules.deskDomains,
          automationOverrides: mailbox.automationOverrides,
          allowDomains: allowedDomainsOf(mailbox, current.mailboxes, current.desk.fromAddress),
          denyPatterns: mailbox.denyPatterns,
          allowPatterns: mailbox.allowPatterns,
        };
        const attachments = attachmentStoreOf(current);
        const mails: MailTriage[] = [];
        let bytes = 0;
        for (const item of fetched) {
          let triaged: MailTriage;
          let parsed: InboundMail | undefined;
          try {
            parsed = await parseInboundMail(item.raw, { maxAttachmentBytes: mailbox.maxAttachmentBytes });
            triaged = triageMail(parsed, item.uid, item.internalDate, triageRules, current.directory);
          } catch (err) {
            triaged = { kind: 'unusable', uid: item.uid, messageId: null, reason: `the mail cannot be parsed: ${(err as Error).message}` };
          }
          // Outside the try: a failed disk write fails the activity, which is retried with the
          // mail still in the inbox (an idempotent put makes the repeat cheap), never dropped.
          if (parsed && triaged.kind === 'mail') triaged = await keepAttachments(triaged, parsed, attachments, mailbox);
          bytes += JSON.stringify(triaged).length;
          if (mails.length > 0 && bytes > MAX_BATCH_JSON_BYTES) break;
          mails.push(triaged);
        }
        return { uidValidity: status.uidValidity, rescan, mails, more: mails.length < fetched.length || fetched.length === mailbox.batchSize, rules };
      });
    },

    /** Waits in IDLE until mail may have arrived past lastUid, or the poll interval passes. */
    async waitForMail(input: { mailboxId: string; lastUid: number }): Promise<{ arrived: boolean }> {
      return withSession(input.mailboxId, async (session, mailbox) => {
        // A reconnected session has not seen arrivals since the last fetch: look before waiting.
        if ((await session.fetchSince(input.lastUid, 1)).length > 0) return { arrived: true };
        const context = Context.current();
        const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
        try {
          // Cancelled (worker shutdown, workflow reset): leave IDLE at once; the session is dropped.
          const arrived = await Promise.race([session.waitForNew(Math.min(mailbox.pollInterval * 1000, MAX_IDLE_MS)), context.cancelled]);
          return { arrived };
        } finally {
          clearInterval(heartbeat);
        }
      });
    },

    /**
     * Moves a handled mail to the processed folder (or, `to: 'spam'`, to the spam folder); a
     * repeat after a crash finds it gone, which is fine.
     */
    async moveMail(input: { mailboxId: string; uid: number; to?: 'processed' | 'spam' }): Promise<{ moved: boolean }> {
      return withSession(input.mailboxId, async (session, mailbox) => {
        const folder = input.to === 'spam' ? mailbox.spamFolder : mailbox.processedFolder;
        return { moved: (await session.moveTo(input.uid, folder)).moved };
      });
    },

    /**
     * Puts a mail that cannot be processed into the failed folder with the reason in an
     * `X-Itdesk-Failure-Reason` header, then removes the original from the inbox.
     */
    async failMail(input: { mailboxId: string; uid: number; reason: string }): Promise<{ failed: boolean }> {
      return withSession(input.mailboxId, async (session, mailbox) => {
        const [original] = await session.fetchSince(input.uid - 1, 1);
        if (!original || original.uid !== input.uid) return { failed: false }; // already handled by an earlier attempt
        const marker = failedFromMarker(mailbox.id, (await session.status()).uidValidity, input.uid);
        if (!(await alreadyFailed(mailbox, marker))) {
          await session.appendTo(mailbox.failedFolder, Buffer.concat([Buffer.from(failureHeaders(input.reason, marker)), original.raw]));
        }
        await session.deleteFromInbox(input.uid);
        return { failed: true };
      });
    },

    /**
     * Opens the ticket for a mail (or the one follow-up of a closed ticket) under a key derived
     * from the source: a repeat finds the same ticket.
     */
    async openTicketFromMail(input: { source: OpenTicketSource; intake: TicketIntake; mail: MailOpeningInput }): Promise<{ number: string; created: boolean }> {
      const parsed = TicketIntakeSchema.safeParse(input.intake);
      if (!parsed.success)
        throw ApplicationFailure.nonRetryable(`the mail does not make a valid ticket: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'InvalidMailIntake');
      const key = intakeKey(input.source);
      if (deps.starter) {
        const opened = await deps.starter.open(key, { intake: parsed.data, mail: input.mail });
        return { number: opened.number, created: opened.created };
      }
      const workflowId = intakeWorkflowId(key);
      try {
        const handle = await deps.client.workflow.start<typeof openTicketWorkflow>('openTicketWorkflow', {
          workflowId,
          taskQueue: deps.taskQueues.tickets,
          args: [{ idempotencyKey: key, intake: parsed.data, storeTaskQueue: deps.taskQueues.store, mail: input.mail }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowExecutionTimeout: '1h',
          staticSummary: `intake by mail: ${parsed.data.title}`.slice(0, 200),
        });
        return { number: (await handle.result()).number, created: true };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        return { number: (await deps.client.workflow.getHandle<typeof openTicketWorkflow>(workflowId).result()).number, created: false };
      }
    },

    /** Hands a mail to its ticket by update: when this returns, the ticket holds it durably. */
    async deliverMailToTicket(input: { number: string; mail: ReceiveMailArgs }): Promise<ReceiveMailResult | { outcome: 'unknown'; status: null }> {
      const handle = deps.client.workflow.getHandle(ticketWorkflowId(input.number));
      try {
        return await handle.executeUpdate(receiveMailUpdate, { args: [input.mail], updateId: `mail-${shortHash(input.mail.messageId)}` });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          // Temporal answers an update to a finished workflow with "not found" too: a ticket that
          // completed as it closed (issue #10) still exists, and its mail opens a follow-up.
          const finished = await handle.describe().then((d) => (d.status.name === 'RUNNING' ? null : d), () => null);
          if (!finished) return { outcome: 'unknown', status: null };
          const status = finished.typedSearchAttributes.get(TicketSearch.status);
          return { outcome: 'closed', status: typeof status === 'string' ? status : 'closed' };
        }
        // A finished ticket workflow (closed and archived) takes no more updates.
        if (saysWorkflowFinished(err)) return { outcome: 'closed', status: 'closed' };
        throw err;
      }
    },

    /**
     * Tells a ticket that one of its notices bounced (signal `mailBounced`). `delivered: false`
     * when the ticket's workflow no longer runs (closed and archived): nothing is waiting for it.
     */
    async reportBounceToTicket(input: { number: string; bounce: MailBouncedArgs }): Promise<{ delivered: boolean }> {
      const handle = deps.client.workflow.getHandle(ticketWorkflowId(input.number));
      try {
        await handle.signal(mailBouncedSignal, input.bounce);
        return { delivered: true };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || saysWorkflowFinished(err)) return { delivered: false };
        throw err;
      }
    },

    /** A short bilingual "we cannot take your mail" to a sender outside the allowed domains. */
    async sendSenderDecline(input: { mailboxId: string; to: string; subject: string; messageId: string }): Promise<void> {
      const current = deps.config.current();
      const mailbox = mailboxConfig(input.mailboxId);
      const { subject, text } = renderSenderDecline(input.subject, current.desk.name);
      await deps.mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [input.to],
        subject,
        text,
        messageId: `<decline.${shortHash(input.messageId)}@${current.mail.messageIdDomain}>`,
        inReplyTo: `<${input.messageId}>`,
        references: [`<${input.messageId}>`],
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'Reply-To': mailbox.deskAddresses[0] },
      });
    },

  };
  return {
    // Each call heartbeats, so an attempt lost with a crashed worker is retried after the short
    // heartbeat timeout instead of the whole start-to-close timeout.
    fetchMail: withHeartbeat(activities.fetchMail),
    waitForMail: activities.waitForMail,
    moveMail: withHeartbeat(activities.moveMail),
    failMail: withHeartbeat(activities.failMail),
    openTicketFromMail: withHeartbeat(activities.openTicketFromMail),
    deliverMailToTicket: withHeartbeat(activities.deliverMailToTicket),
    sendSenderDecline: withHeartbeat(activities.sendSenderDecline),
    reportBounceToTicket: withHeartbeat(activities.reportBounceToTicket),
    /** Closes this process's IMAP sessions (worker shutdown); not an activity the workflow calls. */
    async closeSessions(): Promise<void> {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((p) => p.then((s) => s.close()).catch(() => undefined)));
    },
  };
}

function withHeartbeat<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const context = Context.current();
    const timer = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
    try {
      return await fn(...args);
    } finally {
      clearInterval(timer);
    }
  };
}

export type MailboxActivities = ReturnType<typeof createMailboxActivities>;

/** Idempotency key of a ticket opened by mail: one ticket per Message-ID, one follow-up per closed ticket. */
export function intakeKey(source: OpenTicketSource): string {
  if (source.kind === 'followup') return `mail-followup:${source.closedNumber}`;
  // Workflow ids have a length limit; Message-IDs may be up to 998 characters.
  return source.messageId.length > 200 ? `mail:sha256-${shortHash(source.messageId)}` : `mail:${source.messageId}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const FAILED_FROM_HEADER = 'X-Itdesk-Failed-From';

/**
 * Names the inbox message a failed copy came from. UIDs repeat across UIDVALIDITY epochs, hence
 * the epoch; the brackets end the value, so a substring search for UID 1 cannot match UID 12.
 */
export function failedFromMarker(mailboxId: string, uidValidity: string, uid: number): string {
  return `<${mailboxId}/${uidValidity}/${uid}>`;
}

/** Header lines prepended to a failed mail; the reason is RFC 2047-encoded when it is not ASCII. */
export function failureHeaders(reason: string, failedFrom: string): string {
  const oneLine = reason.replace(/[\r\n]+/g, ' ').slice(0, 500);
  // Encoded words are at most 75 characters (RFC 2047 §2): 15 characters of CJK text fit in one.
  const chunks = [...oneLine].reduce<string[]>((acc, ch, i) => (i % 15 ? ((acc[acc.length - 1] += ch), acc) : [...acc, ch]), []);
  const value = /^[\x20-\x7e]*$/.test(oneLine)
    ? oneLine
    : chunks.map((c) => `=?UTF-8?B?${Buffer.from(c, 'utf8').toString('base64')}?=`).join('\r\n ');
  return `X-Itdesk-Failure-Reason: ${value}\r\n${FAILED_FROM_HEADER}: ${failedFrom}\r\n`;
}

