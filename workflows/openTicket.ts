// Intake as it was before issue #10: gives a request its number (once per idempotency key) and
// starts its ticket workflow. The desk no longer starts it (temporal/ticketStarter.ts reserves the
// number and starts the ticket itself); it stays registered for the intakes running at an upgrade.
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { TicketIntake } from '../ticket/intake';
import type { MailOpeningInput } from './messages';
import { STORE_CALL_TIMEOUT, storeActivities } from './storeProxy';
import { ticketWorkflow } from './ticket';
import { ticketStartOptions } from './ticketStartOptions';

export interface OpenTicketInput {
  idempotencyKey: string;
  intake: TicketIntake;
  storeTaskQueue: string;
  /** Set by the mailbox: the mail that opens this ticket. */
  mail?: MailOpeningInput;
}

export async function openTicketWorkflow(input: OpenTicketInput): Promise<{ number: string }> {
  const store = storeActivities(input.storeTaskQueue);
  const { number } = await store.allocateTicketNumber.executeWithOptions(
    { taskQueue: input.storeTaskQueue, startToCloseTimeout: STORE_CALL_TIMEOUT, summary: 'allocate ticket number' },
    [{ idempotencyKey: input.idempotencyKey }],
  );
  try {
    await startChild(ticketWorkflow, {
      ...ticketStartOptions(number, input.intake),
      args: [{ number, intake: input.intake, storeTaskQueue: input.storeTaskQueue, ...(input.mail ? { mail: input.mail } : {}) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    // A retried intake (after a worker crash) finds the ticket already started: that is success.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { number };
}
