// Business-time maths: China 2026 office hours with holidays and make-up days, DST in New York,
// night shifts crossing midnight, and the round trip between adding and measuring business time.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  addBusinessSeconds,
  businessSecondsBetween,
  compileCalendar,
  describeInstant,
  InvalidBusinessDurationError,
  InvalidCalendarError,
  InvalidInstantError,
  isWorkingInstant,
  nextWorkingInstant,
  NoWorkingTimeError,
  type BusinessCalendar,
} from '../../sla/calendar';
import { CalendarSchema, type CalendarConfig } from '../../sla/calendarSchema';
import { cpuMillis } from '../support/cpuTime';

const HOUR = 3600;
const MINUTE = 60;
const WORKING_DAY = 7.5 * HOUR;

// DESIGN.md §1: the default office-hours calendar, written as admins write it (YAML dates arrive as strings).
const chinaOfficeYaml = `
timezone: Asia/Shanghai
week:
  mon: ["09:00-12:00", "13:30-18:00"]
  tue: ["09:00-12:00", "13:30-18:00"]
  wed: ["09:00-12:00", "13:30-18:00"]
  thu: ["09:00-12:00", "13:30-18:00"]
  fri: ["09:00-12:00", "13:30-18:00"]
  sat: []
  sun: []
holidays:
  "2026":
    - { name: 元旦, from: 2026-01-01, to: 2026-01-03, makeUpDays: [2026-01-04] }
    - { name: 春节, from: 2026-02-15, to: 2026-02-23, makeUpDays: [2026-02-14, 2026-02-28] }
    - { name: 清明节, from: 2026-04-04, to: 2026-04-06 }
    - { name: 劳动节, from: 2026-05-01, to: 2026-05-05, makeUpDays: [2026-05-09] }
    - { name: 端午节, from: 2026-06-19, to: 2026-06-21 }
    - { name: 中秋节, from: 2026-09-25, to: 2026-09-27 }
    - { name: 国庆节, from: 2026-10-01, to: 2026-10-07, makeUpDays: [2026-09-20, 2026-10-10] }
`;

function calendarFrom(id: string, config: unknown): BusinessCalendar {
  return compileCalendar(id, CalendarSchema.parse(config));
}

const china = calendarFrom('office-shanghai', parse(chinaOfficeYaml));
const chinaAlways = calendarFrom('always', { timezone: 'Asia/Shanghai', alwaysOpen: true });
const nineToFive = ['09:00-17:00'];
const newYorkOffice = calendarFrom('office-new-york', {
  timezone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
});
const newYorkAlways = calendarFrom('always-new-york', { timezone: 'America/New_York', alwaysOpen: true });
const newYorkSundayEarly = calendarFrom('sunday-early', {
  timezone: 'America/New_York',
  week: { sun: ['01:00-04:00'] },
});
const newYorkSundayInGap = calendarFrom('sunday-in-gap', {
  timezone: 'America/New_York',
  week: { sun: ['02:30-05:00'] },
});
const newYorkSundayInOverlap = calendarFrom('sunday-in-overlap', {
  timezone: 'America/New_York',
  week: { sun: ['01:30-03:00'] },
});
const night = ['22:00-06:00'];
const newYorkNightShift = calendarFrom('night-new-york', {
  timezone: 'America/New_York',
  week: { mon: night, tue: night, wed: night, thu: night, fri: night, sat: night, sun: night },
});
const shanghaiNightShift = calendarFrom('night-shanghai', {
  timezone: 'Asia/Shanghai',
  week: { mon: night, tue: night, wed: night, thu: night, fri: night },
  holidays: { '2026': [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }] },
});

function dueAt(cal: BusinessCalendar, openedAt: string, seconds: number): string {
  return describeInstant(cal, addBusinessSeconds(cal, new Date(openedAt), seconds));
}

