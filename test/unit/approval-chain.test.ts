// Approval chains as pure logic: what an approval of step n leads to, which approver each step
// of the shipped catalogue's items resolves to (line manager from the directory, the system's
// owner, IT), what older plans count as, and the plan a catalogue request gets.
import { beforeAll, describe, expect, it } from 'vitest';
import { afterApproval, approvalChainOf, catalogueApprovalChain, type ChainContext } from '../../ticket/approvalChain';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { DirectorySchema } from '../../config/schema/directory';
import { TicketIntakeSchema } from '../../ticket/intake';
import { planTicket } from '../../ticket/plan';
import type { TicketPlan } from '../../ticket/state';

let config: LoadedConfig;
beforeAll(async () => {
  config = await loadConfigOrThrow('config');
});

describe('after an approval', () => {
  const cases = [
    { given: { chainLength: 1, step: 0 }, expect: 'approved' },
    { given: { chainLength: 2, step: 0 }, expect: { next: 1 } },
    { given: { chainLength: 2, step: 1 }, expect: 'approved' },
    { given: { chainLength: 3, step: 1 }, expect: { next: 2 } },
  ] as const;
  it.each(cases)('step $given.step of $given.chainLength leads to $expect', ({ given, expect: want }) => {
    expect(afterApproval(given.chainLength, given.step)).toEqual(want);
  });
});

describe('the steps a plan asks for', () => {
  const single = { because: { tag: 'needs-approval' }, approver: { role: 'moduleOwner' }, reminderAfterSeconds: 60, timeoutAfterSeconds: 120, onTimeout: 'escalate', approverPerson: null } as const;
  const cases: Array<{ name: string; given: Pick<TicketPlan, 'approval' | 'approvalChain'>; expect: number }> = [
    { name: 'a plan from before approvals needs none', given: { approval: null }, expect: 0 },
    { name: 'a plan from before chains: its one approval is a chain of one', given: { approval: single }, expect: 1 },
    { name: "a request's chain is the chain", given: { approval: single, approvalChain: [single, { ...single, step: 1 }] }, expect: 2 },
    { name: 'an item that needs no approval', given: { approval: null, approvalChain: [] }, expect: 0 },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => expect(approvalChainOf(given)).toHaveLength(want));
});

describe('who approves each step of the shipped catalogue', () => {
  const directory = DirectorySchema.parse({
    people: [
      { email: 'alice@corp.example', name: '张三', manager: 'bob@corp.example' },
      { email: 'bob@corp.example', name: '李四' },
      { email: 'carol@corp.example', name: '王五', manager: 'wu.qiang@corp.example' },
    ],
  });
  const ctx = (requesterEmail: string, fields: ChainContext['fields'], groupId: string): ChainContext => ({
    catalogue: config.catalogue,
    groups: config.groups,
    directory,
    groupId,
    requesterEmail,
    fields,
  });
  const cases: Array<{ name: string; item: string; ctx: () => ChainContext; expect: Array<[string | null, string?]> }> = [
    { name: 'software: the line manager (no desk member), then IT', item: 'software-installation', ctx: () => ctx('alice@corp.example', {}, 'desktop'), expect: [['bob@corp.example'], ['chen.jie']] },
    { name: 'a manager who is a desk member decides with their member id', item: 'hardware', ctx: () => ctx('carol@corp.example', {}, 'desktop'), expect: [['wu.qiang'], ['chen.jie']] },
    {
      name: 'without a manager on file, the lead of the group that does the work decides',
      item: 'hardware',
      ctx: () => ctx('dave@corp.example', {}, 'desktop'),
      expect: [['chen.jie', 'no line manager of dave@corp.example in directory.yaml: the lead of desktop decides'], ['chen.jie']],
    },
    { name: "permission: then the owner of the system asked for (ERP)", item: 'permission', ctx: () => ctx('alice@corp.example', { system: 'erp' }, 'identity-access'), expect: [['bob@corp.example'], ['zhou.min']] },
    { name: 'account: the owner of the VPN', item: 'account', ctx: () => ctx('alice@corp.example', { system: 'vpn' }, 'identity-access'), expect: [['bob@corp.example'], ['zhang.wei']] },
    { name: 'new-staff setup needs no approval', item: 'new-staff-setup', ctx: () => ctx('alice@corp.example', {}, 'service-desk'), expect: [] },
  ];
  it.each(cases)('$name', ({ item, ctx: context, expect: want }) => {
    const chain = catalogueApprovalChain(item, config.catalogue.items[item], context());
    expect(chain.map((s) => [s.approverPerson?.id ?? null, ...(s.substitute ? [s.substitute] : [])])).toEqual(want);
    chain.forEach((step, index) => {
      expect(step).toMatchObject({ step: index, because: { item }, reminderAfterSeconds: 86_400, timeoutAfterSeconds: 3 * 86_400, onTimeout: 'escalate' });
    });
  });
});

describe('the plan of a catalogue request', () => {
  const at = new Date('2026-09-30T10:00:00+08:00');
  const intake = (extra: Record<string, unknown>) => TicketIntakeSchema.parse({ requester: { name: '张三', email: 'alice@corp.example' }, title: '申请', ...extra });

  it('takes category, group, type, chain and checklist from the item, whatever the title says', () => {
    // "VPN" in the title would route to the network group; the item says identity-access.
    const plan = planTicket(config, intake({ title: '申请 VPN 账号', catalogueItem: 'account', fields: { system: 'vpn', change: 'create', accountHolder: '王小明' } }), {}, at);
    expect(plan).toMatchObject({ type: 'request', category: 'account', group: 'identity-access', priority: 'P4' });
    expect(plan.request).toMatchObject({ item: 'account', checklist: [{ id: 'apply', group: 'identity-access', members: ['wang.fang'] }] });
    expect(plan.approvalChain!.map((s) => s.approverPerson?.id)).toEqual(['wang.fang', 'zhang.wei']);
    expect(plan.approval).toEqual(plan.approvalChain![0]);
  });

  it('lets an item without approvals skip approvals.yaml, and fixes who may tick each task', () => {
    const plan = planTicket(config, intake({ catalogueItem: 'new-staff-setup', fields: {} }), {}, at);
    expect(plan.approval).toBeNull();
    expect(plan.approvalChain).toEqual([]);
    expect(plan.request!.checklist.map((t) => [t.id, t.members])).toEqual([
      ['accounts', ['wang.fang']],
      ['computer', ['chen.jie', 'liu.yang', 'he.ming', 'qian.yu']],
      ['network', ['zhang.wei']],
      ['first-day', ['li.na', 'zhao.lei']],
    ]);
  });

  it('still declines what a rule declines', () => {
    const plan = planTicket(config, intake({ title: '安装破解版 Photoshop', catalogueItem: 'software-installation', fields: {} }), {}, at);
    expect(plan.decline?.rule).toBe('decline-pirated-software');
    expect(plan.approvalChain).toEqual([]);
  });

  const types = [
    { name: 'an incident by default', given: { title: '打印机卡纸' }, expect: 'incident' },
    { name: 'a request by the access-request rule', given: { title: '申请开通 OA 权限' }, expect: 'request' },
    { name: 'a request by the new-staff rule', given: { title: '新同事入职' }, expect: 'request' },
    { name: 'as the requester stated it', given: { title: '新同事入职', type: 'incident' }, expect: 'incident' },
  ];
  it.each(types)('types $name', ({ given, expect: want }) => {
    const plan = planTicket(config, intake(given), {}, at);
    expect(plan.type).toBe(want);
    expect(plan.request).toBeNull();
  });
});
