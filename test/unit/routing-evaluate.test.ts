// routeTicket: each condition kind, first match wins, `continue`, declines, fallbacks, and the
// trace that tells an admin why each rule did or did not match.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileRules } from '../../routing/compile';
import { routeTicket } from '../../routing/evaluate';
import { compilePriorityMatrix } from '../../routing/priority';
import { RoutingRulesSchema, type RoutableTicketInput } from '../../routing/schema';
import { context, PLAIN_MATRIX, router, ticket } from './routing-support';

const printerRule = { name: 'printer', when: { keywords: ['打印机', '卡纸', 'printer'] }, then: { category: 'hardware', group: 'desktop' } };

describe('each condition kind', () => {
  type Case = { kind: string; when: object; matches: RoutableTicketInput; misses: RoutableTicketInput; why: string; whyNot: string };
  const cases: Case[] = [
    {
      kind: 'keywords in title',
      when: { keywords: ['打印机', '卡纸'] },
      matches: { title: '三楼打印机卡纸' },
      misses: { title: '显示器不亮' },
      why: "keyword '打印机' in title",
      whyNot: "no keyword of '打印机', '卡纸' in title or description",
    },
    {
      kind: 'keywords in description, ignoring case and full-width letters',
      when: { keywords: ['VPN'] },
      matches: { title: '在家办公', description: '公司 ｖｐｎ 客户端打不开' },
      misses: { title: '在家办公', description: '邮件收不到' },
      why: "keyword 'VPN' in description",
      whyNot: "no keyword of 'VPN' in title or description",
    },
    {
      kind: 'keywords limited to the title',
      when: { keywords: ['密码'], fields: ['title'] },
      matches: { title: '邮箱密码忘了' },
      misses: { title: '邮件发不出去', description: '提示密码错误' },
      why: "keyword '密码' in title",
      whyNot: "no keyword of '密码' in title",
    },
    {
      kind: 'regex',
      when: { regex: '(申请|开通).{0,8}权限' },
      matches: { title: '申请 ERP 权限' },
      misses: { title: 'ERP 打不开' },
      why: "regex /(申请|开通).{0,8}权限/ matched '申请 erp 权限' in title",
      whyNot: 'regex /(申请|开通).{0,8}权限/ not found in title or description',
    },
    {
      kind: 'category (one of a list)',
      when: { category: ['hardware', 'software'] },
      matches: { title: 'x', category: 'software' },
      misses: { title: 'x', category: 'network' },
      why: 'category is software',
      whyNot: 'category is network, not hardware or software',
    },
    {
      kind: 'category when the ticket has none',
      when: { category: 'hardware' },
      matches: { title: 'x', category: 'hardware' },
      misses: { title: 'x' },
      why: 'category is hardware',
      whyNot: 'no category yet (wants hardware)',
    },
    {
      kind: 'channel',
      when: { channel: ['phone', 'walk-in'] },
      matches: { title: 'x', channel: 'walk-in' },
      misses: { title: 'x', channel: 'mail' },
      why: "channel is 'walk-in'",
      whyNot: "channel is 'mail', not 'phone', 'walk-in'",
    },
    {
      kind: 'mailbox, case-insensitive',
      when: { mailbox: 'security@example.cn' },
      matches: { title: 'x', channel: 'mail', mailbox: 'Security@Example.cn' },
      misses: { title: 'x', channel: 'api' },
      why: "mailbox is 'security@example.cn'",
      whyNot: "no mailbox (wants 'security@example.cn')",
    },
    {
      kind: 'requester department',
      when: { requester: { department: ['财务部', '审计部'] } },
      matches: { title: 'x', requester: { department: '财务部' } },
      misses: { title: 'x', requester: { department: '销售部' } },
      why: "requester department is '财务部'",
      whyNot: "requester department is '销售部', not '财务部', '审计部'",
    },
    {
      kind: 'requester location',
      when: { requester: { location: '上海总部' } },
      matches: { title: 'x', requester: { location: '上海总部' } },
      misses: { title: 'x', requester: { location: '苏州工厂' } },
      why: "requester location is '上海总部'",
      whyNot: "requester location is '苏州工厂', not '上海总部'",
    },
    {
      kind: 'requester is VIP',
      when: { requester: { vip: true } },
      matches: { title: 'x', requester: { vip: true } },
      misses: { title: 'x' },
      why: 'requester is VIP',
      whyNot: 'requester is not VIP',
    },
    {
      kind: 'requester is not VIP',
      when: { requester: { vip: false } },
      matches: { title: 'x' },
      misses: { title: 'x', requester: { vip: true } },
      why: 'requester is not VIP',
      whyNot: 'requester is VIP',
    },
    {
      kind: 'affected system',
      when: { affectedSystem: ['ERP', 'OA'] },
      matches: { title: 'x', affectedSystem: 'erp' },
      misses: { title: 'x', affectedSystem: 'CRM' },
      why: "affected system is 'erp'",
      whyNot: "affected system is 'crm', not 'ERP', 'OA'",
    },
  ];

  it.each(cases)('$kind: matches and says why', ({ when, matches, why }) => {
    const decision = router([{ name: 'rule', when, then: { group: 'g' } }])(matches);
    expect(decision.group).toBe('g');
    expect(decision.trace).toEqual([{ rule: 'rule', matched: true, why }]);
  });

  it.each(cases)('$kind: misses and says which condition failed', ({ when, misses, whyNot }) => {
    const decision = router([{ name: 'rule', when, then: { group: 'g' } }])(misses);
    expect(decision.group).toBe('service-desk');
    expect(decision.trace).toEqual([{ rule: 'rule', matched: false, why: whyNot }]);
  });
});

