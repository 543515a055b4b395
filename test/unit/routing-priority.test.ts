// Priority: impact × urgency from the shipped matrix, keyword overrides (Chinese and English),
// the precedence between explicit priorities, and the VIP bump capped at P1.
import { describe, expect, it } from 'vitest';
import { compilePriorityMatrix, raisePriority, resolvePriority } from '../../routing/priority';
import { PriorityMatrixSchema } from '../../routing/schema';
import { foldText } from '../../routing/text';
import { defaultConfig, PLAIN_MATRIX, router } from './routing-support';

const shipped = compilePriorityMatrix(defaultConfig().priority);

function priorityFor(inputs: Partial<Parameters<typeof resolvePriority>[1]> & { text?: string }) {
  const { text = '', ...rest } = inputs;
  return resolvePriority(shipped, {
    impact: 'individual',
    urgency: 'medium',
    texts: [foldText(text)],
    vip: false,
    ...rest,
  });
}

describe('the shipped impact × urgency matrix', () => {
  const cells = [
    { impact: 'company', urgency: 'critical', expect: 'P1' },
    { impact: 'company', urgency: 'high', expect: 'P1' },
    { impact: 'company', urgency: 'medium', expect: 'P2' },
    { impact: 'company', urgency: 'low', expect: 'P3' },
    { impact: 'department', urgency: 'critical', expect: 'P1' },
    { impact: 'department', urgency: 'high', expect: 'P2' },
    { impact: 'department', urgency: 'medium', expect: 'P3' },
    { impact: 'department', urgency: 'low', expect: 'P3' },
    { impact: 'individual', urgency: 'critical', expect: 'P2' },
    { impact: 'individual', urgency: 'high', expect: 'P3' },
    { impact: 'individual', urgency: 'medium', expect: 'P3' },
    { impact: 'individual', urgency: 'low', expect: 'P4' },
  ] as const;

  it.each(cells)('$impact impact with $urgency urgency is $expect', ({ impact, urgency, expect: expected }) => {
    const verdict = priorityFor({ impact, urgency });
    expect(verdict).toEqual({
      priority: expected,
      source: 'matrix',
      why: `matrix: impact ${impact} × urgency ${urgency} → ${expected}`,
    });
  });

  it('covers all twelve cells', () => {
    expect(Object.values(shipped.matrix).flatMap((row) => Object.values(row))).toHaveLength(cells.length);
  });
});

describe('keyword overrides', () => {
  const cases = [
    { given: '服务器宕机', expect: 'P1', matched: '服务器宕机' },
    { given: '文件服务器又挂了，大家都打不开共享盘', expect: 'P1', matched: '服务器又挂了' },
    { given: '核心系统全部瘫痪', expect: 'P1', matched: '核心系统全部瘫痪' },
    { given: '疑似客户数据泄露', expect: 'P1', matched: '数据泄露' },
    { given: 'Possible DATA LEAK from the CRM export', expect: 'P1', matched: 'data leak' },
    { given: 'mail server is down since 9am', expect: 'P1', matched: 'server is down' },
    { given: '整个部门都无法打印', expect: 'P2', matched: '整个部门都无法' },
    { given: '重要数据误删了', expect: 'P2', matched: '重要数据误删' },
  ];
  it.each(cases)('"$given" is $expect', ({ given, expect: expected, matched }) => {
    const verdict = priorityFor({ text: given, urgency: 'low' });
    expect(verdict.priority).toBe(expected);
    expect(verdict.source).toBe('keyword-override');
    expect(verdict.why).toContain(`matched '${matched}'`);
  });

  it('takes the most urgent override when several match', () => {
    expect(priorityFor({ text: '整个部门都无法上网，服务器宕机了' }).priority).toBe('P1');
  });

  it('leaves ordinary text to the matrix', () => {
    expect(priorityFor({ text: '鼠标不灵了' }).source).toBe('matrix');
  });
});

