// The shape of one ticket as its workflow holds it and as queries return it.
import type { ClockLedger, ClockName, ClockView, LevelSpec, ScheduledLevel } from '../sla/clock';
import type { TicketIntake } from './intake';
import type { TicketStatus } from './lifecycle';
import type { Role } from '../config/schema/auth';
import type { ApprovalRequirement, ResolvedApprover } from './approvalRequirement';
import type { ApprovalStepPlan } from './approvalChain';
import type { Label, TicketType } from '../config/schema/catalogue';
import type { MailAttachmentMeta } from '../mail/triage';
import type { ResolutionEndsAt, SiteKind, WorkaroundKind } from '../config/schema/sla';
import type { WatchUpdates } from '../config/schema/watchers';

/** What an escalation level does besides waking the clock (older plans may lack the actions). */
export interface EscalationActions {
  notify: string[];
  reassignTo?: string;
  raisePriority?: boolean;
  addWatchers?: string[];
  /** Hand the ticket to the next tier's group of its category (absent in plans made before). */
  escalateTier?: boolean;
  /** The same watchers with the updates each gets (absent in plans made before issue #12). */
  watch?: WatcherSpec[];
}

/** A watcher as config names one: address or member id, and the updates they get. */
export interface WatcherSpec {
  who: string;
  updates: WatchUpdates;
}

export interface Actor {
  role: Role | 'system';
  /** member id, requester mail, or 'system' */
  id: string;
}

