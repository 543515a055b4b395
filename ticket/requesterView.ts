// What a requester may see of their ticket: the public conversation, status, clocks and the
// steps that concern them. Internal notes, the internal timeline (routing reasons, escalations,
// who was notified), approval nonce and approver, and the mail thread's internals stay with staff.
//
// Built field by field from allowlists rather than by deleting what is internal, so a field the
// ticket gains later stays hidden from requesters until someone decides it is public.
import type { MailAttachmentMeta } from '../mail/triage';
import type { ClockView } from '../sla/clock';
import type { FiredLevel, SlaExplanation } from '../sla/explain';
import type { TicketIntake } from './intake';
import type { Actor, ApprovalStepRecord, Comment, SatisfactionRating, TicketTask, TicketView, TimelineEntry, Visit, WorkaroundMilestone } from './state';

export interface RequesterTicketView {
  number: string;
  intake: Pick<TicketIntake, (typeof PUBLIC_INTAKE_FIELDS)[number]> & { requester: Pick<TicketIntake['requester'], (typeof PUBLIC_REQUESTER_FIELDS)[number]> };
  createdAt: string;
  updatedAt: string;
  status: TicketView['status'];
  pendingReason?: string;
  priority: string;
  category: string;
  group: string;
  assignee: string | null;
  sla: ClockView[];
  slaComputedAt: string;
  breached: boolean;
  comments: Array<Omit<Comment, 'messageId'>>;
  timeline: TimelineEntry[];
  resolution?: { note: string; code?: string; at: string };
  satisfaction?: { rating: SatisfactionRating; comment?: string; at: string };
  reopenCount: number;
  closedAt?: string;
  closedBy?: TicketView['closedBy'];
  approval?: { status: NonNullable<TicketView['approval']>['status']; requestedAt: string; decidedAt?: string };
  type: 'incident' | 'request';
  request?: NonNullable<TicketView['request']>;
  /** A chain's steps: where the request stands, not who approves. */
  approvalSteps?: Array<Pick<ApprovalStepRecord, 'step' | 'label' | 'status' | 'requestedAt' | 'decidedAt'>>;
  tasks?: Array<{ id: string; label: TicketTask['label']; group?: string; done?: { at: string } }>;
  mail?: { subject: string; attachments: MailAttachmentMeta[]; linkedFrom?: string };
  /** Workarounds and containments: they were mailed to the requester. */
  workarounds?: Array<Pick<WorkaroundMilestone, 'id' | 'kind' | 'note' | 'at'>>;
  /** On-site visits: when, where, and what became of them. */
  visits?: Array<Pick<Visit, 'id' | 'scheduledAt' | 'place' | 'site' | 'status' | 'arrivedAt' | 'endReason'>>;
  /** The known major incident this ticket is part of: its updates reach the requester here. */
  affectedBy?: { number: string; title: string };
  /** The colleagues the requester added as watchers (who the desk added is the desk's business). */
  watchers?: Array<{ address: string; updates: string; addedAt: string }>;
}

/**
 * Timeline actions a requester sees, and whether the entry's reason is meant for them. Every
 * other action (internal notes, routing, escalation, notices, approval mail) is left out.
 */
const PUBLIC_ACTIONS: ReadonlyMap<string, { reason: 'keep' | 'drop' | 'own' }> = new Map([
  ['open', { reason: 'drop' }],
  ['assign', { reason: 'drop' }],
  ['respond', { reason: 'drop' }],
  ['comment', { reason: 'drop' }],
  ['changePriority', { reason: 'drop' }],
  ['changeCategory', { reason: 'drop' }],
  // The pending reason is one of requester | vendor | approval; the note is kept below only
  // when it is the question put to the requester (they were mailed it).
  ['pend', { reason: 'keep' }],
  ['resume', { reason: 'own' }],
  ['resolve', { reason: 'drop' }],
  ['reopen', { reason: 'own' }],
  ['close', { reason: 'own' }],
  // Declines and cancellations are explained to the requester in their mail anyway.
  ['decline', { reason: 'keep' }],
  ['cancel', { reason: 'keep' }],
  ['approve', { reason: 'drop' }],
  ['reject', { reason: 'drop' }],
  ['rate', { reason: 'own' }],
  ['task-done', { reason: 'drop' }],
  // Milestones and visits were mailed to the requester (issue #12).
  ['workaround', { reason: 'keep' }],
  ['bookVisit', { reason: 'drop' }],
  ['rescheduleVisit', { reason: 'keep' }],
  ['cancelVisit', { reason: 'keep' }],
  ['arrive', { reason: 'drop' }],
]);

