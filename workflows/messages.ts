// Workflow message definitions (updates, queries, signals) and their argument types.
// The API imports this file; it must not pull in workflow implementation code.
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MailAttachmentMeta } from '../mail/triage';
import type { ActionArgs } from '../ticket/actions';
import { ACTION_FACTS, type TicketActionName } from '../ticket/actionFacts';
import type { TicketView } from '../ticket/state';

export const TASK_QUEUE_DEFAULT = 'itdesk-tickets';

export const ticketWorkflowId = (number: string) => `ticket-${number}`;
export const intakeWorkflowId = (idempotencyKey: string) => `intake-${idempotencyKey}`;
/** A closed ticket's rating window and follow-up (workflows/ticketAftercare.ts). */
export const aftercareWorkflowId = (number: string) => `ticket-${number}-aftercare`;
/** The updates a closed ticket still takes: the API sends them to its aftercare once the ticket has completed. */
export const AFTERCARE_ACTIONS = ['rate', 'recordFollowUp'] as const;
export type AftercareAction = (typeof AFTERCARE_ACTIONS)[number];

// Argument types come from the action contracts (ticket/actions.ts), one per action.
export type AssignArgs = ActionArgs<'assign'>;
export type PendArgs = ActionArgs<'pend'>;
export type DecideApprovalArgs = ActionArgs<'decideApproval'>;
export type RecordWorkaroundArgs = ActionArgs<'recordWorkaround'>;
export type BookVisitArgs = ActionArgs<'bookVisit'>;
export type EscalateTierArgs = ActionArgs<'escalateTier'>;
export type AddHelperArgs = ActionArgs<'addHelper'>;
export type RemoveHelperArgs = ActionArgs<'removeHelper'>;
export type AddWatcherArgs = ActionArgs<'addWatcher'>;
export type RemoveWatcherArgs = ActionArgs<'removeWatcher'>;
export type RecordFollowUpArgs = ActionArgs<'recordFollowUp'>;

/** The typed update definition of every ticket action: callers use these, never name strings. */
export const ticketUpdates: { [N in TicketActionName]: UpdateDefinition<TicketAck, [ActionArgs<N>], string> } = Object.fromEntries(
  Object.entries(ACTION_FACTS).map(([name, facts]) => [name, defineUpdate(facts.update)]),
) as never;

export const decideApprovalUpdate = ticketUpdates.decideApproval;

export const getTicketQuery = defineQuery<TicketView>('getTicket');

/**
 * Sent with the ticket's start (update-with-start): answers the ticket once it is planned, clocked
 * and assigned, so the API answers a new ticket without polling its query. Takes no argument and
 * changes nothing: a repeated call (a retried request) answers the ticket as it is now.
 */
export const ticketOpenedUpdate = defineUpdate<TicketView, []>('ticketOpened');

/**
 * A notice of this ticket bounced: the mailbox recognised a bounce (delivery status
 * notification or the common non-standard shapes) whose original Message-ID is one the desk sent
 * for this ticket. Sent by the mailbox's hand-over activity to `ticket-<number>`. The same bounce
 * may arrive twice (a retried hand-over): `bounceMessageId` identifies it.
 */
export interface MailBouncedArgs {
  /** the address that could not be reached, normal form; '' when the bounce names none */
  recipient: string;
  /** enhanced status code (RFC 3463), e.g. `5.1.1` */
  status?: string;
  /** the receiving server's words, e.g. `550 5.1.1 User unknown` (at most 500 characters) */
  diagnostic?: string;
  /** the bounce's own Message-ID (normal form: no angle brackets) */
  bounceMessageId: string;
  /** the Message-ID of the desk's mail that bounced (normal form) */
  originalMessageId: string;
}
export const mailBouncedSignal = defineSignal<[MailBouncedArgs]>('mailBounced');

// ---- mail channel ---------------------------------------------------------------------

export const mailboxWorkflowId = (mailboxId: string) => `mailbox-${mailboxId}`;

/** What a ticket opened by mail knows of the mail that opened it (TicketWorkflowInput.mail). */
export interface MailOpeningInput {
  mailbox: string;
  messageId: string;
  subject: string;
  references: string[];
  attachments: MailAttachmentMeta[];
  /** false for a sender over the acknowledgement rate limit */
  acknowledge: boolean;
  reopenWindowSeconds: number;
  /** the closed ticket a reply to which opened this one */
  linkedFrom?: string;
}

/** A mail from the requester for an existing ticket. */
export interface ReceiveMailArgs {
  messageId: string;
  from: string;
  subject: string;
  /** quoted history already trimmed */
  body: string;
  attachments: MailAttachmentMeta[];
  receivedAt: string;
  reopenWindowSeconds: number;
}
export interface ReceiveMailResult {
  /** closed: the ticket takes no more mail (closed, declined or cancelled) */
  outcome: 'commented' | 'reopened' | 'duplicate' | 'closed';
  status: string;
}
/** An update, not a signal: the mailbox moves the mail only once the ticket said it has it. */
export const receiveMailUpdate = defineUpdate<ReceiveMailResult, [ReceiveMailArgs]>('receiveMail');

/**
 * What an agent action answers: just enough to confirm it. The API reads the ticket by query
 * afterwards; returning the whole ticket from every update made histories grow with the square
 * of the number of comments (each update result is stored in the history).
 */
export interface TicketAck {
  number: string;
  status: string;
  updatedAt: string;
}
