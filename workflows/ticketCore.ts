// What the parts of the ticket workflow share: the live state and the operations every part
// uses. Built once per run by ticketWorkflow; workflow code only, no I/O of its own.
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { StoreActivities } from '../activities/storeActivities';
import type { ClockEvent, ClockView } from '../sla/clock';
import { nextStatus, type TicketAction, type TicketStatus } from '../ticket/lifecycle';
import type { Actor, TicketState, TicketView } from '../ticket/state';
import { unlessUndeliverable } from './undeliverable';

export interface TicketCore {
  /** The ticket as it is now; undefined only until the workflow has started or carried it over. */
  readonly state: TicketState;
  /** SLA views as of the last clock computation. */
  readonly clockViews: ClockView[];
  /** Appends to the timeline and stamps updatedAt. */
  record(actor: Actor, action: string, extra?: Partial<TicketState['timeline'][number]>): void;
  /** Applies clock events through the recorded clock maths and re-plans the escalation schedule. */
  refreshClocks(events: ClockEvent[]): Promise<void>;
  view(): TicketView;
  /**
   * Sends a notice to staff and answers who was notified; a notice that can never be sent is
   * recorded on the timeline (`notice-failed`) and notifies nobody, instead of failing the ticket.
   */
  staffNotice(what: string, send: () => Promise<{ notified: string[] }>): Promise<string[]>;
  store: ActivityInterfaceFor<StoreActivities>;
}

export const SYSTEM: Actor = { role: 'system', id: 'system' };

export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The one way a lifecycle action moves the ticket: the status the lifecycle table gives
 * (ticket/lifecycle.ts `nextStatus`), recorded on the timeline with where it came from.
 */
export function transition(core: Pick<TicketCore, 'state' | 'record'>, actor: Actor, action: TicketAction, extra: Omit<TimelineExtra, 'from' | 'to'> = {}): TicketStatus {
  const from = core.state.status;
  const to = nextStatus(action, from);
  core.state.status = to;
  core.record(actor, action, { from, to, ...extra });
  return to;
}
type TimelineExtra = Partial<TicketState['timeline'][number]>;

/**
 * The update queue: `fn` runs after everything queued before it has finished (or failed), so
 * handlers that await activities never interleave their changes to the ticket.
 */
export function updateQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
}

/** `TicketCore.record` over the state a getter answers (the ticket's, the aftercare's). */
export function timelineRecorder(state: () => TicketState): TicketCore['record'] {
  return (actor, action, extra = {}) => {
    const at = iso(Date.now());
    state().timeline.push({ at, actor, action, ...extra });
    state().updatedAt = at;
  };
}

/** `TicketCore.staffNotice`: a notice that can never be sent is recorded and notifies nobody. */
export function staffNoticeRecorder(record: TicketCore['record']): TicketCore['staffNotice'] {
  return async (what, send) =>
    (
      await unlessUndeliverable(send, (reason) => {
        record(SYSTEM, 'notice-failed', { reason, detail: { notice: what } });
        return { notified: [] };
      })
    ).notified;
}