describe('due times on the 2026 China office calendar (Mon–Fri 09:00–12:00, 13:30–18:00)', () => {
  const cases = [
    {
      story: 'P3 opened Friday 17:00: 1 h on Friday, the other 7 h on Monday',
      openedAt: '2026-11-27T17:00:00+08:00',
      seconds: 8 * HOUR,
      due: '2026-11-30T17:30:00+08:00',
    },
    {
      story: 'P4 opened the evening before National Day waits out Oct 1–7',
      openedAt: '2026-09-30T17:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2026-10-08T17:00:00+08:00',
    },
    {
      story: 'opened Friday after National Day runs into the Saturday make-up day',
      openedAt: '2026-10-09T17:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2026-10-10T17:00:00+08:00',
    },
    {
      story: 'the lunch break does not count',
      openedAt: '2026-03-10T11:00:00+08:00',
      seconds: 2 * HOUR,
      due: '2026-03-10T14:30:00+08:00',
    },
    {
      story: 'opened during lunch: the clock starts at 13:30',
      openedAt: '2026-03-10T12:30:00+08:00',
      seconds: 1 * HOUR,
      due: '2026-03-10T14:30:00+08:00',
    },
    {
      story: 'opened at 12:00 sharp, when the morning window has just closed',
      openedAt: '2026-03-10T12:00:00+08:00',
      seconds: 30 * MINUTE,
      due: '2026-03-10T14:00:00+08:00',
    },
    {
      story: 'time that runs out exactly at 18:00 is due at 18:00, not the next morning',
      openedAt: '2026-03-10T09:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2026-03-10T18:00:00+08:00',
    },
    {
      story: 'time that runs out exactly at 12:00 is due at 12:00, not at 13:30',
      openedAt: '2026-03-10T09:00:00+08:00',
      seconds: 3 * HOUR,
      due: '2026-03-10T12:00:00+08:00',
    },
    {
      story: 'opened on a holiday: the clock starts on the first working morning after it',
      openedAt: '2026-10-03T10:00:00+08:00',
      seconds: 2 * HOUR,
      due: '2026-10-08T11:00:00+08:00',
    },
    {
      story: 'year end with no 2027 holiday data: 2027-01-01 (Friday) is a normal working day',
      openedAt: '2026-12-31T17:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2027-01-01T17:00:00+08:00',
    },
    {
      story: 'Qingming (Sat–Mon) adjoins the weekend: Friday evening jumps to Tuesday',
      openedAt: '2026-04-03T17:00:00+08:00',
      seconds: 2 * HOUR,
      due: '2026-04-07T10:00:00+08:00',
    },
    {
      story: 'Mid-Autumn Friday joins the weekend: Thursday afternoon jumps to Monday',
      openedAt: '2026-09-24T16:00:00+08:00',
      seconds: 8 * HOUR,
      due: '2026-09-28T16:30:00+08:00',
    },
    {
      story: 'Saturday before Spring Festival is a make-up working day',
      openedAt: '2026-02-13T17:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2026-02-14T17:00:00+08:00',
    },
    {
      story: 'Spring Festival: Saturday make-up day, then nine days off',
      openedAt: '2026-02-14T17:00:00+08:00',
      seconds: 2 * HOUR,
      due: '2026-02-24T10:00:00+08:00',
    },
    {
      story: 'a Saturday ticket waits for the Sunday make-up day before National Day',
      openedAt: '2026-09-19T10:00:00+08:00',
      seconds: 1 * HOUR,
      due: '2026-09-20T10:00:00+08:00',
    },
    {
      story: 'last day of 2025 (no 2025 data: a normal Wednesday), then New Year, then Sunday make-up day',
      openedAt: '2025-12-31T17:00:00+08:00',
      seconds: WORKING_DAY,
      due: '2026-01-04T17:00:00+08:00',
    },
    {
      story: 'two working days across Labour Day',
      openedAt: '2026-04-30T17:00:00+08:00',
      seconds: 2 * WORKING_DAY,
      due: '2026-05-07T17:00:00+08:00',
    },
    {
      story: 'five working days from a Monday morning end on Friday evening',
      openedAt: '2026-03-09T09:00:00+08:00',
      seconds: 5 * WORKING_DAY,
      due: '2026-03-13T18:00:00+08:00',
    },
    {
      story: 'an instant given in UTC is shown in the calendar zone',
      openedAt: '2026-11-27T09:00:00Z',
      seconds: 8 * HOUR,
      due: '2026-11-30T17:30:00+08:00',
    },
    {
      story: 'seconds count exactly: 1 s before the evening close',
      openedAt: '2026-03-10T17:59:59+08:00',
      seconds: 2,
      due: '2026-03-11T09:00:01+08:00',
    },
  ];
  it.each(cases)('$story', ({ openedAt, seconds, due }) => {
    expect(dueAt(china, openedAt, seconds)).toBe(due);
    expect(businessSecondsBetween(china, new Date(openedAt), new Date(due))).toBe(seconds);
  });

  it('counts no time for zero seconds, even from a holiday', () => {
    const onHoliday = new Date('2026-10-03T10:00:00+08:00');
    expect(addBusinessSeconds(china, onHoliday, 0)).toEqual(onHoliday);
  });

  it('returns a new Date, never the caller\'s object', () => {
    const openedAt = new Date('2026-03-10T10:00:00+08:00');
    expect(addBusinessSeconds(china, openedAt, 0)).not.toBe(openedAt);
  });
});

