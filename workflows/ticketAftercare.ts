// After a ticket closes (issue #10: a closed ticket must not look open). A ticket of the lean
// generation completes the moment it closes, so the Temporal UI shows it Completed and its search
// attributes say closed; what a closed ticket still waits for — the requester's rating within the
// satisfaction window and, after 不满意, the group lead's follow-up with its due time — is kept by
// this workflow, `ticket-<number>-aftercare`, which the ticket starts as it ends. The archive is
// written again when the aftercare changed the ticket. Workflow code only.
import { allHandlersFinished, condition, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { ClockView } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import type { TicketState, TicketView } from '../ticket/state';
import { getTicketQuery, ticketUpdates, type AftercareAction, type TicketAck } from './messages';
import { storeActivities } from './storeProxy';
import { staffNoticeRecorder, timelineRecorder, updateQueue, type TicketCore } from './ticketCore';
import { checkAction } from './actionCheck';
import { followUpFlow } from './ticketFollowUp';
import { applyRating, checkRating } from './ticketRating';
import { ratingWindowEnds } from '../ticket/deadlines';
import { currentDetails, toTicketView } from './ticketView';

export interface TicketAftercareInput {
  /** The closed ticket as its workflow ended. */
  state: TicketState;
  clockViews: ClockView[];
  slaComputedAt: string;
  storeTaskQueue: string;
}

export async function ticketAftercareWorkflow(input: TicketAftercareInput): Promise<TicketView> {
  const { state } = input;
  const recordedAtStart = state.timeline.length;
  const view = () => toTicketView(state, input.clockViews, input.slaComputedAt);
  const record = timelineRecorder(() => state);
  const core: TicketCore = {
    state,
    clockViews: input.clockViews,
    record,
    // Every clock stopped when the ticket closed: there is nothing left to compute.
    refreshClocks: async () => undefined,
    view,
    store: storeActivities(input.storeTaskQueue),
    staffNotice: staffNoticeRecorder(record),
  };
  const followUp = followUpFlow(core, { serviceModel: () => true });

  let changed = false;
  const serially = updateQueue();
  const ack = (): TicketAck => ({ number: state.number, status: state.status, updatedAt: state.updatedAt });

  function onAftercareAction<N extends AftercareAction>(name: N, check: (args: ActionArgs<N>) => void, apply: (args: ActionArgs<N>) => Promise<void> | void) {
    setHandler(
      ticketUpdates[name] as never,
      ((args: ActionArgs<N>) =>
        serially(async () => {
          checkAction(name, args, state.status, () => check(args)); // again: another update may have come first
          await apply(args);
          changed = true;
          setCurrentDetails(currentDetails(view()));
          return ack();
        })) as never,
      { validator: ((args: ActionArgs<N>) => checkAction(name, args, state.status, () => check(args))) as never },
    );
  }

  setHandler(getTicketQuery, view);
  onAftercareAction('rate', (a) => checkRating(state, a), (a) => applyRating(core, followUp, a));
  onAftercareAction('recordFollowUp', (a) => followUp.checkRecord(a), (a) => followUp.record(a));
  setCurrentDetails(currentDetails(view()));

  for (;;) {
    const windowEnds = ratingWindowEnds(state);
    const waitsForRating = Number.isFinite(windowEnds) && Date.now() < windowEnds;
    if (!waitsForRating && !followUp.keepsTicketOpen()) break;
    const next = Math.min(waitsForRating ? windowEnds : Infinity, followUp.nextDeadline());
    changed = false;
    const summary = next === windowEnds ? 'until the rating window ends' : 'until the dissatisfied follow-up is due';
    if (Number.isFinite(next)) await condition(() => changed, Math.max(1, next - Date.now()), { summary });
    else await condition(() => changed);
    await serially(() => followUp.handleDeadlines());
    setCurrentDetails(currentDetails(view()));
  }
  await condition(allHandlersFinished);
  const final = view();
  // The ticket archived itself as it closed; a rating or a follow-up since is archived now.
  if (state.timeline.length > recordedAtStart) await core.store.archiveTicket({ ticket: final });
  return final;
}
