// Parses working windows written as "HH:MM-HH:MM" and finds overlaps between them; shared by
// the config schema (to explain mistakes) and the calendar compiler (to build the timeline).
export const MINUTES_PER_DAY = 1440;

/**
 * One working window in minutes after the local midnight of the day it starts on.
 * An end at or before the start means the window crosses midnight, so `endMinute` is then
 * above 1440 ("22:00-06:00" is 1320..1800): the window belongs to the day it starts on.
 */
export interface WorkingWindow {
  text: string;
  startMinute: number;
  endMinute: number;
}

export class InvalidWindowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWindowError';
  }
}

/** Parses "09:00-12:00"; throws InvalidWindowError with an admin-readable message. */
export function parseWindow(text: string): WorkingWindow {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new InvalidWindowError(`window "${text}" is not written as HH:MM-HH:MM (e.g. "09:00-12:00")`);
  const start = minuteOfDay(Number(match[1]), Number(match[2]));
  const end = minuteOfDay(Number(match[3]), Number(match[4]));
  if (start === undefined || start === MINUTES_PER_DAY)
    throw new InvalidWindowError(`window "${text}": start ${match[1]}:${match[2]} is not a time of day (00:00-23:59)`);
  if (end === undefined)
    throw new InvalidWindowError(`window "${text}": end ${match[3]}:${match[4]} is not a time of day (00:00-24:00)`);
  if (end === start)
    throw new InvalidWindowError(`window "${text}" ends when it starts; write "00:00-24:00" for a whole day`);
  // "24:00" as an end is the next midnight, not a crossing; any other end before the start crosses midnight.
  const endMinute = end > start ? end : end + MINUTES_PER_DAY;
  return { text, startMinute: start, endMinute };
}

/** The parsed window, or undefined when it is malformed (the schema reports that separately). */
export function tryParseWindow(text: string): WorkingWindow | undefined {
  try {
    return parseWindow(text);
  } catch (error) {
    if (error instanceof InvalidWindowError) return undefined;
    throw error;
  }
}

function minuteOfDay(hours: number, minutes: number): number | undefined {
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0) return MINUTES_PER_DAY;
  if (hours > 23) return undefined;
  return hours * 60 + minutes;
}

/** Pairs of windows (by index into `windows`) that share at least one minute; touching is fine. */
export function overlappingWindowPairs(windows: ReadonlyArray<WorkingWindow>): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < windows.length; i++)
    for (let j = i + 1; j < windows.length; j++)
      if (windows[i].startMinute < windows[j].endMinute && windows[j].startMinute < windows[i].endMinute)
        pairs.push([i, j]);
  return pairs;
}

