// The weekly report's schedule and period, pure: desk.yaml `weeklyReport` → a Temporal calendar
// spec in the desk's zone, and a run instant → the 7 local days before the day of the run.
import type { WeeklyReportConfig } from '../config/schema/desk';
import { formatCivilDate, MS_PER_DAY, WEEKDAY_KEYS } from '../sla/civilDate';
import { instantOfWallTime, localDayAt } from '../sla/zonedTime';

const TEMPORAL_DAYS = { mon: 'MONDAY', tue: 'TUESDAY', wed: 'WEDNESDAY', thu: 'THURSDAY', fri: 'FRIDAY', sat: 'SATURDAY', sun: 'SUNDAY' } as const;

export function weeklyCalendarSpec(config: WeeklyReportConfig, timeZone: string) {
  const [hour, minute] = config.time.split(':').map(Number);
  return { calendars: [{ dayOfWeek: TEMPORAL_DAYS[config.day], hour, minute }], timezone: timeZone };
}

/** [day − 7, day) in local dates, where day is the local date of the run. */
export function weeklyPeriod(runAt: Date, timeZone: string): { from: Date; to: Date; firstDay: string; lastDay: string } {
  const day = localDayAt(timeZone, runAt.getTime());
  const midnight = (d: number) => new Date(instantOfWallTime(timeZone, d * MS_PER_DAY));
  return { from: midnight(day - 7), to: midnight(day), firstDay: formatCivilDate(day - 7), lastDay: formatCivilDate(day - 1) };
}

export { WEEKDAY_KEYS };
