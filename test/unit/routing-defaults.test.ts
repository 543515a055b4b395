// The shipped example routing (routing/defaults.example.yaml) loads, is self-consistent, and
// routes the IT-handbook examples as the handbook says, via the admin test-case runner.
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../routing/compile';
import { runRoutingCases, RoutingCasesSchema } from '../../routing/configTest';
import { routeTicket } from '../../routing/evaluate';
import { compilePriorityMatrix } from '../../routing/priority';
import { collectRoutingReferences } from '../../routing/references';
import { context, defaultConfig, readExample, ticket, WORKING_MORNING } from './routing-support';

const config = defaultConfig();
const rules = compileRules(config.rules, config.fallback);
const matrix = compilePriorityMatrix(config.priority);
const route = (title: string, description = '') => routeTicket(rules, matrix, ticket({ title, description }), context());

describe('the shipped example routing', () => {
  it('assigns every group a rule routes to, and the fallback group', () => {
    const groups = collectRoutingReferences(config.rules).filter((r) => r.kind === 'group').map((r) => r.name);
    for (const group of [...groups, config.fallback.group]) expect(Object.keys(config.assignment)).toContain(group);
  });

  it('uses only the product categories', () => {
    const categories = collectRoutingReferences(config.rules).filter((r) => r.kind === 'category').map((r) => r.name);
    const known = ['hardware', 'software', 'network', 'account', 'security', 'other'];
    expect(categories.filter((c) => !known.includes(c))).toEqual([]);
  });

  it('names each reference with its path in the rules', () => {
    const references = collectRoutingReferences(config.rules);
    expect(references).toContainEqual({ kind: 'calendar', name: 'office-hours', path: [1, 'when', 'timeOfDay', 'calendar'] });
    expect(references).toContainEqual({ kind: 'template', name: 'decline-out-of-scope', path: [2, 'then', 'decline', 'template'] });
  });

  const handbook = [
    { given: '打印机卡纸', expect: { category: 'hardware', group: 'desktop' } },
    { given: 'VPN 连不上', expect: { category: 'network', group: 'network' } },
    { given: '申请 ERP 权限', expect: { category: 'account', group: 'identity-access' } },
    { given: '邮箱密码忘了', expect: { category: 'account', group: 'identity-access' } },
    { given: '账号锁定', expect: { category: 'account', group: 'identity-access' } },
    { given: '服务器宕机', expect: { group: 'infrastructure', priority: 'P1' } },
    { given: '安装盗版软件', expect: { decline: { reason: '不支持安装盗版或未经批准的软件', template: 'decline-out-of-scope', rule: 'decline-pirated-software' } } },
    { given: '电脑中了勒索病毒', expect: { category: 'security', group: 'security', priority: 'P1' } },
    { given: 'OA 审批流程打不开', expect: { category: 'software', group: 'business-apps' } },
    { given: '新员工入职电脑准备', expect: { group: 'service-desk', priority: 'P4', tags: ['onboarding'] } },
    { given: '显示器不亮', expect: { category: 'hardware', group: 'desktop', priority: 'P3' } },
    { given: '需要开通 VPN 账号', expect: { group: 'identity-access', tags: ['needs-approval'] } },
  ];
  it.each(handbook)('"$given" is routed as the handbook says', ({ given, expect: expected }) => {
    expect(route(given)).toMatchObject(expected);
  });

  it('explains the handbook decision for a server outage', () => {
    const decision = route('服务器宕机');
    expect(decision.trace.at(-1)).toEqual({
      rule: 'infrastructure-outage',
      matched: true,
      why: expect.stringContaining("matched '服务器宕机' in title"),
    });
    expect(decision.priorityWhy).toMatch(/^keyword override .* matched '服务器宕机' → P1$/);
  });

  it('passes its own test cases (routing/defaults.cases.example.yaml)', () => {
    const cases = RoutingCasesSchema.parse(readExample('defaults.cases.example.yaml'));
    const results = runRoutingCases(cases, (given, at) => routeTicket(rules, matrix, given, context(at ?? WORKING_MORNING)));
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(10);
  });
});
