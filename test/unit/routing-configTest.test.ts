// Admin-written routing test cases: parsed with their own schema, run against a config, and
// failures reported as readable diffs.
import { describe, expect, it } from 'vitest';
import { runRoutingCases, RoutingCasesSchema } from '../../routing/configTest';
import { router } from './routing-support';

const route = router([
  { name: 'vip-watch', when: { requester: { vip: true } }, then: { tags: ['vip'] }, continue: true },
  { name: 'decline-pirated', when: { keywords: ['盗版'] }, then: { decline: { reason: '不支持盗版软件', template: 'decline' } } },
  { name: 'printer', when: { keywords: ['打印机'] }, then: { category: 'hardware', group: 'desktop' } },
]);
const evaluate = (t: Parameters<typeof route>[0], at: Date | undefined) => route(t, at);

describe('running routing test cases', () => {
  const cases = [
    {
      name: 'passes when everything expected holds',
      given: { title: '打印机卡纸' },
      expect: { category: 'hardware', group: 'desktop', priority: 'P3', rule: 'printer', declined: false },
      diff: [],
    },
    {
      name: 'reports each wrong field',
      given: { title: '打印机卡纸' },
      expect: { priority: 'P1', group: 'network', category: 'hardware' },
      diff: ['priority: expected P1, got P3', 'group: expected network, got desktop'],
    },
    {
      name: 'reports an expected decline that did not happen',
      given: { title: '打印机卡纸' },
      expect: { declined: true },
      diff: ['declined: expected declined, got not declined'],
    },
    {
      name: 'reports an unexpected decline with the rule',
      given: { title: '安装盗版软件' },
      expect: { declined: false },
      diff: ["declined: expected not declined, got declined by rule 'decline-pirated'"],
    },
    {
      name: 'reports a rule that did not match',
      given: { title: '打印机卡纸', requester: { vip: true } },
      expect: { rule: 'decline-pirated' },
      diff: ["rule: expected 'decline-pirated' to match, matched 'vip-watch', 'printer'"],
    },
    {
      name: 'reports a rule when nothing matched',
      given: { title: '会议室预订' },
      expect: { rule: 'printer' },
      diff: ["rule: expected 'printer' to match, matched none"],
    },
    {
      name: 'reports a missing tag',
      given: { title: '打印机卡纸' },
      expect: { tags: ['vip'] },
      diff: ["tags: expected to include 'vip', got []"],
    },
  ];

  const results = runRoutingCases(RoutingCasesSchema.parse(cases.map(({ diff: _diff, ...c }) => c)), evaluate);

  it.each(cases.map((c, i) => ({ ...c, result: results[i] })))('$name', ({ name, diff, result }) => {
    expect(result).toEqual({ name, passed: diff.length === 0, diff });
  });

  it('reports routing that failed instead of stopping the run', () => {
    const withUnknownCalendar = router([
      { name: 'night', when: { timeOfDay: { calendar: 'no-such-calendar', within: 'outside' } }, then: { group: 'duty' } },
    ]);
    const parsed = RoutingCasesSchema.parse([
      { name: 'night ticket', given: { title: '夜间打印机' }, expect: { group: 'duty' } },
      { name: 'still runs', given: { title: '打印机' }, expect: { group: 'desktop' } },
    ]);
    const results = runRoutingCases(parsed, (t, at) => (t.title === '打印机' ? route(t, at) : withUnknownCalendar(t, at)));
    expect(results).toEqual([
      { name: 'night ticket', passed: false, diff: ["routing failed: unknown calendar 'no-such-calendar'"] },
      { name: 'still runs', passed: true, diff: [] },
    ]);
  });

  it('passes the case time to the evaluator', () => {
    const seen: Array<Date | undefined> = [];
    const parsed = RoutingCasesSchema.parse([
      { name: 'with time', at: '2026-10-01T10:00:00+08:00', given: { title: 'x' }, expect: { group: 'service-desk' } },
      { name: 'without time', given: { title: 'x' }, expect: { group: 'service-desk' } },
    ]);
    runRoutingCases(parsed, (t, at) => (seen.push(at), route(t, at)));
    expect(seen).toEqual([new Date('2026-10-01T02:00:00Z'), undefined]);
  });
});

describe('routing test case schema', () => {
  const cases = [
    {
      given: 'a case that checks nothing',
      cases: [{ name: 'empty', given: { title: 'x' }, expect: {} }],
      expect: [{ path: '0.expect', message: "'expect' must name at least one thing to check" }],
    },
    {
      given: 'two cases with the same name',
      cases: [
        { name: 'printer', given: { title: '打印机' }, expect: { group: 'desktop' } },
        { name: 'printer', given: { title: '卡纸' }, expect: { group: 'desktop' } },
      ],
      expect: [{ path: '1.name', message: "duplicate test case name 'printer'" }],
    },
    {
      given: 'a misspelt expectation',
      cases: [{ name: 'typo', given: { title: 'x' }, expect: { gruop: 'desktop' } }],
      expect: [
        { path: '0.expect', message: 'Unrecognized key: "gruop"' },
        { path: '0.expect', message: "'expect' must name at least one thing to check" },
      ],
    },
    {
      given: 'a time without an offset',
      cases: [{ name: 'naive time', at: '2026-10-01T10:00:00', given: { title: 'x' }, expect: { group: 'x' } }],
      expect: [{ path: '0.at', message: 'Invalid ISO datetime' }],
    },
  ];
  it.each(cases)('reports $given', ({ cases: input, expect: expected }) => {
    const result = RoutingCasesSchema.safeParse(input);
    expect((result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }))).toEqual(expected);
  });
});
