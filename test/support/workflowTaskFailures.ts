// Workflow tasks a worker failed because the code could not replay the history (TMPRL1100).
// Such a workflow is stuck: every retry of its task fails the same way, so no timer, update or
// query of it completes. On the time-skipping server the stuck task also holds the shared clock,
// and the next tests' skips crawl until they time out, far from the cause; tests look for it
// themselves and name it.
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { WorkflowTaskFailedCause } = proto.temporal.api.enums.v1;

/** One line per non-determinism failure in the workflow's current run. */
export async function nondeterminismFailures(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const failed = event.workflowTaskFailedEventAttributes;
    if (!failed) return [];
    const message = failed.failure?.message ?? '';
    const nondeterministic = failed.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR || /TMPRL1100|nondeterminism/i.test(message);
    return nondeterministic ? [`${workflowId}: ${message}`] : [];
  });
}