describe('business seconds between two instants on the 2026 China office calendar', () => {
  const cases = [
    { story: 'the whole of 2026 holds 248 working days', from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00', seconds: 248 * WORKING_DAY },
    { story: 'Friday 17:00 to Monday 10:00 is two working hours', from: '2026-11-27T17:00:00+08:00', to: '2026-11-30T10:00:00+08:00', seconds: 2 * HOUR },
    { story: 'inside the lunch break nothing counts', from: '2026-03-10T12:10:00+08:00', to: '2026-03-10T13:20:00+08:00', seconds: 0 },
    { story: 'the National Day week counts nothing', from: '2026-10-01T00:00:00+08:00', to: '2026-10-08T00:00:00+08:00', seconds: 0 },
    { story: 'a make-up Saturday counts a full day', from: '2026-10-10T00:00:00+08:00', to: '2026-10-11T00:00:00+08:00', seconds: WORKING_DAY },
    { story: 'an ordinary Saturday counts nothing', from: '2026-10-17T00:00:00+08:00', to: '2026-10-18T00:00:00+08:00', seconds: 0 },
    { story: 'an end before the start counts nothing', from: '2026-03-10T15:00:00+08:00', to: '2026-03-10T10:00:00+08:00', seconds: 0 },
    { story: 'equal instants count nothing', from: '2026-03-10T10:00:00+08:00', to: '2026-03-10T10:00:00+08:00', seconds: 0 },
    { story: 'a partial second is floored', from: '2026-03-10T09:00:00.000+08:00', to: '2026-03-10T09:00:01.999+08:00', seconds: 1 },
    { story: 'partial seconds at both ends add up before flooring', from: '2026-03-10T09:00:00.600+08:00', to: '2026-03-10T09:00:02.400+08:00', seconds: 1 },
    { story: 'December 2026 across year end with no 2027 data', from: '2026-12-31T00:00:00+08:00', to: '2027-01-02T00:00:00+08:00', seconds: 2 * WORKING_DAY },
  ];
  it.each(cases)('$story', ({ from, to, seconds }) => {
    expect(businessSecondsBetween(china, new Date(from), new Date(to))).toBe(seconds);
  });
});

describe('quiet hours: working instants on the 2026 China office calendar', () => {
  const cases = [
    { at: '2026-03-10T09:00:00+08:00', working: true, next: '2026-03-10T09:00:00+08:00' },
    { at: '2026-03-10T08:59:59+08:00', working: false, next: '2026-03-10T09:00:00+08:00' },
    { at: '2026-03-10T11:59:59.999+08:00', working: true, next: '2026-03-10T11:59:59.999+08:00' },
    { at: '2026-03-10T12:00:00+08:00', working: false, next: '2026-03-10T13:30:00+08:00' },
    { at: '2026-03-10T12:15:00+08:00', working: false, next: '2026-03-10T13:30:00+08:00' },
    { at: '2026-03-10T18:00:00+08:00', working: false, next: '2026-03-11T09:00:00+08:00' },
    { at: '2026-11-27T18:30:00+08:00', working: false, next: '2026-11-30T09:00:00+08:00' },
    { at: '2026-10-01T10:00:00+08:00', working: false, next: '2026-10-08T09:00:00+08:00' },
    { at: '2026-09-30T18:00:00+08:00', working: false, next: '2026-10-08T09:00:00+08:00' },
    { at: '2026-10-10T10:00:00+08:00', working: true, next: '2026-10-10T10:00:00+08:00' },
    { at: '2026-09-20T14:00:00+08:00', working: true, next: '2026-09-20T14:00:00+08:00' },
    { at: '2026-09-19T14:00:00+08:00', working: false, next: '2026-09-20T09:00:00+08:00' },
  ];
  it.each(cases)('$at is working: $working, next working instant $next', ({ at, working, next }) => {
    expect(isWorkingInstant(china, new Date(at))).toBe(working);
    expect(nextWorkingInstant(china, new Date(at)).getTime()).toBe(new Date(next).getTime());
  });

  it('a 24x7 calendar is always working', () => {
    const at = new Date('2026-10-01T03:00:00+08:00');
    expect(isWorkingInstant(chinaAlways, at)).toBe(true);
    expect(nextWorkingInstant(chinaAlways, at)).toEqual(at);
  });
});

describe('24x7 calendars', () => {
  const cases = [
    { story: 'P1 two hours over midnight on a holiday', cal: chinaAlways, openedAt: '2026-10-01T23:00:00+08:00', seconds: 2 * HOUR, due: '2026-10-02T01:00:00+08:00' },
    { story: 'New York: 24 hours across spring forward show 13:00 on the wall', cal: newYorkAlways, openedAt: '2026-03-07T12:00:00-05:00', seconds: 24 * HOUR, due: '2026-03-08T13:00:00-04:00' },
    { story: 'New York: 24 hours across fall back show 11:00 on the wall', cal: newYorkAlways, openedAt: '2026-10-31T12:00:00-04:00', seconds: 24 * HOUR, due: '2026-11-01T11:00:00-05:00' },
  ];
  it.each(cases)('$story', ({ cal, openedAt, seconds, due }) => {
    expect(dueAt(cal, openedAt, seconds)).toBe(due);
  });

  const days = [
    { story: 'the spring-forward day lasts 23 hours', from: '2026-03-08T00:00:00-05:00', to: '2026-03-09T00:00:00-04:00', seconds: 23 * HOUR },
    { story: 'the fall-back day lasts 25 hours', from: '2026-11-01T00:00:00-04:00', to: '2026-11-02T00:00:00-05:00', seconds: 25 * HOUR },
  ];
  it.each(days)('$story', ({ from, to, seconds }) => {
    expect(businessSecondsBetween(newYorkAlways, new Date(from), new Date(to))).toBe(seconds);
  });
});

describe('New York office hours and windows across DST switches (2026-03-08, 2026-11-01)', () => {
  const dueCases = [
    { story: 'Friday before spring forward to Monday in EDT', cal: newYorkOffice, openedAt: '2026-03-06T16:00:00-05:00', seconds: 2 * HOUR, due: '2026-03-09T10:00:00-04:00' },
    { story: 'Friday before fall back to Monday in EST', cal: newYorkOffice, openedAt: '2026-10-30T16:00:00-04:00', seconds: 2 * HOUR, due: '2026-11-02T10:00:00-05:00' },
    { story: 'a window starting in the spring-forward gap starts at 03:00 EDT', cal: newYorkSundayInGap, openedAt: '2026-03-08T00:00:00-05:00', seconds: 1 * HOUR, due: '2026-03-08T04:00:00-04:00' },
    { story: 'a window starting in the fall-back overlap starts at the first 01:30 (EDT)', cal: newYorkSundayInOverlap, openedAt: '2026-11-01T00:00:00-04:00', seconds: 1 * HOUR, due: '2026-11-01T01:30:00-05:00' },
  ];
  it.each(dueCases)('$story', ({ cal, openedAt, seconds, due }) => {
    expect(dueAt(cal, openedAt, seconds)).toBe(due);
  });

  const windowLengths = [
    { story: '01:00–04:00 on spring-forward Sunday lasts 2 hours', cal: newYorkSundayEarly, day: '2026-03-08', offset: '-05:00', seconds: 2 * HOUR },
    { story: '01:00–04:00 on fall-back Sunday lasts 4 hours', cal: newYorkSundayEarly, day: '2026-11-01', offset: '-04:00', seconds: 4 * HOUR },
    { story: '01:00–04:00 on an ordinary Sunday lasts 3 hours', cal: newYorkSundayEarly, day: '2026-03-15', offset: '-04:00', seconds: 3 * HOUR },
    { story: '02:30–05:00 on spring-forward Sunday lasts 2 hours (03:00–05:00 EDT)', cal: newYorkSundayInGap, day: '2026-03-08', offset: '-05:00', seconds: 2 * HOUR },
    { story: '01:30–03:00 on fall-back Sunday lasts 2.5 hours (first 01:30 to 03:00 EST)', cal: newYorkSundayInOverlap, day: '2026-11-01', offset: '-04:00', seconds: 2.5 * HOUR },
  ];
  it.each(windowLengths)('$story', ({ cal, day, offset, seconds }) => {
    const dayStart = new Date(`${day}T00:00:00${offset}`);
    const nextDayStart = new Date(dayStart.getTime() + 30 * HOUR * 1000);
    expect(businessSecondsBetween(cal, dayStart, nextDayStart)).toBe(seconds);
  });

  it('quiet hours in the spring-forward gap end at the first instant after it', () => {
    const beforeGap = new Date('2026-03-08T01:00:00-05:00');
    expect(isWorkingInstant(newYorkSundayInGap, beforeGap)).toBe(false);
    expect(describeInstant(newYorkSundayInGap, nextWorkingInstant(newYorkSundayInGap, beforeGap))).toBe('2026-03-08T03:00:00-04:00');
  });

  it('a fall-back window is working through both 01:xx hours', () => {
    const secondPassOfOneThirty = new Date('2026-11-01T01:45:00-05:00');
    expect(isWorkingInstant(newYorkSundayInOverlap, secondPassOfOneThirty)).toBe(true);
  });
});

describe('half-hour DST shifts (Lord Howe Island, 2026-10-04 02:00 → 02:30)', () => {
  const lordHowe = calendarFrom('lord-howe', { timezone: 'Australia/Lord_Howe', week: { sun: ['01:00-04:00'] } });
  it('a 3-hour window on the switch Sunday lasts 2.5 hours', () => {
    const from = new Date('2026-10-04T00:00:00+10:30');
    expect(businessSecondsBetween(lordHowe, from, new Date('2026-10-04T12:00:00+11:00'))).toBe(2.5 * HOUR);
  });
  it('the wall clock after the switch shows +11:00', () => {
    expect(dueAt(lordHowe, '2026-10-04T00:00:00+10:30', 1.5 * HOUR)).toBe('2026-10-04T03:00:00+11:00');
  });
});

describe('night shift 22:00–06:00 (belongs to the day it starts on)', () => {
  const nights = [
    { story: 'New York: the night into spring forward lasts 7 hours', cal: newYorkNightShift, from: '2026-03-07T20:00:00-05:00', to: '2026-03-08T12:00:00-04:00', seconds: 7 * HOUR },
    { story: 'New York: the night into fall back lasts 9 hours', cal: newYorkNightShift, from: '2026-10-31T20:00:00-04:00', to: '2026-11-01T12:00:00-05:00', seconds: 9 * HOUR },
    { story: 'New York: an ordinary night lasts 8 hours', cal: newYorkNightShift, from: '2026-03-14T20:00:00-04:00', to: '2026-03-15T12:00:00-04:00', seconds: 8 * HOUR },
    { story: 'Shanghai: the night starting on Sep 30 runs into the National Day holiday', cal: shanghaiNightShift, from: '2026-09-30T12:00:00+08:00', to: '2026-10-01T12:00:00+08:00', seconds: 8 * HOUR },
    { story: 'Shanghai: the night starting on Oct 7 (holiday) is off, though it ends on a working day', cal: shanghaiNightShift, from: '2026-10-07T12:00:00+08:00', to: '2026-10-08T12:00:00+08:00', seconds: 0 },
    { story: 'Shanghai: the Friday night runs into Saturday, the Saturday night is off', cal: shanghaiNightShift, from: '2026-03-13T12:00:00+08:00', to: '2026-03-15T12:00:00+08:00', seconds: 8 * HOUR },
  ];
  it.each(nights)('$story', ({ cal, from, to, seconds }) => {
    expect(businessSecondsBetween(cal, new Date(from), new Date(to))).toBe(seconds);
  });

  const dueCases = [
    { story: 'New York: a full spring-forward night ends at 06:00 EDT', openedAt: '2026-03-07T22:00:00-05:00', seconds: 7 * HOUR, due: '2026-03-08T06:00:00-04:00' },
    { story: 'New York: half an hour more continues the next night', openedAt: '2026-03-07T22:00:00-05:00', seconds: 7.5 * HOUR, due: '2026-03-08T22:30:00-04:00' },
    { story: 'New York: opened at 03:00 EDT inside the night shift', openedAt: '2026-03-08T03:00:00-04:00', seconds: 2 * HOUR, due: '2026-03-08T05:00:00-04:00' },
    { story: 'New York: opened after midnight of the fall-back night, the rest of it is 6.5 hours', openedAt: '2026-11-01T00:30:00-04:00', seconds: 6 * HOUR, due: '2026-11-01T05:30:00-05:00' },
    { story: 'New York: 7 hours from after midnight of the fall-back night end the next evening', openedAt: '2026-11-01T00:30:00-04:00', seconds: 7 * HOUR, due: '2026-11-01T22:30:00-05:00' },
  ];
  it.each(dueCases)('$story', ({ openedAt, seconds, due }) => {
    expect(dueAt(newYorkNightShift, openedAt, seconds)).toBe(due);
  });

  const instants = [
    { at: '2026-10-01T03:00:00+08:00', working: true },
    { at: '2026-10-08T03:00:00+08:00', working: false },
    { at: '2026-10-08T23:00:00+08:00', working: true },
    { at: '2026-03-14T05:59:59+08:00', working: true },
    { at: '2026-03-14T06:00:00+08:00', working: false },
    { at: '2026-03-14T23:00:00+08:00', working: false },
  ];
  it.each(instants)('Shanghai night shift: $at is working: $working', ({ at, working }) => {
    expect(isWorkingInstant(shanghaiNightShift, new Date(at))).toBe(working);
  });
});

describe('describeInstant', () => {
  const cases = [
    { cal: china, at: '2026-10-08T02:30:00Z', shown: '2026-10-08T10:30:00+08:00' },
    { cal: newYorkOffice, at: '2026-07-01T14:00:00Z', shown: '2026-07-01T10:00:00-04:00' },
    { cal: newYorkOffice, at: '2026-12-01T15:00:00Z', shown: '2026-12-01T10:00:00-05:00' },
    { cal: newYorkOffice, at: '2026-11-01T05:30:00Z', shown: '2026-11-01T01:30:00-04:00' },
    { cal: newYorkOffice, at: '2026-11-01T06:30:00Z', shown: '2026-11-01T01:30:00-05:00' },
    { cal: china, at: '2026-10-08T02:30:00.250Z', shown: '2026-10-08T10:30:00.250+08:00' },
    { cal: calendarFrom('kolkata', { timezone: 'Asia/Kolkata', alwaysOpen: true }), at: '2026-01-01T00:00:00Z', shown: '2026-01-01T05:30:00+05:30' },
  ];
  it.each(cases)('$at in $cal.timeZone is $shown', ({ cal, at, shown }) => {
    expect(describeInstant(cal, new Date(at))).toBe(shown);
    expect(new Date(shown).getTime()).toBe(new Date(at).getTime());
  });
});

// Deterministic pseudo-random numbers (mulberry32) so a failing case can be replayed.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('adding and measuring business time are inverse', () => {
  const calendars = [china, chinaAlways, newYorkOffice, newYorkNightShift, newYorkSundayInGap, newYorkSundayInOverlap, shanghaiNightShift];
  const rangeStartMs = Date.parse('2025-12-01T00:00:00Z');
  const rangeMs = 400 * 86_400_000;

  it.each(calendars.map((cal, index) => ({ cal, seed: 1000 + index })))(
    '$cal.id: businessSecondsBetween(from, addBusinessSeconds(from, n)) === n for 300 seeded cases',
    ({ cal, seed }) => {
      const random = seededRandom(seed);
      for (let i = 0; i < 300; i++) {
        const from = new Date(rangeStartMs + Math.floor(random() * rangeMs));
        const seconds = Math.floor(random() * 5 * WORKING_DAY);
        const due = addBusinessSeconds(cal, from, seconds);
        const context = `from ${from.toISOString()} + ${seconds}s = ${due.toISOString()}`;
        expect(businessSecondsBetween(cal, from, due), context).toBe(seconds);
        if (seconds > 0) {
          // The due instant is the earliest one: a millisecond earlier, the last second is not complete.
          expect(businessSecondsBetween(cal, from, new Date(due.getTime() - 1)), context).toBe(seconds - 1);
          expect(isWorkingInstant(cal, new Date(due.getTime() - 1)), context).toBe(true);
        }
      }
    },
  );

  it.each(calendars.map((cal, index) => ({ cal, seed: 2000 + index })))(
    '$cal.id: adding a then b equals adding a + b for 100 seeded cases',
    ({ cal, seed }) => {
      const random = seededRandom(seed);
      for (let i = 0; i < 100; i++) {
        const from = new Date(rangeStartMs + Math.floor(random() * rangeMs));
        const first = 1 + Math.floor(random() * 2 * WORKING_DAY);
        const second = 1 + Math.floor(random() * 2 * WORKING_DAY);
        const inSteps = addBusinessSeconds(cal, addBusinessSeconds(cal, from, first), second);
        expect(inSteps.getTime(), `from ${from.toISOString()} + ${first}s + ${second}s`).toBe(
          addBusinessSeconds(cal, from, first + second).getTime(),
        );
      }
    },
  );
});

