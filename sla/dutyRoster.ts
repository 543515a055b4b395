// Who the duty supervisor is at a given moment: the first roster shift whose dates (in the
// roster's time zone) cover it and, when the shift names a calendar, inside its working time.
import type { LoadedConfig } from '../config/load';
import { calendarLookup } from './calendarLookup';

export function localDate(at: Date, timeZone: string): string {
  // sv-SE formats dates as YYYY-MM-DD, which compares correctly as text.
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function dutySupervisorAt(config: LoadedConfig, at: Date): { name: string; email: string } | null {
  const roster = config.sla.dutyRoster;
  if (!roster) return null;
  const day = localDate(at, roster.timezone);
  const calendars = calendarLookup(config.calendars);
  const shift = roster.shifts.find((s) => s.from <= day && day <= s.to && (!s.calendar || calendars(s.calendar).isWorking(at)));
  return shift ? { name: shift.name, email: shift.email } : null;
}
