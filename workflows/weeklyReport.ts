// The weekly service report: started by the desk's Temporal Schedule on the store task queue (the
// report reads the store), it mails the report of the 7 days before the day it runs.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/reportActivities';

const reports = proxyActivities<ReportActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10m', maximumAttempts: 20 },
});

export async function weeklyReportWorkflow(): Promise<{ period: string; recipients: string[]; messageId: string }> {
  // The run's start, not Date.now() in an activity: a retry hours later still reports the same week.
  return reports.mailWeeklyReport({ runAt: workflowInfo().startTime.toISOString() });
}