describe('performance: walks windows day by day', () => {
  it('measures a whole year and adds five working days quickly on a freshly compiled calendar', () => {
    const fresh = calendarFrom('fresh', parse(chinaOfficeYaml));
    const cpu = cpuMillis(() => {
      expect(businessSecondsBetween(fresh, new Date('2026-01-01T00:00:00+08:00'), new Date('2027-01-01T00:00:00+08:00'))).toBe(248 * WORKING_DAY);
      // 1 h on Sep 30, then Oct 8, 9, 10 (make-up Saturday), 12, and 6.5 h on Oct 13.
      expect(dueAt(fresh, '2026-09-30T17:00:00+08:00', 5 * WORKING_DAY)).toBe('2026-10-13T17:00:00+08:00');
    });
    // Generous bound: minute-by-minute stepping would take seconds; day-by-day takes milliseconds.
    // CPU time, not wall time: other processes on the machine must not decide this.
    expect(cpu).toBeLessThan(500);
  });
});

describe('errors', () => {
  it('throws NoWorkingTimeError when no working time comes within 10 years', () => {
    const decadeOff = calendarFrom('decade-off', {
      timezone: 'Asia/Shanghai',
      week: { mon: ['09:00-12:00'] },
      holidays: { '2026': [{ name: 'sabbatical', from: '2026-01-01', to: '2037-12-31' }] },
    });
    const newYear = new Date('2026-01-01T00:00:00+08:00');
    expect(() => addBusinessSeconds(decadeOff, newYear, 60)).toThrow(NoWorkingTimeError);
    expect(() => nextWorkingInstant(decadeOff, newYear)).toThrow(/no working time within 3653 days/);
    // Bounded questions still answer.
    expect(isWorkingInstant(decadeOff, newYear)).toBe(false);
    expect(businessSecondsBetween(decadeOff, newYear, new Date('2036-01-01T00:00:00+08:00'))).toBe(0);
  });

  const badDurations = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
  it.each(badDurations)('rejects a business duration of %s seconds', (seconds) => {
    expect(() => addBusinessSeconds(china, new Date('2026-03-10T09:00:00+08:00'), seconds)).toThrow(InvalidBusinessDurationError);
  });

  it('rejects an invalid Date', () => {
    expect(() => businessSecondsBetween(china, new Date('not a date'), new Date())).toThrow(InvalidInstantError);
    expect(() => describeInstant(china, new Date(Number.NaN))).toThrow(InvalidInstantError);
  });

  it('refuses to compile a config that the schema rejects', () => {
    const config = { timezone: 'Asia/Beijing', week: { mon: ['09:00-12:00'] } } as CalendarConfig;
    expect(() => compileCalendar('typo', config)).toThrow(InvalidCalendarError);
    expect(() => compileCalendar('typo', config)).toThrow("calendar 'typo' is invalid: timezone: unknown time zone 'Asia/Beijing'");
  });
});
