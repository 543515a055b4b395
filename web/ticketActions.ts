// The one place the web calls the ticket service: reads, the list, opening, and every action,
// each through its typed update definition (workflows/messages.ts `ticketUpdates`).
import type { TicketService, TicketSummary } from '../api/ticketService';
import type { WatchUpdates } from '../config/schema/watchers';
import type { TicketIntake } from '../ticket/intake';
import type { Actor, SatisfactionRating, TicketView } from '../ticket/state';
import { ticketUpdates, type AssignArgs, type BookVisitArgs, type PendArgs, type RecordWorkaroundArgs } from '../workflows/messages';

type Without<T> = Omit<T, 'actor'>;

export function ticketActions(service: TicketService) {
  return {
    /** The ticket as its workflow answers; a ticket that cannot make progress is a 503 problem. */
    get: (number: string): Promise<TicketView> => service.read(number),
    list: (filter: Record<string, string | string[] | undefined>, limit: number): Promise<TicketSummary[]> => service.list(filter, limit),
    /** Closed tickets a workflow still runs for (rating window, follow-up). */
    closedButRunning: (limit: number): Promise<string[]> => service.closedButRunning(limit),
    /** Once per idempotency key, scoped to the caller as the API scopes it (`role:subject:key`). */
    open: (intake: TicketIntake, scopedKey: string) => service.create(intake, scopedKey),

    assign: (number: string, actor: Actor, args: Without<AssignArgs>) => service.act(number, ticketUpdates.assign, { ...args, actor }),
    respond: (number: string, actor: Actor, message: string) => service.act(number, ticketUpdates.respond, { message, actor }),
    comment: (number: string, actor: Actor, body: string, visibility: 'public' | 'internal') => service.act(number, ticketUpdates.comment, { body, visibility, actor }),
    changePriority: (number: string, actor: Actor, priority: string, reason: string) => service.act(number, ticketUpdates.changePriority, { priority, reason, actor }),
    changeCategory: (number: string, actor: Actor, category: string, reason: string) => service.act(number, ticketUpdates.changeCategory, { category, reason, actor }),
    pend: (number: string, actor: Actor, reason: PendArgs['reason'], note: string) => service.act(number, ticketUpdates.pend, { reason, note, actor }),
    resume: (number: string, actor: Actor, note?: string) => service.act(number, ticketUpdates.resume, { ...(note ? { note } : {}), actor }),
    resolve: (number: string, actor: Actor, resolutionNote: string) => service.act(number, ticketUpdates.resolve, { resolutionNote, actor }),
    reopen: (number: string, actor: Actor, reason: string) => service.act(number, ticketUpdates.reopen, { reason, actor }),
    /** The requester's own confirmation. */
    confirm: (number: string, actor: Actor) => service.act(number, ticketUpdates.close, { confirmation: 'requester', actor }),
    /** Staff record a confirmation the requester gave by phone or chat. */
    closeOnBehalf: (number: string, actor: Actor, note: string) => service.act(number, ticketUpdates.close, { confirmation: 'agent-on-behalf', note, actor }),
    cancel: (number: string, actor: Actor, reason: string) => service.act(number, ticketUpdates.cancel, { reason, actor }),
    decline: (number: string, actor: Actor, reason: string) => service.act(number, ticketUpdates.decline, { reason, actor }),
    rate: (number: string, actor: Actor, rating: SatisfactionRating, comment?: string) =>
      service.act(number, ticketUpdates.rate, { rating, ...(comment ? { comment } : {}), actor }),
    /** The approver's (or an admin's) decision; the workflow checks who the approver is. */
    decideApproval: (number: string, actor: Actor, decision: 'approve' | 'reject', comment?: string) =>
      service.act(number, ticketUpdates.decideApproval, { decision, ...(comment ? { comment } : {}), actor }),
    /** Tiers and the response team (issue #12). */
    escalateTier: (number: string, actor: Actor, reason: string) => service.act(number, ticketUpdates.escalateTier, { reason, actor }),
    addHelper: (number: string, actor: Actor, helper: string, note?: string) => service.act(number, ticketUpdates.addHelper, { helper, ...(note ? { note } : {}), actor }),
    removeHelper: (number: string, actor: Actor, helper: string) => service.act(number, ticketUpdates.removeHelper, { helper, actor }),
    /** Ticks off one task of a request's checklist; the last one resolves the ticket. */
    completeTask: (number: string, actor: Actor, task: string, note?: string) => service.act(number, ticketUpdates.completeTask, { task, ...(note ? { note } : {}), actor }),
    recordWorkaround: (number: string, actor: Actor, kind: RecordWorkaroundArgs['kind'], note: string) => service.act(number, ticketUpdates.recordWorkaround, { kind, note, actor }),
    bookVisit: (number: string, actor: Actor, visit: Without<BookVisitArgs>) => service.act(number, ticketUpdates.bookVisit, { ...visit, actor }),
    cancelVisit: (number: string, actor: Actor, reason: string) => service.act(number, ticketUpdates.cancelVisit, { reason, actor }),
    recordArrival: (number: string, actor: Actor, note?: string) => service.act(number, ticketUpdates.recordArrival, { ...(note ? { note } : {}), actor }),
    // Major incidents (issue #12).
    declareMajorIncident: (number: string, actor: Actor, reason: string, keywords: string[]) =>
      service.act(number, ticketUpdates.declareMajorIncident, { reason, keywords, actor }),
    linkTickets: (number: string, actor: Actor, tickets: string[]) => service.act(number, ticketUpdates.linkTickets, { tickets, actor }),
    linkToMajorIncident: (number: string, actor: Actor, majorIncident: string) => service.act(number, ticketUpdates.linkToMajorIncident, { majorIncident, actor }),
    broadcastMajorIncidentUpdate: (number: string, actor: Actor, message: string) => service.act(number, ticketUpdates.broadcastMajorIncidentUpdate, { message, actor }),
    // Issue #12: watchers and the dissatisfied follow-up.
    addWatcher: (number: string, actor: Actor, address: string, updates: WatchUpdates) => service.act(number, ticketUpdates.addWatcher, { address, updates, actor }),
    removeWatcher: (number: string, actor: Actor, address: string) => service.act(number, ticketUpdates.removeWatcher, { address, actor }),
    recordFollowUp: (number: string, actor: Actor, outcome: string) => service.act(number, ticketUpdates.recordFollowUp, { outcome, actor }),
  };
}

export type TicketActions = ReturnType<typeof ticketActions>;
