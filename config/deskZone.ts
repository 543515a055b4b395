// The desk's own time zone, for dates people type (report periods, list periods) and report days.
// desk.yaml has no zone of its own: the office calendar is the desk's clock — the quiet-hours
// calendar of sla.yaml if set, else the first calendar — and Asia/Shanghai when there is none.
import type { LoadedConfig } from './load';

export function deskTimeZone(config: Pick<LoadedConfig, 'sla' | 'calendars'>): string {
  const calendars = config.calendars.calendars;
  const quiet = config.sla.quietHoursCalendar;
  return (quiet && calendars[quiet]?.timezone) || Object.values(calendars)[0]?.timezone || 'Asia/Shanghai';
}