/** Timeline details a requester sees, per action: priority and category changes are visible anyway. */
const PUBLIC_DETAIL: ReadonlyMap<string, readonly string[]> = new Map([
  ['changePriority', ['from', 'to']],
  ['changeCategory', ['from', 'to']],
  ['rate', ['rating']],
  ['task-done', ['task', 'label', 'left']],
  ['workaround', ['kind', 'note']],
  ['bookVisit', ['visit', 'scheduledAt', 'place']],
  ['rescheduleVisit', ['visit', 'scheduledAt', 'place']],
  ['cancelVisit', ['visit']],
  ['arrive', ['visit']],
]);

export function requesterView(ticket: TicketView): RequesterTicketView {
  const requesterEmail = ticket.intake.requester.email.toLowerCase();
  const isRequester = (actor: Actor) => actor.role === 'requester' && actor.id.toLowerCase() === requesterEmail;
  return {
    number: ticket.number,
    intake: requesterIntake(ticket.intake),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    status: ticket.status,
    ...(ticket.pendingReason !== undefined ? { pendingReason: ticket.pendingReason } : {}),
    priority: ticket.priority,
    category: ticket.category,
    group: ticket.group,
    assignee: ticket.assignee,
    sla: ticket.sla,
    slaComputedAt: ticket.slaComputedAt,
    breached: ticket.breached,
    comments: ticket.comments
      .filter((c) => c.visibility === 'public')
      .map((c) => ({ id: c.id, at: c.at, actor: c.actor, body: c.body, visibility: c.visibility, ...(c.attachments ? { attachments: c.attachments } : {}) })),
    timeline: ticket.timeline.flatMap((entry) => publicEntry(entry, isRequester(entry.actor))),
    ...(ticket.resolution ? { resolution: { note: ticket.resolution.note, ...(ticket.resolution.code ? { code: ticket.resolution.code } : {}), at: ticket.resolution.at } } : {}),
    ...(ticket.satisfaction ? { satisfaction: ticket.satisfaction } : {}),
    reopenCount: ticket.reopenCount,
    ...(ticket.closedAt ? { closedAt: ticket.closedAt } : {}),
    ...(ticket.closedBy ? { closedBy: ticket.closedBy } : {}),
    ...(ticket.approval
      ? { approval: { status: ticket.approval.status, requestedAt: ticket.approval.requestedAt, ...(ticket.approval.decidedAt ? { decidedAt: ticket.approval.decidedAt } : {}) } }
      : {}),
    ...(ticket.watchers?.some((w) => w.addedBy.role === 'requester')
      ? { watchers: ticket.watchers.filter((w) => w.addedBy.role === 'requester').map((w) => ({ address: w.who, updates: w.updates, addedAt: w.addedAt })) }
      : {}),
    type: ticket.type ?? 'incident',
    ...(ticket.request ? { request: ticket.request } : {}),
    ...(ticket.approvalSteps
      ? {
          approvalSteps: ticket.approvalSteps.map((s) => ({
            step: s.step,
            ...(s.label ? { label: s.label } : {}),
            status: s.status,
            ...(s.requestedAt ? { requestedAt: s.requestedAt } : {}),
            ...(s.decidedAt ? { decidedAt: s.decidedAt } : {}),
          })),
        }
      : {}),
    ...(ticket.tasks ? { tasks: ticket.tasks.map((t) => ({ id: t.id, label: t.label, ...(t.group ? { group: t.group } : {}), ...(t.done ? { done: { at: t.done.at } } : {}) })) } : {}),
    ...(ticket.mail
      ? {
          mail: {
            subject: ticket.mail.subject,
            attachments: ticket.mail.attachments.map(({ messageId: _messageId, ...meta }) => meta),
            ...(ticket.mail.linkedFrom ? { linkedFrom: ticket.mail.linkedFrom } : {}),
          },
        }
      : {}),
    ...(ticket.workarounds?.length ? { workarounds: ticket.workarounds.map(({ id, kind, note, at }) => ({ id, kind, note, at })) } : {}),
    ...(ticket.visits?.length
      ? {
          visits: ticket.visits.map((v) => ({
            id: v.id,
            scheduledAt: v.scheduledAt,
            place: v.place,
            site: v.site,
            status: v.status,
            ...(v.arrivedAt ? { arrivedAt: v.arrivedAt } : {}),
            ...(v.endReason ? { endReason: v.endReason } : {}),
          })),
        }
      : {}),
    ...(ticket.affectedBy ? { affectedBy: { number: ticket.affectedBy.number, title: ticket.affectedBy.title } } : {}),
  };
}

