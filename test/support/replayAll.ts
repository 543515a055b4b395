// Replays every workflow a test desk ran on the current workflow code. A history the code
// writes must always replay, whatever queries, updates, cache evictions and restarts were
// interleaved with it (issue #13): each integration file checks its own when it stops.
import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundle } from '@temporalio/worker';

const UNIMPLEMENTED = 12; // gRPC status code

export interface ReplayFailure {
  workflowId: string;
  runId: string;
  error: string;
}

export interface ReplayOutcome {
  replayed: number;
  failures: ReplayFailure[];
}

/** Every execution (all runs) on the task queue, replayed with the worker's replayer. */
export async function replayTaskQueue(client: Client, taskQueue: string, workflowBundle: WorkflowBundle, skip: ReadonlySet<string> = new Set()): Promise<ReplayOutcome> {
  const query = `TaskQueue = '${taskQueue.replace(/'/g, "''")}'`;
  async function* histories() {
    for await (const execution of client.workflow.list({ query })) {
      if (skip.has(execution.workflowId)) continue;
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      yield { workflowId: `${execution.workflowId}|${execution.runId}`, history };
    }
  }
  const outcome: ReplayOutcome = { replayed: 0, failures: [] };
  // The Java time-skipping test server has no visibility listing: nothing to find there.
  const listable = await client.workflow.list({ query, pageSize: 1 })[Symbol.asyncIterator]().next().then(
    () => true,
    (err: { code?: number; cause?: { code?: number } }) => ((err?.code ?? err?.cause?.code) === UNIMPLEMENTED ? false : Promise.reject(err)),
  );
  if (!listable) return outcome;
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: `replay-${taskQueue}` }, histories())) {
    outcome.replayed++;
    if (result.error) {
      const [workflowId, runId] = result.workflowId.split('|');
      outcome.failures.push({ workflowId, runId, error: String(result.error.message ?? result.error).split('\n')[0] });
    }
  }
  return outcome;
}

export function describeFailures(failures: ReplayFailure[]): string {
  return failures.map((f) => `${f.workflowId} (${f.runId}): ${f.error}`).join('\n');
}
