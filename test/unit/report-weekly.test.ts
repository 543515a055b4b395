import { describe, expect, it } from 'vitest';
import { DeskSchema } from '../../config/schema/desk';
import { weeklyCalendarSpec, weeklyPeriod } from '../../report/weekly';

describe('the weekly report', () => {
  const specs = [
    { given: { day: 'mon', time: '09:00' }, expect: { calendars: [{ dayOfWeek: 'MONDAY', hour: 9, minute: 0 }], timezone: 'Asia/Shanghai' } },
    { given: { day: 'fri', time: '17:30' }, expect: { calendars: [{ dayOfWeek: 'FRIDAY', hour: 17, minute: 30 }], timezone: 'Asia/Shanghai' } },
  ] as const;
  for (const s of specs) it(`schedules ${s.given.day} ${s.given.time} in the desk's zone`, () => expect(weeklyCalendarSpec(s.given, 'Asia/Shanghai')).toEqual(s.expect));

  const periods = [
    { name: 'Monday morning: the week before', runAt: '2026-11-30T09:00:00+08:00', expect: { from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z', firstDay: '2026-11-23', lastDay: '2026-11-29' } },
    // 00:30 on Monday in Shanghai is still Sunday in UTC: the local date decides.
    { name: 'just after local midnight', runAt: '2026-11-30T00:30:00+08:00', expect: { firstDay: '2026-11-23', lastDay: '2026-11-29' } },
    { name: 'Friday evening: the 7 days before Friday', runAt: '2026-12-04T17:30:00+08:00', expect: { firstDay: '2026-11-27', lastDay: '2026-12-03' } },
  ];
  for (const p of periods)
    it(`covers ${p.name}`, () => {
      const period = weeklyPeriod(new Date(p.runAt), 'Asia/Shanghai');
      expect({ from: period.from.toISOString(), to: period.to.toISOString(), firstDay: period.firstDay, lastDay: period.lastDay }).toMatchObject(p.expect);
    });

  const desk = { name: 'd', ticketPrefix: 'IT', ticketDigits: 6, defaultLanguage: 'zh-CN', fromAddress: 'a@b.example', fromName: 'x', resolvedAutoCloseAfter: '72h', satisfactionWindow: '168h' };
  const configs = [
    { given: { day: 'mon', time: '09:00' }, ok: true },
    { given: { day: 'mon', time: '09:00', recipients: ['boss@corp.example'] }, ok: true },
    { given: { day: 'monday', time: '09:00' }, ok: false },
    { given: { day: 'mon', time: '24:00' }, ok: false },
    { given: { day: 'mon', time: '09:00', recipients: [] }, ok: false },
    { given: { day: 'mon', time: '09:00', cc: ['x@y.example'] }, ok: false },
  ];
  for (const c of configs)
    it(`${c.ok ? 'accepts' : 'refuses'} weeklyReport ${JSON.stringify(c.given)}`, () => expect(DeskSchema.safeParse({ ...desk, weeklyReport: c.given }).success).toBe(c.ok));
});