/** What the requester told us (or the agent typed in for them), without the desk's own facts. */
const PUBLIC_INTAKE_FIELDS = [
  'channel', 'title', 'description', 'occurredAt', 'location', 'affectedSystem', 'affectedVersion', 'errorMessage',
  'stepsToReproduce', 'reproducible', 'alreadyTried', 'impact', 'urgency', 'priority', 'category',
  'type', 'catalogueItem', 'fields',
] as const satisfies ReadonlyArray<keyof TicketIntake>;
const PUBLIC_REQUESTER_FIELDS = ['name', 'email', 'department', 'employeeId', 'phone', 'language'] as const satisfies ReadonlyArray<keyof TicketIntake['requester']>;

function requesterIntake(intake: TicketIntake): RequesterTicketView['intake'] {
  return { ...pick(intake, PUBLIC_INTAKE_FIELDS), requester: pick(intake.requester, PUBLIC_REQUESTER_FIELDS) } as RequesterTicketView['intake'];
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function publicEntry(entry: TimelineEntry, byRequester: boolean): TimelineEntry[] {
  const rule = PUBLIC_ACTIONS.get(entry.action);
  if (!rule) return [];
  const out: TimelineEntry = { at: entry.at, actor: entry.actor, action: entry.action };
  if (entry.from !== undefined) out.from = entry.from;
  if (entry.to !== undefined) out.to = entry.to;
  const keepReason = rule.reason === 'keep' || (rule.reason === 'own' && byRequester);
  if (keepReason && entry.reason !== undefined) out.reason = entry.reason;
  const detail: Record<string, unknown> = {};
  for (const key of PUBLIC_DETAIL.get(entry.action) ?? []) if (entry.detail && Object.hasOwn(entry.detail, key)) detail[key] = entry.detail[key];
  // The question put to the requester was mailed to them; a note about a vendor was not.
  if (entry.action === 'pend' && entry.reason === 'requester' && typeof entry.detail?.note === 'string') detail.note = entry.detail.note;
  if (Object.keys(detail).length) out.detail = detail;
  return [out];
}

/** The `sla explain` view for a requester: the clocks, without escalation levels and who they notified. */
export type RequesterSlaExplanation = Omit<SlaExplanation, 'slaPolicy' | 'nextLevel' | 'clocks'> & {
  clocks: Array<Omit<SlaExplanation['clocks'][number], 'fired'>>;
};

export function requesterSlaExplanation(explained: SlaExplanation): RequesterSlaExplanation {
  return {
    number: explained.number,
    priority: explained.priority,
    status: explained.status,
    asOf: explained.asOf,
    clocks: explained.clocks.map(({ fired: _fired, ...clock }: { fired: FiredLevel[] } & Omit<SlaExplanation['clocks'][number], 'fired'>) => clock),
  };
}
