// The requester's satisfaction rating of a closed ticket (满意 / 基本满意 / 不满意): checked and
// applied the same way by the ticket workflow (tickets started before issue #10, which stay
// running through the rating window) and by the aftercare workflow that holds the window for
// tickets that complete when they close.
import type { ActionArgs } from '../ticket/actions';
import type { TicketState } from '../ticket/state';
import type { FollowUpFlow } from './ticketFollowUp';
import { iso, type TicketCore } from './ticketCore';

export type RateArgs = ActionArgs<'rate'>;

export function checkRating(state: TicketState, args: RateArgs): void {
  if (args.actor.role !== 'requester') throw new Error('only the requester rates a ticket');
  if (state.satisfaction) throw new Error('this ticket has already been rated');
}

export async function applyRating(core: TicketCore, followUp: FollowUpFlow, args: RateArgs): Promise<void> {
  core.state.satisfaction = { rating: args.rating, comment: args.comment, at: iso(Date.now()) };
  core.record(args.actor, 'rate', { detail: { rating: args.rating } });
  // 不满意: the ticket is analysed again — the group lead hears about it at once.
  if (args.rating === 'dissatisfied') await followUp.onDissatisfied();
}
