// The clock events a ticket's changes make (sla/clock.ts applies them): pure functions of the
// ticket, so what a resolve, a pend or a replan does to the SLA clocks is tested as a table
// (test/unit/clockEvents.test.ts) and the workflow only sends them through the clock maths.
import type { ClockEvent, ClockName } from '../sla/clock';
import type { TicketPlan, TicketState } from './state';

/** The clocks the resolution pauses and resumes with it while the ticket waits. */
export const WAITING_CLOCKS: readonly ClockName[] = ['resolution', 'update'];

/** Every planned clock starts at opening, with its calendar and target. */
export function startEvents(plan: Pick<TicketPlan, 'clocks'>): ClockEvent[] {
  return (Object.entries(plan.clocks) as Array<[ClockName, NonNullable<TicketPlan['clocks'][ClockName]>]>).map(([clock, t]) => ({
    type: 'start',
    clock,
    calendarId: t.calendarId,
    targetSeconds: t.targetSeconds,
  }));
}

/** The first answer meets the response clock; later ones change nothing. */
export function meetResponseEvents(state: Pick<TicketState, 'clocks'>): ClockEvent[] {
  const clock = state.clocks.find((c) => c.name === 'response');
  return clock && clock.state !== 'met' ? [{ type: 'meet', clock: 'response' }] : [];
}

/**
 * A public answer restarts the update clock (P1/P2's "tell the requester every N minutes"),
 * unless the ticket is pending or a major incident's communication interval holds it (only a
 * broadcast restarts that).
 */
export function restartUpdateEvents(state: Pick<TicketState, 'plan' | 'status'>, holdsCommunicationClock: boolean): ClockEvent[] {
  if (holdsCommunicationClock) return [];
  return state.plan.clocks.update && state.status !== 'pending' ? [{ type: 'restart', clock: 'update' }] : [];
}

/** Every clock still running or paused stops (the ticket ended). */
export function stopAllEvents(state: Pick<TicketState, 'clocks'>): ClockEvent[] {
  return state.clocks.filter((c) => c.state === 'running' || c.state === 'paused').map((c) => ({ type: 'stop', clock: c.name }) as ClockEvent);
}

export function pauseWaitingEvents(reason: string): ClockEvent[] {
  return WAITING_CLOCKS.map((clock) => ({ type: 'pause', clock, reason }) as ClockEvent);
}

export function resumeWaitingEvents(): ClockEvent[] {
  return WAITING_CLOCKS.map((clock) => ({ type: 'resume', clock }) as ClockEvent);
}
