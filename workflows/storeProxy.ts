// The store's activities (sqlite, served by the one store worker) as every workflow calls them.
// Each call is milliseconds of sqlite work, so the start-to-close timeout is short: an attempt
// lost with a crashed store worker is retried after seconds, not after half a minute.
import { proxyActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { StoreActivities } from '../activities/storeActivities';

export const STORE_CALL_TIMEOUT = '10s';

export function storeActivities(taskQueue: string): ActivityInterfaceFor<StoreActivities> {
  return proxyActivities<StoreActivities>({
    taskQueue,
    startToCloseTimeout: STORE_CALL_TIMEOUT,
    retry: { initialInterval: '500ms', maximumInterval: '30s' },
  });
}