describe('time of day', () => {
  const route = router([
    { name: 'night-shift', when: { timeOfDay: { calendar: 'office-hours', within: 'outside' } }, then: { group: 'duty' } },
    { name: 'day', when: { timeOfDay: { calendar: 'office-hours', within: 'working' } }, then: { group: 'service-desk' } },
  ]);
  const cases = [
    { at: '2026-09-30T10:00:00+08:00', given: 'a weekday morning', expect: 'service-desk' },
    { at: '2026-09-30T12:30:00+08:00', given: 'the lunch break', expect: 'duty' },
    { at: '2026-09-30T20:00:00+08:00', given: 'a weekday evening', expect: 'duty' },
    { at: '2026-10-02T10:00:00+08:00', given: 'the National Day holiday', expect: 'duty' },
    { at: '2026-10-10T10:00:00+08:00', given: 'the Saturday make-up working day', expect: 'service-desk' },
  ];
  it.each(cases)('in $given goes to $expect', ({ at, expect: expected }) => {
    expect(route({ title: '电脑开不了机' }, new Date(at)).group).toBe(expected);
  });

  it('explains the calendar verdict', () => {
    const decision = route({ title: 'x' }, new Date('2026-09-30T20:00:00+08:00'));
    expect(decision.trace[0]).toEqual({
      rule: 'night-shift',
      matched: true,
      why: "received outside working time of calendar 'office-hours'",
    });
  });

  it('asks the calendar once per calendar per ticket', () => {
    const isWorkingTime = vi.fn(() => false);
    const compiled = compileRules(RoutingRulesSchema.parse([
      { name: 'a', when: { timeOfDay: { calendar: 'office-hours', within: 'working' } }, then: { group: 'a' } },
      { name: 'b', when: { timeOfDay: { calendar: 'office-hours', within: 'working' } }, then: { group: 'b' } },
    ]));
    routeTicket(compiled, compilePriorityMatrix(PLAIN_MATRIX), ticket({ title: 'x' }), { isWorkingTime, now: new Date() });
    expect(isWorkingTime).toHaveBeenCalledTimes(1);
  });
});

