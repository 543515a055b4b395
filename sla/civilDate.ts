// Calendar dates without a time or zone ("civil dates"), counted as whole days since
// 1970-01-01 so that date arithmetic is plain integer arithmetic.
export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/** Weekday keys as admins write them; index 0 is Monday (ISO order). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function parseCivilDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const epochDay = Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  return formatCivilDate(epochDay) === text ? epochDay : undefined;
}

/** `YYYY-MM-DD` of a day number. */
export function formatCivilDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfCivilDate(epochDay: number): number {
  return new Date(epochDay * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday (index 3). */
export function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

export function weekdayKey(epochDay: number): WeekdayKey {
  return WEEKDAY_KEYS[weekdayIndex(epochDay)];
}

export function weekdayName(epochDay: number): string {
  return WEEKDAY_NAMES[weekdayIndex(epochDay)];
}