describe('precedence: override > rule > requester > matrix', () => {
  const cases = [
    {
      given: 'all four say something',
      inputs: { text: '服务器宕机', rulePriority: { priority: 'P3', rule: 'r' }, requesterPriority: 'P4', urgency: 'low' },
      expect: { priority: 'P1', source: 'keyword-override' },
    },
    {
      given: 'a rule and the requester',
      inputs: { rulePriority: { priority: 'P2', rule: 'vip-desk' }, requesterPriority: 'P4' },
      expect: { priority: 'P2', source: 'rule' },
    },
    {
      given: 'the requester over the matrix',
      inputs: { requesterPriority: 'P2', impact: 'individual', urgency: 'low' },
      expect: { priority: 'P2', source: 'requester' },
    },
    {
      given: 'only impact and urgency',
      inputs: { impact: 'company', urgency: 'medium' },
      expect: { priority: 'P2', source: 'matrix' },
    },
  ] as const;
  it.each(cases)('$given → $expect.priority from $expect.source', ({ inputs, expect: expected }) => {
    expect(priorityFor(inputs)).toMatchObject(expected);
  });
});

describe('VIP bump', () => {
  const bumpBy = (vipBump: number) =>
    compilePriorityMatrix(PriorityMatrixSchema.parse({ matrix: PLAIN_MATRIX.matrix, vipBump }));

  const cases = [
    { base: 'P4', vipBump: 1, expect: 'P3' },
    { base: 'P3', vipBump: 1, expect: 'P2' },
    { base: 'P2', vipBump: 1, expect: 'P1' },
    { base: 'P1', vipBump: 1, expect: 'P1' },
    { base: 'P4', vipBump: 2, expect: 'P2' },
    { base: 'P3', vipBump: 3, expect: 'P1' },
    { base: 'P3', vipBump: 0, expect: 'P3' },
  ] as const;
  it.each(cases)('a VIP with $base and vipBump $vipBump gets $expect', ({ base, vipBump, expect: expected }) => {
    const verdict = resolvePriority(bumpBy(vipBump), {
      impact: 'individual',
      urgency: 'medium',
      texts: [],
      requesterPriority: base,
      vip: true,
    });
    expect(verdict.priority).toBe(expected);
  });

  it('does not bump requesters who are not VIP', () => {
    const verdict = resolvePriority(bumpBy(2), { impact: 'individual', urgency: 'low', texts: [], vip: false });
    expect(verdict.priority).toBe('P4');
  });

  it('explains the bump, and that P1 cannot go higher', () => {
    const raised = resolvePriority(bumpBy(1), { impact: 'individual', urgency: 'medium', texts: [], vip: true });
    expect(raised.why).toBe('matrix: impact individual × urgency medium → P3; VIP requester: raised P3 → P2');
    const capped = resolvePriority(bumpBy(1), { impact: 'company', urgency: 'critical', texts: [], vip: true });
    expect(capped.why).toBe('matrix: impact company × urgency critical → P1; VIP requester, already P1');
  });

  it('raisePriority never goes above P1', () => {
    expect(raisePriority('P2', 5)).toBe('P1');
  });
});

describe('priority inside routeTicket', () => {
  const route = router(
    [
      { name: 'vip-desk', when: { requester: { department: '总经办' } }, then: { priority: 'P2', group: 'desktop' } },
      { name: 'storage', when: { keywords: ['存储'] }, then: { impact: 'department', urgency: 'high', group: 'infrastructure' } },
    ],
    PriorityMatrixSchema.parse({
      matrix: PLAIN_MATRIX.matrix,
      keywordOverrides: [{ pattern: '宕机', priority: 'P1' }],
      vipBump: 1,
    }),
  );

  const cases = [
    { given: { title: '鼠标坏了' }, expect: { priority: 'P3', impact: 'individual', urgency: 'medium', prioritySource: 'matrix' } },
    { given: { title: '鼠标坏了', priority: 'P4' }, expect: { priority: 'P4', prioritySource: 'requester' } },
    { given: { title: '存储告警' }, expect: { priority: 'P2', impact: 'department', urgency: 'high' } },
    { given: { title: '存储告警', impact: 'company', urgency: 'low' }, expect: { priority: 'P2', impact: 'department', urgency: 'high' } },
    { given: { title: '打印机坏了', requester: { department: '总经办' }, priority: 'P4' }, expect: { priority: 'P2', prioritySource: 'rule' } },
    { given: { title: '系统宕机', priority: 'P4' }, expect: { priority: 'P1', prioritySource: 'keyword-override' } },
    { given: { title: '键盘失灵', requester: { vip: true } }, expect: { priority: 'P2', prioritySource: 'matrix' } },
  ] as const;
  it.each(cases)('"$given.title" → $expect.priority', ({ given, expect: expected }) => {
    expect(route(given)).toMatchObject(expected);
  });
});