describe('rule order and continue', () => {
  it('stops at the first matching rule', () => {
    const decision = router([
      printerRule,
      { name: 'hardware-generic', when: { keywords: ['打印机', '电脑'] }, then: { group: 'hardware-team' } },
    ])({ title: '打印机卡纸' });
    expect(decision.group).toBe('desktop');
    expect(decision.matchedRules).toEqual(['printer']);
    expect(decision.trace.map((t) => t.rule)).toEqual(['printer']);
  });

  it('lists every condition that failed, not just the first', () => {
    const decision = router([
      { name: 'finance-erp', when: { keywords: ['ERP'], requester: { department: '财务部' }, channel: 'mail' }, then: { group: 'x' } },
    ])({ title: '打印机', channel: 'phone', requester: { department: '财务部' } });
    expect(decision.trace[0].why).toBe("no keyword of 'ERP' in title or description; channel is 'phone', not 'mail'");
  });

  it('keeps evaluating after a continue rule and merges its actions', () => {
    const decision = router([
      { name: 'vip-watch', when: { requester: { vip: true } }, then: { tags: ['vip'], watchers: ['it-manager'] }, continue: true },
      { name: 'mail-tag', when: { channel: 'mail' }, then: { tags: ['vip', 'from-mail'], group: 'service-desk' }, continue: true },
      printerRule,
      { name: 'never-reached', when: { keywords: ['打印机'] }, then: { group: 'other' } },
    ])({ title: '打印机卡纸', channel: 'mail', requester: { vip: true } });
    expect(decision).toMatchObject({
      group: 'desktop',
      category: 'hardware',
      tags: ['vip', 'from-mail'],
      watchers: ['it-manager'],
      matchedRules: ['vip-watch', 'mail-tag', 'printer'],
    });
    expect(decision.trace).toEqual([
      { rule: 'vip-watch', matched: true, why: 'requester is VIP (continue)' },
      { rule: 'mail-tag', matched: true, why: "channel is 'mail' (continue)" },
      { rule: 'printer', matched: true, why: "keyword '打印机' in title" },
    ]);
  });

  it('lets a later rule see the category an earlier continue rule set', () => {
    const decision = router([
      { name: 'classify-network', when: { keywords: ['vpn', 'wifi'] }, then: { category: 'network' }, continue: true },
      { name: 'network-to-team', when: { category: 'network' }, then: { group: 'network' } },
    ])({ title: 'WiFi 掉线' });
    expect(decision).toMatchObject({ category: 'network', group: 'network' });
  });

  it('matches every ticket with a condition-less last rule', () => {
    const decision = router([printerRule, { name: 'rest', then: { group: 'service-desk', tags: ['triage'] } }])({ title: '会议室投影仪' });
    expect(decision.trace[1]).toEqual({ rule: 'rest', matched: true, why: 'no conditions: matches every ticket' });
    expect(decision.tags).toEqual(['triage']);
  });

  it('falls back to the configured category and group when no rule decides', () => {
    const compiled = compileRules(RoutingRulesSchema.parse([printerRule]), { category: 'consulting', group: 'l1' });
    const decision = routeTicket(compiled, compilePriorityMatrix(PLAIN_MATRIX), ticket({ title: '怎么预订会议室' }), context());
    expect(decision).toMatchObject({ category: 'consulting', group: 'l1', matchedRules: [] });
  });

  it('keeps the category the requester picked when no rule changes it', () => {
    expect(router([printerRule])({ title: '问个问题', category: 'software' }).category).toBe('software');
  });
});

describe('decline', () => {
  const route = router([
    { name: 'decline-pirated', when: { keywords: ['盗版', '破解版'] }, then: { decline: { reason: '不支持安装盗版软件', template: 'decline-out-of-scope' } } },
    { name: 'software', when: { keywords: ['安装'] }, then: { category: 'software', group: 'desktop' } },
  ]);

  it('declines out-of-scope requests with the reason and template', () => {
    const decision = route({ title: '安装盗版软件' });
    expect(decision.decline).toEqual({ reason: '不支持安装盗版软件', template: 'decline-out-of-scope', rule: 'decline-pirated' });
    expect(decision.matchedRules).toEqual(['decline-pirated']);
  });

  it('does not decline an ordinary install request', () => {
    const decision = route({ title: '安装 WPS' });
    expect(decision.decline).toBeUndefined();
    expect(decision.group).toBe('desktop');
  });
});

describe('compiled once', () => {
  afterEach(() => vi.restoreAllMocks());

  it('builds no RegExp while routing tickets', () => {
    const route = router([
      { name: 'access', when: { regex: '(申请|开通).{0,8}权限' }, then: { group: 'identity-access' } },
      printerRule,
    ], { ...PLAIN_MATRIX, keywordOverrides: [{ pattern: '服务器.{0,4}宕机', priority: 'P1' }] });
    const constructed = vi.spyOn(globalThis, 'RegExp');
    for (const title of ['申请 ERP 权限', '打印机卡纸', '服务器宕机']) route({ title });
    expect(constructed).not.toHaveBeenCalled();
  });
});
