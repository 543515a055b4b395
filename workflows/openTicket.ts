// Intake: gives a request its number (once per idempotency key) and starts its ticket
// workflow. Its workflow id is derived from the key, so a repeated request finds this run.
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { TicketIntake } from '../ticket/intake';
import { ticketWorkflowId, type MailOpeningInput } from './messages';
import { TicketSearch } from './searchAttributes';
import { STORE_CALL_TIMEOUT, storeActivities } from './storeProxy';
import { ticketWorkflow } from './ticket';

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
      workflowId: ticketWorkflowId(number),
      args: [{ number, intake: input.intake, storeTaskQueue: input.storeTaskQueue, ...(input.mail ? { mail: input.mail } : {}) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: TicketSearch.number, value: number },
        { key: TicketSearch.status, value: 'new' },
        { key: TicketSearch.requester, value: input.intake.requester.email },
      ],
      memo: { title: input.intake.title, requester: `${input.intake.requester.name} <${input.intake.requester.email}>` },
      staticSummary: `${number} ${input.intake.title}`.slice(0, 200),
    });
  } catch (err) {
    // A retried intake (after a worker crash) finds the ticket already started: that is success.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { number };
}
