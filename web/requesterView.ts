// What a requester may see of a ticket: an allow-list projection, so a field added to the
// ticket later stays hidden until someone decides it is public. Internal notes, the timeline,
// escalations and routing never leave this file. (When the API grows its own requester view,
// this is the one place to switch to it.)
import type { Actor, TicketView } from '../ticket/state';
import type { ServiceRequestFacts } from './components/ServiceRequest';

export interface RequesterEntry {
  at: string;
  /** Who wrote it, as the requester should read it. */
  from: 'you' | 'desk';
  kind: 'message' | 'question' | 'resolution' | 'declined' | 'cancelled' | 'workaround' | 'containment' | 'visit';
  body: string;
  /** An on-site visit (kind 'visit'): they were mailed its time and place. */
  visit?: { scheduledAt: string; place: string; status: string };
}

export interface RequesterTicket {
  number: string;
  title: string;
  status: TicketView['status'];
  pendingReason?: string;
  priority: string;
  createdAt: string;
  updatedAt: string;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  intake: TicketView['intake'];
  conversation: RequesterEntry[];
  satisfaction?: TicketView['satisfaction'];
  /** The ticket's own attachment metadata (mail); portal uploads are listed by the web store. */
  attachments: Array<{ sha256: string; filename: string | null; sizeBytes: number; stored?: boolean }>;
  /** The colleagues the requester added as watchers (whom the desk added stays with the desk). */
  watchers: Array<{ address: string; updates: string }>;
  /** Incident or request, and a request's progress: steps and tasks, not who approves or did them. */
  service?: ServiceRequestFacts;
}

const fromOf = (actor: Actor): RequesterEntry['from'] => (actor.role === 'requester' ? 'you' : 'desk');

export function requesterView(ticket: TicketView): RequesterTicket {
  const conversation: RequesterEntry[] = [
    ...ticket.comments.filter((c) => c.visibility === 'public').map((c) => ({ at: c.at, from: fromOf(c.actor), kind: 'message' as const, body: c.body })),
    // A question to the requester was mailed to them: it is part of their conversation.
    ...ticket.timeline
      .filter((e) => e.action === 'pend' && e.reason === 'requester' && typeof e.detail?.note === 'string')
      .map((e) => ({ at: e.at, from: 'desk' as const, kind: 'question' as const, body: String(e.detail!.note) })),
    ...ticket.timeline
      .filter((e) => (e.action === 'decline' || e.action === 'reject' || e.action === 'cancel') && e.reason)
      .map((e) => ({ at: e.at, from: fromOf(e.actor), kind: e.action === 'cancel' ? ('cancelled' as const) : ('declined' as const), body: e.reason! })),
    ...(ticket.resolution ? [{ at: ticket.resolution.at, from: 'desk' as const, kind: 'resolution' as const, body: ticket.resolution.note }] : []),
    // Workarounds and visits were mailed to the requester (issue #12).
    ...(ticket.workarounds ?? []).map((w) => ({ at: w.at, from: 'desk' as const, kind: w.kind, body: w.note })),
    ...(ticket.visits ?? []).map((v) => ({ at: v.bookedAt, from: 'desk' as const, kind: 'visit' as const, body: v.place, visit: { scheduledAt: v.scheduledAt, place: v.place, status: v.status } })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const due = (name: string) => ticket.sla.find((c) => c.name === name)?.dueAt ?? null;
  const attachments = [...(ticket.mail?.attachments ?? []), ...ticket.comments.filter((c) => c.visibility === 'public').flatMap((c) => c.attachments ?? [])];
  return {
    number: ticket.number,
    title: ticket.intake.title,
    status: ticket.status,
    pendingReason: ticket.pendingReason,
    priority: ticket.priority,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    responseDueAt: due('response'),
    resolutionDueAt: due('resolution'),
    intake: ticket.intake,
    conversation,
    satisfaction: ticket.satisfaction,
    attachments: attachments.map((a) => ({ sha256: a.sha256, filename: a.filename, sizeBytes: a.sizeBytes, stored: a.stored })),
    watchers: (ticket.watchers ?? []).filter((w) => w.addedBy.role === 'requester').map((w) => ({ address: w.who, updates: w.updates })),
    service: {
      type: ticket.type ?? 'incident',
      ...(ticket.request ? { request: ticket.request } : {}),
      ...(ticket.intake.fields ? { fields: ticket.intake.fields } : {}),
      ...(ticket.approvalSteps ? { approvalSteps: ticket.approvalSteps.map((s) => ({ step: s.step, label: s.label, status: s.status, decidedAt: s.decidedAt })) } : {}),
      ...(ticket.tasks ? { tasks: ticket.tasks.map((task) => ({ id: task.id, label: task.label, group: task.group, ...(task.done ? { done: { at: task.done.at } } : {}) })) } : {}),
    },
  };
}
