// The one place the web calls the ticket service: reads, the list, opening, and every action.
// Pages never name a workflow update; when the API moves to typed update definitions (issue
// #10) only this file changes.
import type { TicketService, TicketSummary } from '../api/ticketService';
import type { TicketIntake } from '../ticket/intake';
import type { Actor, SatisfactionRating, TicketView } from '../ticket/state';
import type { AssignArgs, PendArgs } from '../workflows/messages';

type Without<T> = Omit<T, 'actor'>;

export function ticketActions(service: TicketService) {
  const act = (number: string, update: string, args: Record<string, unknown>): Promise<TicketView> => service.act(number, update, args);
  return {
    get: (number: string): Promise<TicketView> => service.get(number),
    list: (filter: Record<string, string | string[] | undefined>, limit: number): Promise<TicketSummary[]> => service.list(filter, limit),
    /** Once per idempotency key, scoped to the caller as the API scopes it (`role:subject:key`). */
    open: (intake: TicketIntake, scopedKey: string) => service.create(intake, scopedKey),

    assign: (number: string, actor: Actor, args: Without<AssignArgs>) => act(number, 'assign', { ...args, actor }),
    respond: (number: string, actor: Actor, message: string) => act(number, 'respond', { message, actor }),
    comment: (number: string, actor: Actor, body: string, visibility: 'public' | 'internal') => act(number, 'comment', { body, visibility, actor }),
    changePriority: (number: string, actor: Actor, priority: string, reason: string) => act(number, 'changePriority', { priority, reason, actor }),
    changeCategory: (number: string, actor: Actor, category: string, reason: string) => act(number, 'changeCategory', { category, reason, actor }),
    pend: (number: string, actor: Actor, reason: PendArgs['reason'], note: string) => act(number, 'pend', { reason, note, actor }),
    resume: (number: string, actor: Actor, note?: string) => act(number, 'resume', { ...(note ? { note } : {}), actor }),
    resolve: (number: string, actor: Actor, resolutionNote: string) => act(number, 'resolve', { resolutionNote, actor }),
    reopen: (number: string, actor: Actor, reason: string) => act(number, 'reopen', { reason, actor }),
    /** The requester's own confirmation. */
    confirm: (number: string, actor: Actor) => act(number, 'close', { confirmation: 'requester', actor }),
    /** Staff record a confirmation the requester gave by phone or chat. */
    closeOnBehalf: (number: string, actor: Actor, note: string) => act(number, 'close', { confirmation: 'agent-on-behalf', note, actor }),
    cancel: (number: string, actor: Actor, reason: string) => act(number, 'cancel', { reason, actor }),
    decline: (number: string, actor: Actor, reason: string) => act(number, 'decline', { reason, actor }),
    rate: (number: string, actor: Actor, rating: SatisfactionRating, comment?: string) => act(number, 'rate', { rating, ...(comment ? { comment } : {}), actor }),
    /** The approver's (or an admin's) decision; the workflow checks who the approver is. */
    decideApproval: (number: string, actor: Actor, decision: 'approve' | 'reject', comment?: string) => act(number, 'decideApproval', { decision, ...(comment ? { comment } : {}), actor }),
  };
}

export type TicketActions = ReturnType<typeof ticketActions>;
