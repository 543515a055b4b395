// The business calendar as admins write it in calendars.yaml: zod schema (the single source of
// the CalendarConfig type) with precise, path-attached validation messages, plus coverage warnings.
import { z } from 'zod';
import { parseCivilDate, WEEKDAY_KEYS, weekdayKey, weekdayName, yearOfCivilDate } from './civilDate';
import { InvalidWindowError, MINUTES_PER_DAY, overlappingWindowPairs, parseWindow, tryParseWindow } from './workingWindow';
import { isKnownTimeZone, localDayAt } from './zonedTime';

export const TimeZoneSchema = z.string().superRefine((timeZone, ctx) => {
  if (!isKnownTimeZone(timeZone)) ctx.addIssue({ code: 'custom', message: `unknown time zone '${timeZone}'` });
});

const WindowSchema = z.string().superRefine((text, ctx) => {
  try {
    parseWindow(text);
  } catch (error) {
    if (!(error instanceof InvalidWindowError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

/** The working windows of one day, e.g. ["09:00-12:00", "13:30-18:00"]; [] is a day off. */
const DayWindowsSchema = z.array(WindowSchema).superRefine((texts, ctx) => {
  const parsed = texts.map(tryParseWindow);
  const indexes = parsed.flatMap((window, index) => (window ? [index] : []));
  const windows = indexes.map((index) => parsed[index]!);
  for (const [a, b] of overlappingWindowPairs(windows))
    ctx.addIssue({ code: 'custom', path: [indexes[b]], message: `windows "${windows[a].text}" and "${windows[b].text}" overlap` });
});

const WeekSchema = z
  .strictObject(
    {
      mon: DayWindowsSchema.optional(),
      tue: DayWindowsSchema.optional(),
      wed: DayWindowsSchema.optional(),
      thu: DayWindowsSchema.optional(),
      fri: DayWindowsSchema.optional(),
      sat: DayWindowsSchema.optional(),
      sun: DayWindowsSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown weekday ${issue.keys.map((key) => `'${key}'`).join(', ')} (use ${WEEKDAY_KEYS.join(', ')})`
          : undefined,
    },
  )
  .superRefine((week, ctx) => {
    // A window crossing midnight belongs to the day it starts on but runs into the next day.
    WEEKDAY_KEYS.forEach((key, dayIndex) => {
      const nextKey = WEEKDAY_KEYS[(dayIndex + 1) % 7];
      const nextDayWindows = (week[nextKey] ?? []).map(tryParseWindow);
      (week[key] ?? []).forEach((text, index) => {
        const window = tryParseWindow(text);
        if (!window || window.endMinute <= MINUTES_PER_DAY) return;
        const clash = nextDayWindows.find((next) => next && next.startMinute < window.endMinute - MINUTES_PER_DAY);
        if (clash)
          ctx.addIssue({
            code: 'custom',
            path: [key, index],
            message: `window "${text}" runs past midnight into ${nextKey}'s window "${clash.text}"`,
          });
      });
    });
  });

