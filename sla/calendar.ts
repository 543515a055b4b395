// Business-time maths on a compiled calendar: how much working time lies between two instants,
// when a given amount of it has elapsed, and whether an instant is working time. Pure and exact
// to the millisecond; results in whole seconds.
import { parseCivilDate } from './civilDate';
import { CalendarSchema, type CalendarConfig } from './calendarSchema';
import { parseWindow, type WorkingWindow } from './workingWindow';
import { workingIntervalsFrom, type CalendarTimeline } from './workingIntervals';
import { formatInstantInZone } from './zonedTime';

export { NoWorkingTimeError } from './workingIntervals';

/** A calendar ready for fast look-ups. Build it once with compileCalendar and reuse it. */
export interface BusinessCalendar extends CalendarTimeline {
  readonly alwaysOpen: boolean;
}

export class InvalidCalendarError extends Error {
  constructor(
    readonly calendarId: string,
    readonly problems: string[],
  ) {
    super(`calendar '${calendarId}' is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidCalendarError';
  }
}

export class InvalidInstantError extends Error {
  constructor(what: string) {
    super(`${what} is not a valid instant`);
    this.name = 'InvalidInstantError';
  }
}

export class InvalidBusinessDurationError extends Error {
  constructor(readonly seconds: number) {
    super(`business duration must be a whole, non-negative number of seconds, got ${seconds}`);
    this.name = 'InvalidBusinessDurationError';
  }
}

/** Validates (configs may come from code, not only from the loader) and precomputes the calendar. */
export function compileCalendar(id: string, config: CalendarConfig): BusinessCalendar {
  const checked = CalendarSchema.safeParse(config);
  if (!checked.success)
    throw new InvalidCalendarError(
      id,
      checked.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  const windowsOf = (texts: ReadonlyArray<string> | undefined): WorkingWindow[] => (texts ?? []).map(parseWindow);
  const week = config.week ?? {};
  const weekWindows = [week.mon, week.tue, week.wed, week.thu, week.fri, week.sat, week.sun].map(windowsOf);
  const holidayDays = new Set<number>();
  const makeUpDays = new Set<number>();
  for (const holiday of Object.values(config.holidays ?? {}).flat()) {
    for (let day = parseCivilDate(holiday.from)!; day <= parseCivilDate(holiday.to)!; day++) holidayDays.add(day);
    for (const text of holiday.makeUpDays ?? []) makeUpDays.add(parseCivilDate(text)!);
  }
  return {
    id,
    timeZone: config.timezone,
    alwaysOpen: config.alwaysOpen === true,
    weekWindows,
    makeUpDayWindows: config.makeUpDayWindows ? windowsOf(config.makeUpDayWindows) : weekWindows[0],
    holidayDays,
    makeUpDays,
    intervalsByDay: new Map(),
  };
}

/**
 * Whole seconds of working time in [from, to): the working milliseconds are summed exactly and
 * the total is floored, so a partial second never counts. 0 when `to` is not after `from`.
 */
export function businessSecondsBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const [fromMs, toMs] = [epochMsOf(from, 'from'), epochMsOf(to, 'to')];
  if (toMs <= fromMs) return 0;
  if (cal.alwaysOpen) return Math.floor((toMs - fromMs) / 1000);
  let workingMs = 0;
  for (const interval of workingIntervalsFrom(cal, fromMs, toMs)) {
    if (interval.startMs >= toMs) break;
    workingMs += Math.min(interval.endMs, toMs) - Math.max(interval.startMs, fromMs);
  }
  return Math.floor(workingMs / 1000);
}

/**
 * The instant at which `seconds` of working time have elapsed after `from`; the inverse of
 * businessSecondsBetween. Time that runs out exactly at a window's end gives that end (18:00,
 * not the next morning). 0 seconds gives `from` itself, even outside working time.
 */
export function addBusinessSeconds(cal: BusinessCalendar, from: Date, seconds: number): Date {
  const fromMs = epochMsOf(from, 'from');
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new InvalidBusinessDurationError(seconds);
  if (seconds === 0) return new Date(fromMs);
  if (cal.alwaysOpen) return new Date(fromMs + seconds * 1000);
  let remainingMs = seconds * 1000;
  for (const interval of workingIntervalsFrom(cal, fromMs)) {
    const startMs = Math.max(interval.startMs, fromMs);
    const availableMs = interval.endMs - startMs;
    if (remainingMs <= availableMs) return new Date(startMs + remainingMs);
    remainingMs -= availableMs;
  }
  // workingIntervalsFrom without an end either yields forever or throws NoWorkingTimeError.
  throw new Error('unreachable: the working timeline ended');
}

export function isWorkingInstant(cal: BusinessCalendar, at: Date): boolean {
  const atMs = epochMsOf(at, 'at');
  if (cal.alwaysOpen) return true;
  for (const interval of workingIntervalsFrom(cal, atMs, atMs + 1)) return interval.startMs <= atMs;
  return false;
}

/** `at` itself when it is working time, else the start of the next working window ("quiet hours"). */
export function nextWorkingInstant(cal: BusinessCalendar, at: Date): Date {
  const atMs = epochMsOf(at, 'at');
  if (cal.alwaysOpen) return new Date(atMs);
  for (const interval of workingIntervalsFrom(cal, atMs)) return new Date(Math.max(interval.startMs, atMs));
  throw new Error('unreachable: the working timeline ended');
}

/** ISO-8601 in the calendar's zone, e.g. 2026-10-08T10:30:00+08:00 (for showing due times). */
export function describeInstant(cal: BusinessCalendar, at: Date): string {
  return formatInstantInZone(cal.timeZone, epochMsOf(at, 'at'));
}

function epochMsOf(date: Date, what: string): number {
  const epochMs = date.getTime();
  if (!Number.isFinite(epochMs)) throw new InvalidInstantError(what);
  return epochMs;
}
