// Workflow message definitions (updates, queries, signals) and their argument types.
// The API imports this file; it must not pull in workflow implementation code.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MailAttachmentMeta } from '../mail/triage';
import type { Actor, SatisfactionRating, TicketView } from '../ticket/state';

export const TASK_QUEUE_DEFAULT = 'itdesk-tickets';

export const ticketWorkflowId = (number: string) => `ticket-${number}`;
export const intakeWorkflowId = (idempotencyKey: string) => `intake-${idempotencyKey}`;

interface ByActor {
  actor: Actor;
}
export interface AssignArgs extends ByActor {
  group?: string;
  assignee?: string | null;
  reason?: string;
}
export interface RespondArgs extends ByActor {
  message: string;
}
export interface CommentArgs extends ByActor {
  body: string;
  visibility: 'public' | 'internal';
}
export interface ChangePriorityArgs extends ByActor {
  priority: string;
  reason: string;
}
export interface ChangeCategoryArgs extends ByActor {
  category: string;
  reason: string;
}
export interface PendArgs extends ByActor {
  reason: 'requester' | 'vendor' | 'approval';
  note: string;
}
export interface ResumeArgs extends ByActor {
  note?: string;
}
export interface ResolveArgs extends ByActor {
  resolutionNote: string;
  code?: string;
}
export interface ReasonArgs extends ByActor {
  reason: string;
}
export interface CloseArgs extends ByActor {
  /** How the requester's confirmation arrived. */
  confirmation: 'requester' | 'agent-on-behalf';
  note?: string;
  /** From a link in a resolution mail: the resolution it answers (the ticket's reopenCount then). */
  round?: number;
}
export interface ReopenArgs extends ReasonArgs {
  /** From a link in a resolution mail: the resolution it answers (the ticket's reopenCount then). */
  round?: number;
}
export interface RateArgs extends ByActor {
  rating: SatisfactionRating;
  comment?: string;
}

export const assignUpdate = defineUpdate<TicketAck, [AssignArgs]>('assign');
export const respondUpdate = defineUpdate<TicketAck, [RespondArgs]>('respond');
export const commentUpdate = defineUpdate<TicketAck, [CommentArgs]>('comment');
export const changePriorityUpdate = defineUpdate<TicketAck, [ChangePriorityArgs]>('changePriority');
export const changeCategoryUpdate = defineUpdate<TicketAck, [ChangeCategoryArgs]>('changeCategory');
export const pendUpdate = defineUpdate<TicketAck, [PendArgs]>('pend');
export const resumeUpdate = defineUpdate<TicketAck, [ResumeArgs]>('resume');
export const resolveUpdate = defineUpdate<TicketAck, [ResolveArgs]>('resolve');
export const reopenUpdate = defineUpdate<TicketAck, [ReopenArgs]>('reopen');
export const closeUpdate = defineUpdate<TicketAck, [CloseArgs]>('close');
export const cancelUpdate = defineUpdate<TicketAck, [ReasonArgs]>('cancel');
export const declineUpdate = defineUpdate<TicketAck, [ReasonArgs]>('decline');
export const rateUpdate = defineUpdate<TicketAck, [RateArgs]>('rate');

export interface DecideApprovalArgs extends ByActor {
  decision: 'approve' | 'reject';
  comment?: string;
  /** From a one-click mail link: must match the ticket's current approval, and works once. */
  nonce?: string;
}
export const decideApprovalUpdate = defineUpdate<TicketAck, [DecideApprovalArgs]>('decideApproval');

export const getTicketQuery = defineQuery<TicketView>('getTicket');

/** Fire-and-forget input from the mail channel (a reply from the requester). */
export interface MailReceivedArgs {
  messageId: string;
  from: string;
  body: string;
  receivedAt: string;
}
export const mailReceivedSignal = defineSignal<[MailReceivedArgs]>('mailReceived');

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
