// On-site visits (issue #12): an engineer books a time and place, the requester is told, and an
// arrival clock (targets per site kind in sla.yaml `visits`) runs from the first booking until the
// engineer records the arrival; its escalation levels fire like every other clock's. Moving a
// visit keeps the clock (and any breach); cancelling stops it. Workflow code only.
import { ApplicationFailure } from '@temporalio/workflow';
import type { ClockEvent, ClockName } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import { nextStatus } from '../ticket/lifecycle';
import type { TicketPlan, Visit } from '../ticket/state';
import type { RequesterNotices } from './requesterNotices';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import { ensureServicePolicy } from './ticketMilestones';

/** The furthest ahead a visit may be booked: a date years away is a typing error. */
const MAX_DAYS_AHEAD = 90;

export interface Visits {
  checkBooking(args: ActionArgs<'bookVisit'>): void;
  book(args: ActionArgs<'bookVisit'>): Promise<void>;
  checkOpen(): void;
  cancel(args: ActionArgs<'cancelVisit'>): Promise<void>;
  arrive(args: ActionArgs<'recordArrival'>): Promise<void>;
  /** A resolved ticket needs no visit: a booked one ends and its arrival clock stops. */
  atResolve(): ClockEvent[];
}

export function visitsFlow(
  core: TicketCore,
  deps: { requester: RequesterNotices; meetResponse: () => ClockEvent[]; restartUpdateClock: () => ClockEvent[] },
): Visits {
  const openVisit = (): Visit | undefined => core.state.visits?.find((v) => v.status === 'booked');
  // Checked again when the update's turn comes: another update may have ended the visit meanwhile.
  const bookedVisit = (): Visit => {
    const visit = openVisit();
    if (!visit) throw ApplicationFailure.nonRetryable('no visit is booked on this ticket', 'IllegalTransition');
    return visit;
  };
  const arrivalRunning = () => {
    const ledger = core.state.clocks.find((c) => c.name === 'arrival');
    return ledger?.state === 'running' || ledger?.state === 'paused';
  };

  return {
    checkBooking(a) {
      const at = Date.parse(a.scheduledAt);
      if (at <= Date.now()) throw new Error('scheduledAt must lie in the future');
      if (at > Date.now() + MAX_DAYS_AHEAD * 86_400_000) throw new Error(`scheduledAt must lie within ${MAX_DAYS_AHEAD} days`);
      const open = openVisit();
      if (open && !a.reason?.trim())
        throw new Error(`visit ${open.id} is already booked for ${open.scheduledAt}: give a reason to move it, or cancel it first`);
    },

    async book(a) {
      const { state } = core;
      await ensureServicePolicy(core);
      const now = iso(Date.now());
      const moved = openVisit();
      if (moved) Object.assign(moved, { status: 'rescheduled', endedAt: now, endReason: a.reason });
      const id = (state.visits?.length ?? 0) + 1;
      const visit: Visit = {
        id,
        scheduledAt: new Date(a.scheduledAt).toISOString(),
        place: a.place,
        site: a.site,
        engineer: a.engineer ?? state.assignee,
        ...(a.note ? { note: a.note } : {}),
        bookedAt: now,
        bookedBy: a.actor,
        status: 'booked',
        ...(moved ? { replaces: moved.id } : {}),
      };
      (state.visits ??= []).push(visit);
      core.record(a.actor, moved ? 'rescheduleVisit' : 'bookVisit', {
        ...(moved ? { reason: a.reason } : {}),
        detail: { visit: id, scheduledAt: visit.scheduledAt, place: visit.place, site: visit.site, engineer: visit.engineer, ...(moved ? { replaces: moved.id } : {}) },
      });
      deps.requester.notify('visitBooked', `visit-${id}`, undefined, id);
      // The booking mail is an answer and an update to the requester, like a public reply.
      const events: ClockEvent[] = [...deps.meetResponse(), ...deps.restartUpdateClock()];
      const targets = state.plan.visits;
      if (targets) {
        const clock = { clock: 'arrival' as const, calendarId: targets.calendarId, targetSeconds: targets.arrivalSeconds[a.site], notBefore: visit.scheduledAt };
        // Moving a visit keeps the promise made at the first booking (and a breach already
        // recorded); only an appointment later than the promise moves the due to it.
        events.push(moved && arrivalRunning() ? { type: 'retarget', ...clock, keepBreach: true } : { type: 'start', ...clock });
      }
      // Without arrival targets in the policy the visit is recorded and mailed, nothing is timed.
      await core.refreshClocks(events);
    },

    checkOpen() {
      if (!openVisit()) throw new Error('no visit is booked on this ticket');
    },

    async cancel(a) {
      const visit = bookedVisit();
      Object.assign(visit, { status: 'cancelled', endedAt: iso(Date.now()), endReason: a.reason });
      core.record(a.actor, 'cancelVisit', { reason: a.reason, detail: { visit: visit.id } });
      deps.requester.notify('visitCancelled', `visit-${visit.id}-cancelled`, undefined, visit.id);
      await core.refreshClocks([...deps.restartUpdateClock(), ...(arrivalRunning() ? [{ type: 'stop', clock: 'arrival' } as const] : [])]);
    },

    async arrive(a) {
      const { state } = core;
      const visit = bookedVisit();
      Object.assign(visit, { status: 'arrived', arrivedAt: iso(Date.now()), arrivedBy: a.actor });
      const from = state.status;
      state.status = nextStatus('recordArrival', from);
      core.record(a.actor, 'arrive', { ...(state.status !== from ? { from, to: state.status } : {}), reason: a.note, detail: { visit: visit.id } });
      // An engineer at the requester's desk has answered them, whatever the mail did.
      await core.refreshClocks([...deps.meetResponse(), ...(arrivalRunning() ? [{ type: 'meet', clock: 'arrival' } as const] : [])]);
    },

    atResolve() {
      const visit = openVisit();
      if (!visit) return [];
      Object.assign(visit, { status: 'cancelled', endedAt: iso(Date.now()), endReason: 'the ticket was resolved' });
      core.record(SYSTEM, 'cancelVisit', { reason: 'the ticket was resolved', detail: { visit: visit.id } });
      return arrivalRunning() ? [{ type: 'stop', clock: 'arrival' }] : [];
    },
  };
}

/** The escalation levels of a clock: the plan's clocks, and the arrival clock from `visits`. */
export function levelSpecsOf(plan: TicketPlan, clock: ClockName) {
  return clock === 'arrival' ? (plan.visits?.levels ?? []) : (plan.clocks[clock]?.levels ?? []);
}

/** Clocks the plan does not start at opening but that a replan must leave running. */
export const CLOCKS_STARTED_BY_ACTIONS: ReadonlySet<ClockName> = new Set(['arrival']);
