// UTC offsets of IANA time zones, read from Intl.DateTimeFormat, and the conversions between
// instants and local wall-clock times that business calendars need. No date library, no I/O.
import { MS_PER_DAY } from './civilDate';

/**
 * A "wall time" is a local date and clock reading encoded as if it were UTC milliseconds, e.g.
 * 2026-10-08 10:30 local is Date.UTC(2026, 9, 8, 10, 30). Offsets are wall minus instant.
 *
 * Assumption (true for the zones of the tz database in modern times): a zone's offset changes
 * are more than four days apart, so looking one day either side of a wall time finds every
 * offset in play, and equal offsets a day before and a day after a span mean none changed inside.
 */
const LOOKAROUND_MS = MS_PER_DAY;

export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`unknown time zone '${timeZone}'`);
    this.name = 'UnknownTimeZoneError';
  }
}

// Formatters are costly to build and immutable, so one per zone is shared by every caller.
const formatterByZone = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterByZone.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (error) {
      if (error instanceof RangeError) throw new UnknownTimeZoneError(timeZone);
      throw error;
    }
    formatterByZone.set(timeZone, formatter);
  }
  return formatter;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch (error) {
    if (error instanceof UnknownTimeZoneError) return false;
    throw error;
  }
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (east positive). */
export function offsetMsAt(timeZone: string, epochMs: number): number {
  const { year, month, day, hour, minute, second } = wallFieldsAt(formatterFor(timeZone), epochMs);
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  // The formatter shows whole seconds, so compare with the instant truncated to its second.
  const wholeSecondMs = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wall.getTime() - wholeSecondMs;
}

interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// format() is several times faster than formatToParts(); its en-US shape ("12/31/2025 AD, 19:00:00")
// is parsed when it matches, and formatToParts() answers if an ICU update ever changes it.
const EN_US_SHAPE = /^(\d+)\/(\d+)\/(\d+) (AD|BC|A|B), (\d+):(\d+):(\d+)$/;

function wallFieldsAt(formatter: Intl.DateTimeFormat, epochMs: number): WallFields {
  const match = EN_US_SHAPE.exec(formatter.format(epochMs));
  if (match) {
    const yearOfEra = Number(match[3]);
    return {
      year: match[4].startsWith('B') ? 1 - yearOfEra : yearOfEra,
      month: Number(match[1]),
      day: Number(match[2]),
      hour: Number(match[5]),
      minute: Number(match[6]),
      second: Number(match[7]),
    };
  }
  const fields: Record<string, string> = {};
  for (const part of formatter.formatToParts(epochMs)) fields[part.type] = part.value;
  const yearOfEra = Number(fields.year);
  return {
    year: fields.era?.startsWith('B') ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** The local wall time at `epochMs`. */
export function wallTimeAt(timeZone: string, epochMs: number): number {
  return epochMs + offsetMsAt(timeZone, epochMs);
}

/** Days since 1970-01-01 of the local date at `epochMs`. */
export function localDayAt(timeZone: string, epochMs: number): number {
  return Math.floor(wallTimeAt(timeZone, epochMs) / MS_PER_DAY);
}

/**
 * The instant a wall time refers to. Rule, for both ends of a working window: the FIRST instant
 * at which the local clock shows that wall time or a later one. So
 * - in a DST gap (spring forward, 02:30 does not exist) it is the first instant after the gap;
 * - in a DST overlap (fall back, 01:30 happens twice) it is the earlier occurrence.
 * The rule is monotonic: a later wall time never maps to an earlier instant.
 */
export function instantOfWallTime(timeZone: string, wallMs: number): number {
  const offsetBefore = offsetMsAt(timeZone, wallMs - LOOKAROUND_MS);
  const offsetAfter = offsetMsAt(timeZone, wallMs + LOOKAROUND_MS);
  const underOffsetBefore = wallMs - offsetBefore;
  const underOffsetAfter = wallMs - offsetAfter;
  const shows = (instant: number) => wallTimeAt(timeZone, instant) === wallMs;
  const firstShowing = shows(underOffsetBefore) ? underOffsetBefore : undefined;
  const secondShowing = shows(underOffsetAfter) ? underOffsetAfter : undefined;
  if (firstShowing !== undefined && secondShowing !== undefined) return Math.min(firstShowing, secondShowing);
  if (firstShowing !== undefined) return firstShowing;
  if (secondShowing !== undefined) return secondShowing;
  // In a gap the transition lies in (underOffsetAfter, underOffsetBefore]: the clock reads
  // before the wall time up to it and after from it on. Bisect to the millisecond.
  let notYet = underOffsetAfter;
  let reached = underOffsetBefore;
  while (reached - notYet > 1) {
    const middle = Math.floor((notYet + reached) / 2);
    if (wallTimeAt(timeZone, middle) >= wallMs) reached = middle;
    else notYet = middle;
  }
  return reached;
}

/**
 * The single offset in force for every wall time from `fromWallMs` to `toWallMs`, or undefined
 * when the zone changes offset around then (callers then convert each wall time separately).
 */
export function steadyOffsetMs(timeZone: string, fromWallMs: number, toWallMs: number): number | undefined {
  const offsetBefore = offsetMsAt(timeZone, fromWallMs - LOOKAROUND_MS);
  const offsetAfter = offsetMsAt(timeZone, toWallMs + LOOKAROUND_MS);
  return offsetBefore === offsetAfter ? offsetBefore : undefined;
}

/**
 * ISO-8601 with the zone's offset at that instant, e.g. 2026-10-08T10:30:00+08:00.
 * Milliseconds appear only when non-zero; historical offsets with seconds (LMT) show them.
 */
export function formatInstantInZone(timeZone: string, epochMs: number): string {
  const offsetMs = offsetMsAt(timeZone, epochMs);
  const wall = new Date(epochMs + offsetMs).toISOString();
  const milliseconds = wall.slice(19, 23);
  return wall.slice(0, 19) + (milliseconds === '.000' ? '' : milliseconds) + formatOffset(offsetMs);
}

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const totalSeconds = Math.abs(offsetMs) / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}`;
}