/** A real calendar date written YYYY-MM-DD (holidays here, member absences in groups.yaml). */
export const CivilDateSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'missing date (YYYY-MM-DD)' : 'expected a date written as YYYY-MM-DD') })
  .superRefine((text, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a date written as YYYY-MM-DD` });
    else if (parseCivilDate(text) === undefined) ctx.addIssue({ code: 'custom', message: `${text} is not a real date` });
  });

const HolidaySchema = z
  .strictObject({
    name: z.string().min(1, 'a holiday needs a name'),
    from: CivilDateSchema,
    to: CivilDateSchema,
    /** Weekend days worked instead (调休), as in the State Council's yearly notice. */
    makeUpDays: z.array(CivilDateSchema).optional(),
  })
  .superRefine((holiday, ctx) => {
    const [from, to] = [parseCivilDate(holiday.from), parseCivilDate(holiday.to)];
    if (from !== undefined && to !== undefined && to < from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `'to' ${holiday.to} is before 'from' ${holiday.from}` });
  });

/**
 * Holidays per year, keyed by the year of the notice ("2026"). A holiday must have at least one
 * day in that year; it may spill across New Year (e.g. 2018-12-30 to 2019-01-01), and its make-up
 * days may fall in any year the holiday touches.
 */
const HolidaysByYearSchema = z.record(z.string(), z.array(HolidaySchema)).superRefine((byYear, ctx) => {
  for (const [yearKey, holidays] of Object.entries(byYear)) {
    if (!/^\d{4}$/.test(yearKey)) {
      ctx.addIssue({ code: 'custom', path: [yearKey], message: `holiday year '${yearKey}' is not a four-digit year` });
      continue;
    }
    const year = Number(yearKey);
    holidays.forEach((holiday, index) => {
      const [from, to] = [parseCivilDate(holiday.from), parseCivilDate(holiday.to)];
      if (from === undefined || to === undefined || to < from) return;
      const [fromYear, toYear] = [yearOfCivilDate(from), yearOfCivilDate(to)];
      if (year < fromYear || year > toYear) {
        const message = `holiday '${holiday.name}' (${holiday.from} to ${holiday.to}) has no day in ${yearKey}, the year it is listed under`;
        ctx.addIssue({ code: 'custom', path: [yearKey, index], message });
        return;
      }
      (holiday.makeUpDays ?? []).forEach((text, makeUpIndex) => {
        const day = parseCivilDate(text);
        if (day === undefined) return;
        const dayYear = yearOfCivilDate(day);
        if (dayYear !== year && (dayYear < fromYear || dayYear > toYear))
          ctx.addIssue({
            code: 'custom',
            path: [yearKey, index, 'makeUpDays', makeUpIndex],
            message: `make-up day ${text} of '${holiday.name}' is not in ${yearKey}`,
          });
      });
    });
  }
});

export const CalendarSchema = z
  .strictObject({
    /** IANA zone the windows and dates are read in, e.g. Asia/Shanghai. */
    timezone: TimeZoneSchema,
    /** 24x7: every instant is working time; takes no week, holidays or make-up windows. */
    alwaysOpen: z.boolean().optional(),
    week: WeekSchema.optional(),
    /** Windows worked on make-up days; default: the Monday windows. */
    makeUpDayWindows: DayWindowsSchema.optional(),
    holidays: HolidaysByYearSchema.optional(),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.alwaysOpen) {
      for (const key of ['week', 'makeUpDayWindows', 'holidays'] as const)
        if (calendar[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `'${key}' has no effect on an alwaysOpen calendar; remove it or drop alwaysOpen`,
          });
      return;
    }
    const week = calendar.week ?? {};
    const hasWorkingTime = WEEKDAY_KEYS.some((key) => (week[key] ?? []).some((text) => tryParseWindow(text)));
    if (!hasWorkingTime) {
      const hasBrokenWindows = WEEKDAY_KEYS.some((key) => (week[key] ?? []).length > 0);
      if (!hasBrokenWindows)
        ctx.addIssue({
          code: 'custom',
          path: ['week'],
          message: "calendar has no working time: add windows under 'week' or set alwaysOpen: true",
        });
      return;
    }
    checkMakeUpDays(calendar, ctx);
  });

export type CalendarConfig = z.infer<typeof CalendarSchema>;
export type HolidayConfig = z.infer<typeof HolidaySchema>;

// A make-up day turns a day off into a working day, so it must be off under 'week' and not
// itself a holiday; and it needs windows to work in.
function checkMakeUpDays(calendar: CalendarConfig, ctx: z.RefinementCtx): void {
  const holidayRanges = Object.values(calendar.holidays ?? {})
    .flat()
    .flatMap((holiday) => {
      const [from, to] = [parseCivilDate(holiday.from), parseCivilDate(holiday.to)];
      return from === undefined || to === undefined ? [] : [{ holiday, from, to }];
    });
  let anyMakeUpDay = false;
  for (const [yearKey, holidays] of Object.entries(calendar.holidays ?? {}))
    holidays.forEach((holiday, index) =>
      (holiday.makeUpDays ?? []).forEach((text, makeUpIndex) => {
        const day = parseCivilDate(text);
        if (day === undefined) return;
        anyMakeUpDay = true;
        const path = ['holidays', yearKey, index, 'makeUpDays', makeUpIndex];
        const key = weekdayKey(day);
        if ((calendar.week?.[key] ?? []).length > 0)
          ctx.addIssue({
            code: 'custom',
            path,
            message: `make-up day ${text} is a ${weekdayName(day)}, not a weekend day ('week.${key}' already has working hours)`,
          });
        const inside = holidayRanges.find((range) => range.from <= day && day <= range.to);
        if (inside)
          ctx.addIssue({
            code: 'custom',
            path,
            message: `make-up day ${text} falls inside holiday '${inside.holiday.name}' (${inside.holiday.from} to ${inside.holiday.to})`,
          });
      }),
    );
  if (anyMakeUpDay && calendar.makeUpDayWindows === undefined && (calendar.week?.mon ?? []).length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['makeUpDayWindows'],
      message: "make-up days need working hours: 'week.mon' is empty, so set makeUpDayWindows",
    });
}

/**
 * Warnings for `config check`: a calendar that lists holidays but has no list for the current
 * or the next year (in its own zone) will treat that year's holidays as working days. An empty
 * list for a year ("2027": []) counts as data: the admin has said there are none.
 */
export function holidayCoverageWarnings(calendarId: string, cal: CalendarConfig, now: Date): string[] {
  if (cal.alwaysOpen || cal.holidays === undefined) return [];
  const currentYear = yearOfCivilDate(localDayAt(cal.timezone, now.getTime()));
  return [currentYear, currentYear + 1]
    .filter((year) => !(String(year) in cal.holidays!))
    .map((year) => `calendar '${calendarId}' has no holiday data for ${year}`);
}
