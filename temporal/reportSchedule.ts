// The weekly report's Temporal Schedule, kept in step with desk.yaml `weeklyReport`: created
// when the block appears, updated when day, time or zone change, deleted when it goes. Run by the
// process that owns the store (one per desk), at start and after every config reload. Visible in
// the Temporal UI under Schedules as weekly-report-<store task queue>.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { deskTimeZone } from '../config/deskZone';
import type { LoadedConfig } from '../config/load';
import { weeklyCalendarSpec } from '../report/weekly';
import type { TemporalSettings } from './settings';

export const weeklyReportScheduleId = (settings: TemporalSettings) => `weekly-report-${settings.taskQueues.store}`;

export function weeklyReportSchedule(config: LoadedConfig, settings: TemporalSettings): ScheduleOptions | null {
  const weekly = config.desk.weeklyReport;
  if (!weekly) return null;
  const scheduleId = weeklyReportScheduleId(settings);
  return {
    scheduleId,
    spec: weeklyCalendarSpec(weekly, deskTimeZone(config)),
    action: {
      type: 'startWorkflow',
      workflowType: 'weeklyReportWorkflow',
      workflowId: scheduleId,
      taskQueue: settings.taskQueues.store,
      args: [],
      workflowExecutionTimeout: '1 day',
      staticSummary: `weekly service report (${weekly.day} ${weekly.time})`,
    },
    // A desk that was down at 09:00 on Monday still mails that morning's report when it is back.
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  };
}

export type ScheduleSync = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

export async function syncWeeklyReportSchedule(client: Client, settings: TemporalSettings, config: LoadedConfig): Promise<ScheduleSync> {
  const wanted = weeklyReportSchedule(config, settings);
  const handle = client.schedule.getHandle(weeklyReportScheduleId(settings));
  if (!wanted) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'absent';
      throw err;
    }
  }
  try {
    await client.schedule.create(wanted);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const current = await handle.describe();
  const cal = current.spec.calendars?.[0];
  const want = wanted.spec.calendars![0] as { dayOfWeek: string; hour: number; minute: number };
  const same =
    current.spec.timezone === wanted.spec.timezone &&
    current.spec.calendars?.length === 1 &&
    cal?.dayOfWeek.length === 1 && cal.dayOfWeek[0].start === want.dayOfWeek &&
    cal.hour.length === 1 && cal.hour[0].start === want.hour &&
    cal.minute.length === 1 && cal.minute[0].start === want.minute &&
    current.action.taskQueue === wanted.action.taskQueue;
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: wanted.spec, action: wanted.action, policies: { ...previous.policies, ...wanted.policies } }));
  return 'updated';
}