export interface TimelineEntry {
  at: string;
  actor: Actor;
  action: string;
  /** Status before and after, when the action moved it. */
  from?: TicketStatus;
  to?: TicketStatus;
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface Comment {
  id: number;
  at: string;
  actor: Actor;
  body: string;
  visibility: 'public' | 'internal';
  /** Set when the comment arrived by mail: the mail's Message-ID and its attachments' metadata. */
  messageId?: string;
  attachments?: MailAttachmentMeta[];
}

/** A notice to the requester waiting to be mailed; `key` makes its Message-ID (one per event). */
export interface RequesterNotice {
  key: string;
  kind: 'ack' | 'comment' | 'resolved' | 'closed' | 'declined' | 'reopened' | 'assigned' | 'pending' | 'pendingReminder' | 'workaround' | 'visitBooked' | 'visitCancelled';
  commentId?: number;
  /** The workaround or visit a milestone notice is about. */
  milestoneId?: number;
}

/**
 * The mail conversation with the requester (DESIGN §3 Email): opened by their mail, or by the
 * desk's acknowledgement for a ticket that came through the API, the phone or another channel.
 */
export interface TicketMailThread {
  /** the mailbox the opening mail came in by; null when the desk started the thread */
  mailbox: string | null;
  /** the Message-ID of the mail that opened the ticket; null when the desk started the thread */
  sourceMessageId: string | null;
  subject: string;
  /** References of the opening mail, oldest first, so replies thread in the requester's client */
  references: string[];
  /** every Message-ID received for this ticket, oldest first: a repeat is a duplicate */
  inboundMessageIds: string[];
  attachments: Array<MailAttachmentMeta & { messageId: string }>;
  /** the closed ticket this one follows up, when a reply to it opened this one */
  linkedFrom?: string;
  reopenWindowSeconds: number;
  pendingNotices: RequesterNotice[];
  noticesSent: string[];
}

/** What the policy activity decided for a ticket (recorded so replays never re-read config). */
export interface TicketPlan {
  configVersion: string;
  category: string;
  priority: string;
  group: string;
  assignee: string | null;
  slaPolicy: string;
  clocks: Partial<Record<ClockName, { calendarId: string; targetSeconds: number; levels: Array<LevelSpec & EscalationActions> }>>;
  pauseResolutionWhilePending: string[];
  /** Who hears at once when a ticket opens at / is raised to this priority (absent in plans made before). */
  urgentNotices?: { onOpen: string[]; onRaise: string[] };
  /** The requester gets threaded mail (set by channel, see desk.requesterMailChannels); absent in plans made before. */
  mailRequester?: boolean;
  /** Calendar whose working hours quiet notices wait for. */
  quietHoursCalendarId: string | null;
  autoCloseAfterSeconds: number;
  satisfactionWindowSeconds: number;
  /** One reminder to a requester who has not answered our question by then; absent in plans made before. */
  pendingReminderAfterSeconds?: number | null;
  tags: string[];
  watchers: string[];
  /** The routing rules' watchers with their updates and the rule that named each (absent in plans made before). */
  watch?: Array<WatcherSpec & { rule: string }>;
  /** The follow-up a dissatisfied rating opens (sla.yaml dissatisfiedFollowUp); null: no due time; absent in plans made before. */
  dissatisfiedFollowUp?: { calendarId: string; dueSeconds: number; escalateTo: string[] } | null;
  /** Skills routing asked for; the 'skills' assignment strategy matches members on them. */
  skills: string[];
  /** Set when the ticket must wait for an approver before work starts. */
  approval: (ApprovalRequirement & { approverPerson: ResolvedApprover | null }) | null;
  /** Out of scope per a routing rule: the ticket is declined politely with this reason. */
  decline: { reason: string; template?: string; rule?: string } | null;
  matchedRules: string[];
  reasons: string[];
  /** Incident or service request (absent in plans made before: an incident). */
  type?: TicketType;
  /** The approvals a catalogue request passes in order (absent in plans made before: `approval` alone is the chain). */
  approvalChain?: ApprovalStepPlan[];
  /** The catalogue item a request is for, and the tasks that fulfil it (absent in plans made before). */
  request?: RequestPlan | null;
  /** Recorded kinds that meet the resolution clock ([]: none); absent in plans made before issue #12. */
  workaroundMeets?: WorkaroundKind[];
  /** Where the resolution clock ends; absent in plans made before (they end at resolve). */
  resolutionEndsAt?: ResolutionEndsAt;
  /** The arrival clock of on-site visits (null: visits without one); absent in plans made before. */
  visits?: VisitPlan | null;
  /** A routing rule declared the ticket a major incident at open; absent in plans made before. */
  declareMajorIncident?: { rule: string; reason: string; keywords: string[] } | null;
}

/** A fulfilment task as planned: who may tick it off is fixed at open (the group's members then). */
export interface PlannedTask {
  id: string;
  label: Label;
  group?: string;
  /** Member ids of the task's group (else the ticket's group) when the ticket was planned. */
  members: string[];
}

export interface RequestPlan {
  item: string;
  label: Label;
  checklist: PlannedTask[];
}

/** A step of an approval: the one a ticket waits for, or one it passed. */
export interface ApprovalStepState {
  status: 'waiting' | 'approved' | 'rejected' | 'escalated';
  approver: ResolvedApprover | null;
  requestedAt: string;
  nonce: string;
  remindedAt?: string;
  decidedAt?: string;
  decidedBy?: Actor;
  comment?: string;
  /** 0-based place in the chain (absent: the only step). */
  step?: number;
  label?: Label;
}

/** One step of a chain as the ticket shows it: who, when, and the decision (no link nonce). */
export interface ApprovalStepRecord {
  step: number;
  label?: Label;
  approver: ResolvedApprover | null;
  status: ApprovalStepState['status'] | 'not-requested';
  requestedAt?: string;
  remindedAt?: string;
  decidedAt?: string;
  decidedBy?: Actor;
  comment?: string;
}

/** A fulfilment task on the ticket, ticked off or not. */
export interface TicketTask extends PlannedTask {
  done?: { at: string; by: Actor; note?: string };
}

export interface VisitPlan {
  calendarId: string;
  arrivalSeconds: Record<SiteKind, number>;
  levels: Array<LevelSpec & EscalationActions>;
}

/** A workaround or containment recorded on the ticket: a milestone short of the real fix. */
export interface WorkaroundMilestone {
  id: number;
  kind: WorkaroundKind;
  note: string;
  at: string;
  by: Actor;
  /** The resolution clock was met by it (the policy for the ticket's priority says so, and it still ran). */
  metResolution: boolean;
}

/** An on-site visit booked on the ticket. */
export interface Visit {
  id: number;
  /** When the engineer is expected on site (ISO-8601). */
  scheduledAt: string;
  place: string;
  site: SiteKind;
  engineer: string | null;
  note?: string;
  bookedAt: string;
  bookedBy: Actor;
  /** booked → arrived; or cancelled, or rescheduled (replaced by the visit that names it in `replaces`). */
  status: 'booked' | 'arrived' | 'cancelled' | 'rescheduled';
  replaces?: number;
  arrivedAt?: string;
  arrivedBy?: Actor;
  endedAt?: string;
  endReason?: string;
}

export type SatisfactionRating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface TicketState {
  number: string;
  intake: TicketIntake;
  createdAt: string;
  updatedAt: string;
  status: TicketStatus;
  pendingReason?: string;
  priority: string;
  category: string;
  group: string;
  assignee: string | null;
  plan: TicketPlan;
  clocks: ClockLedger[];
  schedule: ScheduledLevel[];
  comments: Comment[];
  timeline: TimelineEntry[];
  resolution?: { note: string; code?: string; at: string; by: Actor };
  satisfaction?: { rating: SatisfactionRating; comment?: string; at: string };
  reopenCount: number;
  /** Knowledge articles suggested in the acknowledgement (ack-suggestions). */
  suggestions?: Array<{ id: number; ref: string; title: string; excerpt: string }>;
  /** Bounces of the desk's mail about this ticket, as the mailbox recognised them. */
  bounces?: Array<{ recipient: string; status?: string; diagnostic?: string; bounceMessageId: string; originalMessageId: string; at: string }>;
  closedAt?: string;
  closedBy?: 'requester' | 'timeout' | 'agent-on-behalf';
  /** The approval this ticket waits for (or waited for): in a chain, the current step. */
  approval?: ApprovalStepState;
  /** A chain's steps, each as requested and decided (absent for a single approval). */
  approvalSteps?: ApprovalStepRecord[];
  /** Incident or service request (absent on tickets opened before: an incident). */
  type?: TicketType;
  /** The catalogue item of a request (absent when it is none). */
  request?: { item: string; label: Label };
  /** A request's fulfilment checklist (absent when it has none). */
  tasks?: TicketTask[];
  escalations: Array<{ clock: ClockName; level: string; episode: number; at: string; notified: string[] }>;
  /** Present when the ticket was opened by mail. */
  mail?: TicketMailThread;
  /** The response team besides the assignee: engineers helping, each with the ticket in their queue. */
  helpers?: string[];
  /** Workarounds and containments recorded, oldest first (issue #12). */
  workarounds?: WorkaroundMilestone[];
  /** On-site visits, oldest first (issue #12). */
  visits?: Visit[];
  /** Set when the ticket was declared a major incident (issue #12). */
  majorIncident?: MajorIncidentRecord;
  /** Set on a ticket linked to a major incident as one of the tickets it affects. */
  affectedBy?: MajorIncidentLink;
  /** Who follows the ticket by mail (issue #12); absent until the first watcher. */
  watchers?: Watcher[];
  /** Watcher mail waiting to be sent, and what was sent (each key once). */
  watcherMail?: { pending: WatcherNotice[]; sent: string[] };
  /** The group lead's follow-up of a dissatisfied rating (issue #12). */
  followUp?: FollowUp;
}

/** A linked ticket as the major incident keeps it. */
export interface MajorIncidentLinkedTicket {
  number: string;
  linkedAt: string;
  by: Actor;
  reason: string;
  /** refused: the ticket could not be reached (finished, unknown) */
  status: 'linked' | 'refused';
  refusal?: string;
}

/** One update to everyone affected, as the major incident sent it. */
export interface MajorIncidentBroadcast {
  id: number;
  at: string;
  by: Actor;
  message: string;
  /** the linked tickets it was handed to (each mails its own requester in its own thread) */
  sentTo: string[];
}

export interface MajorIncidentRecord {
  status: 'open' | 'resolved';
  declaredAt: string;
  declaredBy: Actor;
  reason: string;
  /** Words that link a new mail's ticket to this major incident (case-insensitive). */
  keywords: string[];
  /** The routing rule that declared it, when a rule did. */
  rule?: string;
  linked: MajorIncidentLinkedTicket[];
  broadcasts: MajorIncidentBroadcast[];
  resolvedAt?: string;
}

/** What a linked ticket knows of its major incident. */
export interface MajorIncidentLink {
  number: string;
  title: string;
  linkedAt: string;
  reason: string;
  /** broadcast ids already recorded (and mailed) here: each once, whatever is delivered twice */
  broadcastsReceived: number[];
  /** set when the major incident resolved this ticket */
  resolvedAt?: string;
}

/** Someone who gets the ticket's public updates by mail, threaded with the requester's. */
export interface Watcher {
  /** normal-form mail address, or a member id (groups.yaml) named by config */
  who: string;
  updates: WatchUpdates;
  /** why: `rule vip-watch`, `resolution 100%`, `staff`, `requester` */
  source: string;
  addedBy: Actor;
  addedAt: string;
}

export type WatcherNoticeKind =
  | 'watching'
  | 'assigned'
  | 'comment'
  | 'requesterComment'
  | 'pending'
  | 'resolved'
  | 'reopened'
  | 'closed'
  | 'declined'
  | 'cancelled'
  | 'workaround';

/** One mail to one watcher; `key` (event and watcher) makes its Message-ID. */
export interface WatcherNotice {
  key: string;
  /** the event, shared by every watcher's copy and the requester's notice */
  event: string;
  kind: WatcherNoticeKind;
  who: string;
  commentId?: number;
  /** the workaround or containment a `workaround` copy is about */
  milestoneId?: number;
}

/** The follow-up task a dissatisfied rating opens for the group lead, tracked until the lead records the outcome. */
export interface FollowUp {
  reason: 'dissatisfied';
  group: string;
  /** the group's lead when it opened; null when the group has none (an admin records it) */
  owner: { id: string; name: string } | null;
  openedAt: string;
  /** null when sla.yaml sets no due time */
  dueAt: string | null;
  status: 'open' | 'overdue' | 'done';
  escalatedAt?: string;
  escalatedTo?: string[];
  outcome?: string;
  doneAt?: string;
  doneBy?: Actor;
}

/** The ticket as the API and the `getTicket` query present it. */
export interface TicketView extends Omit<TicketState, 'schedule' | 'plan'> {
  /** Clock views as of `slaComputedAt`; the API recomputes them at read time from `clocks`. */
  sla: ClockView[];
  slaComputedAt: string;
  breached: boolean;
  configVersion: string;
  slaPolicy: string;
  nextEscalation: ScheduledLevel | null;
}
