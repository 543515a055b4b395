// How an update's validator checks a ticket action, for the ticket and its aftercare alike: the
// lifecycle table allows it in the ticket's status (else `IllegalTransition`, HTTP 409), its
// argument meets the action's contract, and `check` finds nothing wrong with it for this ticket
// (else `InvalidArgument`, HTTP 422, unless the check names its own failure type).
import { ApplicationFailure } from '@temporalio/workflow';
import { ACTION_FACTS, type TicketActionName } from '../ticket/actionFacts';
import { argumentProblem } from '../ticket/argumentCheck';
import { assertActionAllowed, type TicketAction, type TicketStatus } from '../ticket/lifecycle';

/** Throws `IllegalTransition` when the lifecycle step is not allowed in `status` (null: no step). */
export function guardTransition(action: TicketAction | null, status: TicketStatus): void {
  if (!action) return;
  try {
    assertActionAllowed(action, status);
  } catch (err) {
    throw ApplicationFailure.nonRetryable((err as Error).message, 'IllegalTransition');
  }
}

export function checkAction(name: TicketActionName, args: unknown, status: TicketStatus, check: () => void): void {
  guardTransition(ACTION_FACTS[name].lifecycle, status);
  const problem = argumentProblem(name, args);
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidArgument');
  try {
    check();
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err; // a check that names its own type
    throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidArgument');
  }
}
