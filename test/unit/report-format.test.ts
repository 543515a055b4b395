// The report's formats over the same known tickets as report-compute.test.ts: CSV keeps every
// rate's numerator and denominator, HTML is self-contained with its four charts, the table reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigOrThrow } from '../../config/load';
import { computeReport, type Report } from '../../report/compute';
import { ticketFacts } from '../../report/facts';
import { formatDuration, formatRate, formatReportCsv, formatReportTable } from '../../report/format';
import { formatReportHtml } from '../../report/html';
import { playTicket } from '../support/ticketHistory';
import { TICKETS } from '../fixtures/reports/novemberTickets';

let report: Report;
beforeAll(async () => {
  const config = await loadConfigOrThrow('config');
  report = computeReport(TICKETS.map((s) => ticketFacts(playTicket(s, config.calendars))), {
    from: new Date('2026-11-01T00:00:00+08:00'),
    to: new Date('2026-12-01T00:00:00+08:00'),
    timeZone: 'Asia/Shanghai',
    generatedAt: new Date('2026-12-01T01:00:00Z'),
  });
});

describe('report formats', () => {
  const durations = [
    { s: null, expect: '—' }, { s: 42, expect: '42s' }, { s: 1457, expect: '24m' }, { s: 5400, expect: '1h 30m' }, { s: 399600, expect: '4d 15h' },
  ];
  for (const d of durations) it(`writes ${d.s} s as ${d.expect}`, () => expect(formatDuration(d.s)).toBe(d.expect));
  it('writes a rate with its fraction', () => expect(formatRate({ numerator: 6, denominator: 8, value: 0.75 })).toBe('75.0 % (6/8)'));

  it('puts every rate into CSV with numerator, denominator and definition', () => {
    const rows = formatReportCsv(report).trimEnd().split('\r\n');
    expect(rows[0]).toBe('section,figure,key,value,numerator,denominator,unit,definition');
    expect(rows).toContain(`response SLA,compliance,all,0.7500,6,8,ratio,"First-response SLA met ÷ measured. A ticket is measured in the period its outcome was decided: when it was first answered within target (met), or when the target passed unanswered (not met). Each ticket counts once, in one period."`);
    expect(rows.some((r) => r.startsWith('resolution SLA,compliance by priority,P1,0.0000,0,1,ratio,'))).toBe(true);
    expect(rows.some((r) => r.startsWith('quality,first-contact resolution,,0.7500,6,8,ratio,'))).toBe(true);
    expect(rows.some((r) => r.startsWith('satisfaction,dissatisfied ticket,RP-04,ticket RP-04,'))).toBe(true);
    expect(rows.filter((r) => r.startsWith('per day,opened,'))).toHaveLength(30);
  });

  it('renders a self-contained HTML page with four charts and no scripts or remote resources', () => {
    const html = formatReportHtml(report, 'IT 服务台');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('2026-11-01 – 2026-11-30');
    expect(html).toContain('<b>75.0 %</b> <span class="muted">6/8</span>');
    expect(html).toContain('太慢了');
  });

  it('escapes what people wrote', () => {
    const hostile = { ...report, satisfaction: { ...report.satisfaction, dissatisfied: [{ ...report.satisfaction.dissatisfied[0], comment: '<img src=x onerror=alert(1)>' }] } };
    expect(formatReportHtml(hostile)).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('prints a table with definitions', () => {
    const text = formatReportTable(report);
    expect(text).toMatch(/^Service report 2026-11-01 – 2026-11-30 \(Asia\/Shanghai\)\n/);
    expect(text).toContain('  overall                75.0 % (6/8)');
    expect(text).toContain('  满意 satisfied                2'); // CJK counts two columns
    expect(text).toContain('  RP-04  ticket RP-04  [desktop]  “太慢了”');
    expect(text).toContain('(Tickets resolved in P that were reopened after that resolution ÷ tickets resolved in P.)');
  });
});
