// calendars.yaml validation: every admin mistake yields one issue, at the path of the offending
// node, in words that say what to fix; plus the holiday-coverage warnings of `config check`.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CalendarSchema, holidayCoverageWarnings, type CalendarConfig } from '../../sla/calendarSchema';

const officeHours = ['09:00-12:00', '13:30-18:00'];
const workWeek = { mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours, sat: [], sun: [] };
const shanghai = (extra: Record<string, unknown> = {}) => ({ timezone: 'Asia/Shanghai', week: workWeek, ...extra });
const holidays2026 = (...entries: unknown[]) => ({ holidays: { '2026': entries } });

function issuesOf(config: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const result = CalendarSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

describe('valid calendars', () => {
  const cases = [
    {
      story: 'the office calendar as written in YAML, dates arriving as strings',
      given: parse(`
timezone: Asia/Shanghai
week:
  mon: ["09:00-12:00", "13:30-18:00"]
  fri: ["09:00-12:00", "13:30-18:00"]
  sat: []
makeUpDayWindows: ["09:00-12:00", "13:30-17:00"]
holidays:
  2026:
    - { name: 元旦, from: 2026-01-01, to: 2026-01-03, makeUpDays: [2026-01-04] }
    - { name: 国庆节, from: 2026-10-01, to: 2026-10-07, makeUpDays: [2026-09-20, 2026-10-10] }
  "2027": []
`),
    },
    { story: 'a 24x7 calendar', given: { timezone: 'Asia/Shanghai', alwaysOpen: true } },
    { story: 'alwaysOpen: false with a week', given: shanghai({ alwaysOpen: false }) },
    { story: 'a night shift crossing midnight', given: { timezone: 'America/New_York', week: { mon: ['22:00-06:00'], tue: ['22:00-06:00'] } } },
    { story: 'a whole day written 00:00-24:00', given: { timezone: 'UTC', week: { sat: ['00:00-24:00'], sun: ['00:00-24:00'] } } },
    { story: 'windows that touch without overlapping', given: { timezone: 'UTC', week: { mon: ['09:00-12:00', '12:00-13:00'] } } },
    { story: 'a night shift ending exactly when the next day starts', given: { timezone: 'UTC', week: { mon: ['22:00-06:00'], tue: ['06:00-09:00'] } } },
    {
      story: 'a holiday spanning New Year, listed under the year it ends in, with a make-up day in December',
      given: {
        timezone: 'Asia/Shanghai',
        week: workWeek,
        holidays: { '2019': [{ name: '元旦', from: '2018-12-30', to: '2019-01-01', makeUpDays: ['2018-12-29'] }] },
      },
    },
    { story: 'a one-day holiday', given: shanghai(holidays2026({ name: '除夕', from: '2026-02-16', to: '2026-02-16' })) },
  ];
  it.each(cases)('accepts $story', ({ given }) => {
    expect(issuesOf(given)).toEqual([]);
  });

  it('keeps the config as written (the compiler parses windows and dates)', () => {
    const config = shanghai(holidays2026({ name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpDays: ['2026-01-04'] }));
    expect(CalendarSchema.parse(config)).toEqual(config);
  });
});

describe('invalid calendars: one precise issue at the right path', () => {
  const cases = [
    {
      story: 'an unknown time zone',
      given: { ...shanghai(), timezone: 'Asia/Beijing' },
      expect: { path: ['timezone'], message: "unknown time zone 'Asia/Beijing'" },
    },
    {
      story: 'a window without leading zero',
      given: { timezone: 'UTC', week: { mon: ['9:00-12:00'] } },
      expect: { path: ['week', 'mon', 0], message: 'window "9:00-12:00" is not written as HH:MM-HH:MM (e.g. "09:00-12:00")' },
    },
    {
      story: 'a window written with a dot',
      given: { timezone: 'UTC', week: { mon: ['09:00-12:00'], tue: ['09:00-12:00', '13.30-18.00'] } },
      expect: { path: ['week', 'tue', 1], message: 'window "13.30-18.00" is not written as HH:MM-HH:MM (e.g. "09:00-12:00")' },
    },
    {
      story: 'a start hour past 23',
      given: { timezone: 'UTC', week: { mon: ['25:00-26:00'] } },
      expect: { path: ['week', 'mon', 0], message: 'window "25:00-26:00": start 25:00 is not a time of day (00:00-23:59)' },
    },
    {
      story: 'a start at 24:00',
      given: { timezone: 'UTC', week: { mon: ['24:00-02:00'] } },
      expect: { path: ['week', 'mon', 0], message: 'window "24:00-02:00": start 24:00 is not a time of day (00:00-23:59)' },
    },
    {
      story: 'an end minute of 60',
      given: { timezone: 'UTC', week: { mon: ['09:00-12:60'] } },
      expect: { path: ['week', 'mon', 0], message: 'window "09:00-12:60": end 12:60 is not a time of day (00:00-24:00)' },
    },
    {
      story: 'an end equal to the start',
      given: { timezone: 'UTC', week: { mon: ['09:00-12:00'], wed: ['09:00-09:00'] } },
      expect: { path: ['week', 'wed', 0], message: 'window "09:00-09:00" ends when it starts; write "00:00-24:00" for a whole day' },
    },
    {
      story: 'overlapping windows on one day',
      given: { timezone: 'UTC', week: { mon: ['09:00-12:00', '11:30-13:00'] } },
      expect: { path: ['week', 'mon', 1], message: 'windows "09:00-12:00" and "11:30-13:00" overlap' },
    },
    {
      story: 'a night shift overlapping a late window of the same day',
      given: { timezone: 'UTC', week: { fri: ['22:00-06:00', '23:00-23:30'] } },
      expect: { path: ['week', 'fri', 1], message: 'windows "22:00-06:00" and "23:00-23:30" overlap' },
    },
    {
      story: 'a night shift running into the next day\'s window',
      given: { timezone: 'UTC', week: { mon: ['22:00-06:00'], tue: ['05:00-09:00'] } },
      expect: { path: ['week', 'mon', 0], message: 'window "22:00-06:00" runs past midnight into tue\'s window "05:00-09:00"' },
    },
    {
      story: 'a Sunday night shift running into Monday',
      given: { timezone: 'UTC', week: { mon: ['05:30-09:00'], sun: ['22:00-06:00'] } },
      expect: { path: ['week', 'sun', 0], message: 'window "22:00-06:00" runs past midnight into mon\'s window "05:30-09:00"' },
    },
    {
      story: 'overlapping make-up day windows',
      given: shanghai({ makeUpDayWindows: ['09:00-12:00', '10:00-11:00'] }),
      expect: { path: ['makeUpDayWindows', 1], message: 'windows "09:00-12:00" and "10:00-11:00" overlap' },
    },
    {
      story: 'a weekday spelled out',
      given: { timezone: 'UTC', week: { mon: officeHours, monday: officeHours } },
      expect: { path: ['week'], message: "unknown weekday 'monday' (use mon, tue, wed, thu, fri, sat, sun)" },
    },
    {
      story: 'a misspelled top-level key',
      given: { ...shanghai(), holiday: {} },
      expect: { path: [], message: 'Unrecognized key: "holiday"' },
    },
    {
      story: 'an impossible date',
      given: shanghai(holidays2026({ name: '春节', from: '2026-02-30', to: '2026-03-01' })),
      expect: { path: ['holidays', '2026', 0, 'from'], message: '2026-02-30 is not a real date' },
    },
    {
      story: 'a date with slashes',
      given: shanghai(holidays2026({ name: '元旦', from: '2026-01-01', to: '2026/01/03' })),
      expect: { path: ['holidays', '2026', 0, 'to'], message: '"2026/01/03" is not a date written as YYYY-MM-DD' },
    },
    {
      story: 'a date given as a number',
      given: shanghai(holidays2026({ name: '元旦', from: 20260101, to: '2026-01-03' })),
      expect: { path: ['holidays', '2026', 0, 'from'], message: 'expected a date written as YYYY-MM-DD' },
    },
    {
      story: 'a holiday without an end date',
      given: shanghai(holidays2026({ name: '元旦', from: '2026-01-01' })),
      expect: { path: ['holidays', '2026', 0, 'to'], message: 'missing date (YYYY-MM-DD)' },
    },
    {
      story: 'a holiday ending before it starts',
      given: shanghai(holidays2026({ name: '元旦', from: '2026-01-03', to: '2026-01-01' })),
      expect: { path: ['holidays', '2026', 0, 'to'], message: "'to' 2026-01-01 is before 'from' 2026-01-03" },
    },
    {
      story: 'next year\'s holiday pasted under this year',
      given: shanghai(holidays2026({ name: '清明节', from: '2026-04-04', to: '2026-04-06' }, { name: '元旦', from: '2027-01-01', to: '2027-01-03' })),
      expect: { path: ['holidays', '2026', 1], message: "holiday '元旦' (2027-01-01 to 2027-01-03) has no day in 2026, the year it is listed under" },
    },
    {
      story: 'a make-up day in another year',
      given: shanghai(holidays2026({ name: '国庆节', from: '2026-10-01', to: '2026-10-07', makeUpDays: ['2026-09-20', '2027-10-09'] })),
      expect: { path: ['holidays', '2026', 0, 'makeUpDays', 1], message: "make-up day 2027-10-09 of '国庆节' is not in 2026" },
    },
    {
      story: 'a make-up day on a weekday',
      given: shanghai(holidays2026({ name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpDays: ['2026-01-05'] })),
      expect: {
        path: ['holidays', '2026', 0, 'makeUpDays', 0],
        message: "make-up day 2026-01-05 is a Monday, not a weekend day ('week.mon' already has working hours)",
      },
    },
    {
      story: 'a make-up day inside another holiday',
      given: shanghai(
        holidays2026(
          { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeUpDays: ['2026-10-04'] },
          { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
        ),
      ),
      expect: {
        path: ['holidays', '2026', 0, 'makeUpDays', 0],
        message: "make-up day 2026-10-04 falls inside holiday '国庆节' (2026-10-01 to 2026-10-07)",
      },
    },
    {
      story: 'a two-digit holiday year',
      given: shanghai({ holidays: { '26': [] } }),
      expect: { path: ['holidays', '26'], message: "holiday year '26' is not a four-digit year" },
    },
    {
      story: 'a holiday with an unknown field',
      given: shanghai(holidays2026({ name: '元旦', from: '2026-01-01', to: '2026-01-03', makeupDays: ['2026-01-04'] })),
      expect: { path: ['holidays', '2026', 0], message: 'Unrecognized key: "makeupDays"' },
    },
    {
      story: 'a holiday with an empty name',
      given: shanghai(holidays2026({ name: '', from: '2026-01-01', to: '2026-01-03' })),
      expect: { path: ['holidays', '2026', 0, 'name'], message: 'a holiday needs a name' },
    },
    {
      story: 'a week with no working time',
      given: { timezone: 'Asia/Shanghai', week: { mon: [], sat: [] } },
      expect: { path: ['week'], message: "calendar has no working time: add windows under 'week' or set alwaysOpen: true" },
    },
    {
      story: 'no week and not alwaysOpen',
      given: { timezone: 'Asia/Shanghai' },
      expect: { path: ['week'], message: "calendar has no working time: add windows under 'week' or set alwaysOpen: true" },
    },
    {
      story: 'alwaysOpen: false and no week',
      given: { timezone: 'Asia/Shanghai', alwaysOpen: false },
      expect: { path: ['week'], message: "calendar has no working time: add windows under 'week' or set alwaysOpen: true" },
    },
    {
      story: 'alwaysOpen with working windows',
      given: { ...shanghai(), alwaysOpen: true },
      expect: { path: ['week'], message: "'week' has no effect on an alwaysOpen calendar; remove it or drop alwaysOpen" },
    },
    {
      story: 'alwaysOpen with holidays',
      given: { timezone: 'Asia/Shanghai', alwaysOpen: true, holidays: { '2026': [] } },
      expect: { path: ['holidays'], message: "'holidays' has no effect on an alwaysOpen calendar; remove it or drop alwaysOpen" },
    },
    {
      story: 'make-up days with an empty Monday and no makeUpDayWindows',
      given: {
        timezone: 'Asia/Shanghai',
        week: { tue: officeHours, wed: officeHours },
        holidays: { '2026': [{ name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpDays: ['2026-01-04'] }] },
      },
      expect: { path: ['makeUpDayWindows'], message: "make-up days need working hours: 'week.mon' is empty, so set makeUpDayWindows" },
    },
  ];
  it.each(cases)('rejects $story', ({ given, expect: expected }) => {
    expect(issuesOf(given)).toEqual([expected]);
  });

  it('reports every mistake at once, not only the first', () => {
    const given = {
      timezone: 'Mars/Olympus',
      week: { mon: ['9-12'], tue: ['09:00-12:00', '11:00-13:00'] },
      holidays: { '2026': [{ name: '元旦', from: '2026-01-03', to: '2026-01-01' }] },
    };
    expect(issuesOf(given).map((issue) => issue.path.join('.'))).toEqual([
      'timezone',
      'week.mon.0',
      'week.tue.1',
      'holidays.2026.0.to',
    ]);
  });
});

describe('holiday coverage warnings for config check', () => {
  const withYears = (...years: string[]): CalendarConfig =>
    CalendarSchema.parse(shanghai({ holidays: Object.fromEntries(years.map((year) => [year, []])) }));
  const cases = [
    { story: 'mid-2026 with only 2026 data', cal: withYears('2026'), now: '2026-06-01T00:00:00Z', warnings: ["calendar 'office' has no holiday data for 2027"] },
    { story: 'mid-2026 with 2026 and 2027 data', cal: withYears('2026', '2027'), now: '2026-06-01T00:00:00Z', warnings: [] },
    { story: 'an empty list counts as data', cal: withYears('2025', '2026', '2027'), now: '2026-12-31T15:59:59Z', warnings: [] },
    {
      story: 'New Year has come in Shanghai while it is still 2026 in UTC',
      cal: withYears('2026', '2027'),
      now: '2026-12-31T16:30:00Z',
      warnings: ["calendar 'office' has no holiday data for 2028"],
    },
    {
      story: 'stale data from a past year only',
      cal: withYears('2025'),
      now: '2026-03-01T00:00:00Z',
      warnings: ["calendar 'office' has no holiday data for 2026", "calendar 'office' has no holiday data for 2027"],
    },
    { story: 'a calendar that lists no holidays at all', cal: CalendarSchema.parse(shanghai()), now: '2026-06-01T00:00:00Z', warnings: [] },
    {
      story: 'a 24x7 calendar',
      cal: CalendarSchema.parse({ timezone: 'Asia/Shanghai', alwaysOpen: true }),
      now: '2026-06-01T00:00:00Z',
      warnings: [],
    },
  ];
  it.each(cases)('$story', ({ cal, now, warnings }) => {
    expect(holidayCoverageWarnings('office', cal, new Date(now))).toEqual(warnings);
  });
});
