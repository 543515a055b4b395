// One store write the API asked for, run by the store worker (the only process that writes the
// sqlite file). A workflow rather than a direct call because the API may run on another host and
// only reaches the store worker through Temporal. Registered on the store task queue only, from its
// own bundle (temporal/workers.ts), so the ticket worker's bundle is unchanged.
import { proxyActivities } from '@temporalio/workflow';
import type { StoreActivities } from '../activities/storeActivities';
import type { StoreCommand, StoreCommandResult } from '../store/commands';

const store = proxyActivities<StoreActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '5s', maximumAttempts: 20 },
});

export async function storeCommandWorkflow(command: StoreCommand): Promise<StoreCommandResult> {
  return store.runStoreCommand({ command });
}
