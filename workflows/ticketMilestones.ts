// Milestones short of the real fix (issue #12): a workaround or containment recorded by an agent,
// which per policy meets the resolution clock while the ticket stays open; and where the
// resolution clock ends (at resolve, or at the requester's confirmation). Workflow code only.
import type { RequesterMailInput } from '../activities/requesterMail';
import type { ClockEvent } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import { nextStatus } from '../ticket/lifecycle';
import type { RequesterNotice, TicketState } from '../ticket/state';
import type { RequesterNotices } from './requesterNotices';
import { iso, type TicketCore } from './ticketCore';
import { policy } from './ticketProxies';

export interface Milestones {
  recordWorkaround(args: ActionArgs<'recordWorkaround'>): Promise<void>;
  /**
   * What resolving does to the resolution clock: meets it, unless it ends at the requester's
   * confirmation — then it runs on (resumed, if the ticket was resolved while pending).
   */
  atResolve(): ClockEvent[];
  /** The clock events of closing: `stopAll` of the ticket, but a resolution clock that waited for the confirmation is met. */
  atClose(stopAll: ClockEvent[]): ClockEvent[];
}

export function milestones(
  core: TicketCore,
  deps: { requester: RequesterNotices; meetResponse: () => ClockEvent[]; restartUpdateClock: () => ClockEvent[] },
): Milestones {
  return {
    async recordWorkaround(a) {
      const { state } = core;
      await ensureServicePolicy(core);
      const resolution = state.clocks.find((c) => c.name === 'resolution');
      const metResolution = Boolean(
        state.plan.workaroundMeets?.includes(a.kind) && resolution && (resolution.state === 'running' || resolution.state === 'paused'),
      );
      const id = (state.workarounds?.length ?? 0) + 1;
      (state.workarounds ??= []).push({ id, kind: a.kind, note: a.note, at: iso(Date.now()), by: a.actor, metResolution });
      const from = state.status;
      state.status = nextStatus('recordWorkaround', from);
      core.record(a.actor, 'workaround', {
        ...(state.status !== from ? { from, to: state.status } : {}),
        reason: a.kind === 'containment' ? 'contained' : 'workaround in place',
        detail: { workaround: id, kind: a.kind, note: a.note, metResolution },
      });
      // A public update: the requester is told, and it counts as a response and an update.
      deps.requester.notify('workaround', `workaround-${id}`, undefined, id);
      const events: ClockEvent[] = [...deps.meetResponse(), ...deps.restartUpdateClock()];
      if (metResolution) events.push({ type: 'meet', clock: 'resolution', by: a.kind });
      await core.refreshClocks(events);
    },

    atResolve() {
      return core.state.plan.resolutionEndsAt === 'confirmation' ? [{ type: 'resume', clock: 'resolution' }] : [{ type: 'meet', clock: 'resolution' }];
    },

    atClose(stopAll) {
      const { state } = core;
      const resolution = state.clocks.find((c) => c.name === 'resolution');
      if (state.plan.resolutionEndsAt !== 'confirmation' || (resolution?.state !== 'running' && resolution?.state !== 'paused')) return stopAll;
      // The requester's confirmation (or one an agent recorded for them) ends the clock; an
      // auto-close ends it too, named as such so reports can tell the two apart.
      const by = state.closedBy === 'timeout' ? 'auto-close' : 'confirmation';
      return [{ type: 'meet', clock: 'resolution', by }, ...stopAll.filter((e) => e.clock !== 'resolution')];
    },
  };
}

/**
 * A plan made before issue #12 lacks the service model: it is asked for once (an activity, so the
 * answer is in the history) and kept in the plan. Only what the new actions need: where the
 * resolution clock ends stays as the ticket was planned (at resolve).
 */
export async function ensureServicePolicy(core: TicketCore): Promise<void> {
  const { plan } = core.state;
  if (plan.workaroundMeets !== undefined && plan.visits !== undefined) return;
  const answer = await policy.servicePolicy.executeWithOptions(
    { summary: `service policy of ${plan.slaPolicy} ${core.state.priority} (plan made before workarounds and visits)` },
    [{ slaPolicy: plan.slaPolicy, priority: core.state.priority }],
  );
  plan.workaroundMeets ??= answer.workaroundMeets;
  if (plan.visits === undefined) plan.visits = answer.visits;
}

/** What a workaround or visit notice needs of the ticket. */
export function milestoneSnapshot(state: TicketState, notice: RequesterNotice): Pick<RequesterMailInput['ticket'], 'workaround' | 'visit'> {
  if (notice.milestoneId === undefined) return {};
  if (notice.kind === 'workaround') {
    const w = state.workarounds?.find((x) => x.id === notice.milestoneId);
    return w ? { workaround: { kind: w.kind, note: w.note } } : {};
  }
  if (notice.kind === 'visitBooked' || notice.kind === 'visitCancelled') {
    const v = state.visits?.find((x) => x.id === notice.milestoneId);
    if (!v) return {};
    const replaced = v.replaces !== undefined ? state.visits?.find((x) => x.id === v.replaces) : undefined;
    const reason = notice.kind === 'visitCancelled' ? v.endReason : replaced?.endReason;
    return { visit: { scheduledAt: v.scheduledAt, place: v.place, engineer: v.engineer, rescheduled: Boolean(replaced), ...(reason ? { reason } : {}) } };
  }
  return {};
}
