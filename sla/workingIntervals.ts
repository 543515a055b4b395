// The timeline of a compiled calendar: which instants of each local day are working time,
// produced day by day (never minute by minute) as sorted, non-overlapping UTC intervals.
import { MS_PER_DAY, MS_PER_MINUTE, weekdayIndex } from './civilDate';
import type { WorkingWindow } from './workingWindow';
import { instantOfWallTime, localDayAt, steadyOffsetMs } from './zonedTime';

/** Working time from `startMs` (inclusive) to `endMs` (exclusive), epoch milliseconds. */
export interface WorkingInterval {
  startMs: number;
  endMs: number;
}

/** What the timeline needs to know about a calendar (the compiled, windowed form). */
export interface CalendarTimeline {
  readonly id: string;
  readonly timeZone: string;
  /** Index 0 is Monday. */
  readonly weekWindows: ReadonlyArray<ReadonlyArray<WorkingWindow>>;
  readonly makeUpDayWindows: ReadonlyArray<WorkingWindow>;
  /** Local dates as days since 1970-01-01. A holiday wins over a make-up day. */
  readonly holidayDays: ReadonlySet<number>;
  readonly makeUpDays: ReadonlySet<number>;
  /** Memo of intervalsOfDay; pure data, so safe to share (also inside workflow code). */
  readonly intervalsByDay: Map<number, ReadonlyArray<WorkingInterval>>;
}

/** Searching further than this for the next working instant means the calendar has none. */
export const MAX_DAYS_WITHOUT_WORKING_TIME = 3653; // 10 years
const MAX_MEMO_DAYS = 5000;
// No zone is more than 18 h from UTC, so a local day never starts later than this after its UTC twin.
const MAX_OFFSET_MS = 18 * 3_600_000;

export class NoWorkingTimeError extends Error {
  constructor(
    readonly calendarId: string,
    readonly searchedFrom: Date,
  ) {
    super(
      `calendar '${calendarId}' has no working time within ${MAX_DAYS_WITHOUT_WORKING_TIME} days after ${searchedFrom.toISOString()}`,
    );
    this.name = 'NoWorkingTimeError';
  }
}

/**
 * The working intervals of the windows that START on local day `epochDay` (a window crossing
 * midnight is listed under the day it starts on, so it belongs to that day's holiday/make-up
 * status). Wall times are mapped to instants by instantOfWallTime's DST rule; a window that a
 * DST gap swallows entirely is dropped.
 */
export function intervalsOfDay(cal: CalendarTimeline, epochDay: number): ReadonlyArray<WorkingInterval> {
  const memo = cal.intervalsByDay.get(epochDay);
  if (memo) return memo;
  const windows = cal.holidayDays.has(epochDay)
    ? []
    : cal.makeUpDays.has(epochDay)
      ? cal.makeUpDayWindows
      : cal.weekWindows[weekdayIndex(epochDay)];
  const midnightWallMs = epochDay * MS_PER_DAY;
  const lastEndMinute = Math.max(0, ...windows.map((window) => window.endMinute));
  // Most days have one offset throughout: one look-up instead of one per window edge.
  const offsetMs = windows.length ? steadyOffsetMs(cal.timeZone, midnightWallMs, midnightWallMs + lastEndMinute * MS_PER_MINUTE) : 0;
  const toInstant = (minute: number) => {
    const wallMs = midnightWallMs + minute * MS_PER_MINUTE;
    return offsetMs === undefined ? instantOfWallTime(cal.timeZone, wallMs) : wallMs - offsetMs;
  };
  const intervals = windows
    .map((window) => ({ startMs: toInstant(window.startMinute), endMs: toInstant(window.endMinute) }))
    .filter((interval) => interval.endMs > interval.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  if (cal.intervalsByDay.size >= MAX_MEMO_DAYS) cal.intervalsByDay.clear();
  cal.intervalsByDay.set(epochDay, intervals);
  return intervals;
}

/**
 * Working intervals that end after `fromMs`, in time order, disjoint (a later interval is cut
 * where an earlier one already counted, e.g. a night shift running into a make-up day), up to
 * the first one starting at or after `untilMs`. Without `untilMs` the sequence is endless, and
 * throws NoWorkingTimeError after 10 years without working time.
 */
export function* workingIntervalsFrom(
  cal: CalendarTimeline,
  fromMs: number,
  untilMs = Number.POSITIVE_INFINITY,
): Generator<WorkingInterval> {
  // Start one day early: yesterday's window may cross midnight into today.
  let epochDay = localDayAt(cal.timeZone, fromMs) - 1;
  let countedUntilMs = Number.NEGATIVE_INFINITY;
  let daysWithoutWorkingTime = 0;
  for (; epochDay * MS_PER_DAY - MAX_OFFSET_MS < untilMs; epochDay++) {
    const intervals = intervalsOfDay(cal, epochDay);
    daysWithoutWorkingTime = intervals.length ? 0 : daysWithoutWorkingTime + 1;
    if (daysWithoutWorkingTime > MAX_DAYS_WITHOUT_WORKING_TIME && untilMs === Number.POSITIVE_INFINITY)
      throw new NoWorkingTimeError(cal.id, new Date(fromMs));
    for (const interval of intervals) {
      const startMs = Math.max(interval.startMs, countedUntilMs);
      countedUntilMs = Math.max(countedUntilMs, interval.endMs);
      if (interval.endMs <= startMs || interval.endMs <= fromMs) continue;
      yield { startMs, endMs: interval.endMs };
    }
  }
}
