// When a ticket's workflow must wake up by itself, and when it may end: pure functions of the
// ticket (test/unit/ticketDeadlines.test.ts), so the main loop only sleeps until the answer.
import { TERMINAL_STATUSES } from './lifecycle';
import type { TicketState } from './state';

/** A resolved ticket nobody confirmed closes itself after the plan's auto-close time. */
export function autoCloseAt(state: Pick<TicketState, 'status' | 'resolution' | 'plan'>): number {
  return state.status === 'resolved' && state.resolution ? Date.parse(state.resolution.at) + state.plan.autoCloseAfterSeconds * 1000 : Infinity;
}

/** When the rating window of a closed ticket ends (Infinity once rated or not closed). */
export function ratingWindowEnds(state: Pick<TicketState, 'status' | 'closedAt' | 'satisfaction' | 'plan'>): number {
  if (state.status !== 'closed' || !state.closedAt || state.satisfaction) return Infinity;
  return Date.parse(state.closedAt) + state.plan.satisfactionWindowSeconds * 1000;
}

/** The deadlines the ticket's parts keep (each Infinity when it has none). */
export interface PartDeadlines {
  approval: number;
  reminder: number;
  followUp: number;
}

/** The next time the ticket must act by itself, and what for (the timer's summary in the Temporal UI). */
export function nextWake(state: Pick<TicketState, 'schedule' | 'status' | 'resolution' | 'closedAt' | 'satisfaction' | 'plan'>, parts: PartDeadlines): { at: number; summary: string } {
  const level = state.schedule[0];
  const levelAt = level ? Date.parse(level.fireAt) : Infinity;
  const at = Math.min(levelAt, autoCloseAt(state), ratingWindowEnds(state), parts.approval, parts.reminder, parts.followUp);
  const summary =
    !Number.isFinite(at) ? 'until something changes'
    : level && levelAt === at ? `until ${level.clock} ${level.level}`
    : at === parts.approval ? 'until approval reminder/timeout'
    : at === parts.reminder ? 'until the reminder to the requester'
    : at === parts.followUp ? 'until the dissatisfied follow-up is due'
    : state.status === 'resolved' ? 'until auto-close' : 'until satisfaction window ends';
  return { at, summary };
}

/**
 * Whether the ticket's workflow may end. A ticket that completes at close (issue #10) ends with
 * any final status; an older one runs on through the rating window and an open follow-up.
 */
export function ticketFinished(
  state: Pick<TicketState, 'status' | 'closedAt' | 'satisfaction' | 'plan'>,
  now: number,
  how: { completesAtClose: boolean; followUpOpen: boolean },
): boolean {
  if (!TERMINAL_STATUSES.has(state.status)) return false;
  if (how.completesAtClose) return true;
  const windowOver = state.status !== 'closed' || Boolean(state.satisfaction) || now >= Date.parse(state.closedAt!) + state.plan.satisfactionWindowSeconds * 1000;
  return windowOver && !how.followUpOpen;
}
