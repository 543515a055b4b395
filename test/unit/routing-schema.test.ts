// Config validation for routing: every mistake an admin can make is reported at its own path
// with a message that says what to fix.
import { describe, expect, it } from 'vitest';
import {
  AssignmentSchema,
  PriorityMatrixSchema,
  RoutingRulesSchema,
} from '../../routing/schema';
import { PLAIN_MATRIX } from './routing-support';

type Issue = { path: PropertyKey[]; message: string };
function issuesOf(result: { success: boolean; error?: { issues: Issue[] } }): Array<{ path: string; message: string }> {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('priority matrix schema', () => {
  it('accepts a complete matrix and fills in defaults', () => {
    const parsed = PriorityMatrixSchema.parse({ matrix: PLAIN_MATRIX.matrix });
    expect(parsed).toEqual({ ...PLAIN_MATRIX, matrix: PLAIN_MATRIX.matrix });
  });

  const cases = [
    {
      given: 'a missing cell',
      matrix: { ...PLAIN_MATRIX.matrix, department: { critical: 'P1', high: 'P2', medium: 'P3' } },
      expect: [{ path: 'matrix.department.low', message: "missing priority for impact 'department' × urgency 'low'" }],
    },
    {
      given: 'a missing row',
      matrix: { company: PLAIN_MATRIX.matrix.company, department: PLAIN_MATRIX.matrix.department },
      expect: [{ path: 'matrix.individual', message: "missing row for impact 'individual' (needs critical, high, medium, low)" }],
    },
    {
      given: 'a priority that does not exist',
      matrix: { ...PLAIN_MATRIX.matrix, company: { ...PLAIN_MATRIX.matrix.company, low: 'P5' } },
      expect: [{ path: 'matrix.company.low', message: 'expected one of P1, P2, P3, P4, got "P5"' }],
    },
    {
      given: 'a misspelt urgency',
      matrix: { ...PLAIN_MATRIX.matrix, company: { ...PLAIN_MATRIX.matrix.company, hihg: 'P1' } },
      expect: [{ path: 'matrix.company', message: 'Unrecognized key: "hihg"' }],
    },
  ];
  it.each(cases)('reports $given at its path', ({ matrix, expect: expected }) => {
    expect(issuesOf(PriorityMatrixSchema.safeParse({ matrix }))).toEqual(expected);
  });

  it('reports an invalid keyword-override pattern', () => {
    const result = PriorityMatrixSchema.safeParse({
      matrix: PLAIN_MATRIX.matrix,
      keywordOverrides: [{ pattern: '服务器(宕机', priority: 'P1' }],
    });
    expect(issuesOf(result)).toEqual([
      { path: 'keywordOverrides.0.pattern', message: 'invalid regular expression: Unterminated group' },
    ]);
  });

  it.each([{ vipBump: -1 }, { vipBump: 4 }, { vipBump: 1.5 }])('rejects vipBump $vipBump', ({ vipBump }) => {
    expect(PriorityMatrixSchema.safeParse({ matrix: PLAIN_MATRIX.matrix, vipBump }).success).toBe(false);
  });
});

describe('routing rules schema', () => {
  const printer = { name: 'printer', when: { keywords: ['打印机'] }, then: { group: 'desktop' } };

  const cases = [
    {
      given: 'an invalid regular expression',
      rules: [{ name: 'bad', when: { regex: '[unclosed' }, then: { group: 'desktop' } }],
      expect: [{ path: '0.when.regex', message: 'invalid regular expression: Unterminated character class' }],
    },
    {
      given: 'a duplicate rule name, on the second one',
      rules: [printer, { ...printer, when: { keywords: ['卡纸'] } }],
      expect: [{ path: '1.name', message: "duplicate rule name 'printer' (already used by rule #1)" }],
    },
    {
      given: 'a catch-all rule before other rules',
      rules: [{ name: 'everything', then: { group: 'service-desk' } }, printer],
      expect: [{ path: '0', message: "rule 'everything' matches every ticket, so the rules after it can never match" }],
    },
    {
      given: 'a rule whose only condition is an empty requester block',
      rules: [{ name: 'empty-requester', when: { requester: {} }, then: { group: 'x' } }, printer],
      expect: [{ path: '0', message: "rule 'empty-requester' matches every ticket, so the rules after it can never match" }],
    },
    {
      given: 'fields without keywords or regex',
      rules: [{ name: 'fields-only', when: { channel: 'mail', fields: ['title'] }, then: { group: 'x' } }],
      expect: [{ path: '0.when.fields', message: "'fields' only says where 'keywords' and 'regex' search, and this rule has neither" }],
    },
    {
      given: 'an unknown condition (typo)',
      rules: [{ name: 'typo', when: { keyword: ['vpn'] }, then: { group: 'network' } }],
      expect: [{ path: '0.when', message: 'Unrecognized key: "keyword"' }],
    },
    {
      given: 'an unknown channel',
      rules: [{ name: 'fax', when: { channel: 'fax' }, then: { group: 'x' } }],
      expect: [{ path: '0.when.channel', message: 'expected a value or a non-empty list of values' }],
    },
    {
      given: 'a decline without its template',
      rules: [{ name: 'decline', when: { keywords: ['盗版'] }, then: { decline: { reason: '不支持盗版软件' } } }],
      expect: [{ path: '0.then.decline.template', message: 'Invalid input: expected string, received undefined' }],
    },
    {
      given: 'a duplicate name next to another broken rule (both reported at once)',
      rules: [printer, { name: 'printer', when: { regex: '(' } }],
      expect: [
        { path: '1.when.regex', message: 'invalid regular expression: Unterminated group' },
        { path: '1.name', message: "duplicate rule name 'printer' (already used by rule #1)" },
      ],
    },
  ];
  it.each(cases)('reports $given', ({ rules, expect: expected }) => {
    expect(issuesOf(RoutingRulesSchema.safeParse(rules))).toEqual(expected);
  });

  const accepted = [
    { given: 'a catch-all as the last rule', rules: [printer, { name: 'rest', then: { group: 'service-desk' } }] },
    { given: 'a catch-all with continue before other rules', rules: [{ name: 'tag-all', then: { tags: ['x'] }, continue: true }, printer] },
    { given: 'one value or a list for list-like conditions', rules: [{ name: 'lists', when: { category: 'hardware', channel: ['mail', 'im'], requester: { department: ['财务部', '人事部'], vip: true } } }] },
    { given: 'an empty rule list', rules: [] },
  ];
  it.each(accepted)('accepts $given', ({ rules }) => {
    expect(issuesOf(RoutingRulesSchema.safeParse(rules))).toEqual([]);
  });
});

describe('assignment schema', () => {
  it('reports a member listed twice', () => {
    const result = AssignmentSchema.safeParse({ strategy: 'round-robin', members: [{ id: 'li.na' }, { id: 'li.na' }] });
    expect(issuesOf(result)).toEqual([{ path: 'members.1.id', message: "member 'li.na' is listed twice" }]);
  });

  it('reports an unknown strategy and an empty group', () => {
    const result = AssignmentSchema.safeParse({ strategy: 'random', members: [] });
    expect(issuesOf(result).map((i) => i.path)).toEqual(['strategy', 'members']);
  });

  it('gives members no skills by default', () => {
    expect(AssignmentSchema.parse({ strategy: 'skills', members: [{ id: 'sun.hao' }] }).members).toEqual([{ id: 'sun.hao', skills: [] }]);
  });
});
