// Which tickets wait for approval and under which policy: listed categories always, tickets the
// access-request rule tagged under the default policy; and who the approver turns out to be.
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalReferenceProblems, approvalRequirement, resolveApprover } from '../../ticket/approvalRequirement';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { ApprovalsSchema } from '../../config/schema/approvals';
import { TicketIntakeSchema } from '../../ticket/intake';
import { planTicket } from '../../ticket/plan';

const HOUR = 3600;
const DAY = 24 * HOUR;

const approvals = ApprovalsSchema.parse({
  categories: {
    software: { approver: { role: 'person', person: 'zhou.min' }, reminderAfter: '2h', timeoutAfter: '1d', onTimeout: 'reject' },
  },
});

let config: LoadedConfig;
beforeAll(async () => {
  config = await loadConfigOrThrow('config');
});
const WORKING_MORNING = new Date('2026-09-30T10:00:00+08:00');
const planFor = (title: string) =>
  planTicket(config, TicketIntakeSchema.parse({ requester: { name: '王伟', email: 'wang.wei@corp.example' }, title }), {}, WORKING_MORNING);

describe('what needs approval', () => {
  const cases = [
    {
      given: 'a software ticket (listed category)',
      plan: { category: 'software', tags: [] },
      expect: { because: { category: 'software' }, approver: { role: 'person', person: 'zhou.min' }, reminderAfterSeconds: 2 * HOUR, timeoutAfterSeconds: DAY, onTimeout: 'reject' },
    },
    {
      given: 'a tagged account ticket (default policy)',
      plan: { category: 'account', tags: ['needs-approval'] },
      expect: { because: { tag: 'needs-approval' }, approver: { role: 'moduleOwner' }, reminderAfterSeconds: 4 * HOUR, timeoutAfterSeconds: 3 * DAY, onTimeout: 'escalate' },
    },
    {
      given: 'a tagged software ticket (its category policy wins)',
      plan: { category: 'software', tags: ['needs-approval'] },
      expect: expect.objectContaining({ because: { category: 'software' }, onTimeout: 'reject' }),
    },
    { given: 'an untagged account ticket (password reset)', plan: { category: 'account', tags: [] }, expect: null },
    { given: 'a hardware ticket with other tags', plan: { category: 'hardware', tags: ['vip'] }, expect: null },
  ];
  it.each(cases)('$given', ({ plan, expect: expected }) => {
    expect(approvalRequirement(approvals, plan)).toEqual(expected);
  });

  it('is nothing at all for a desk without an approvals block', () => {
    expect(approvalRequirement(ApprovalsSchema.parse({}), { category: 'software', tags: [] })).toBeNull();
  });
});

describe('with the shipped routing rules', () => {
  const cases = [
    { title: '申请开通财务系统权限', expect: { tag: 'needs-approval' } },
    { title: '忘记密码，账号锁定', expect: null },
  ];
  it.each(cases)('"$title" needs approval because of $expect', ({ title, expect: expected }) => {
    expect(approvalRequirement(approvals, planFor(title))?.because ?? null).toEqual(expected);
  });
});

describe('who approves', () => {
  const cases = [
    { given: 'a named person', approver: { role: 'person', person: 'zhou.min' } as const, group: 'identity-access', expect: 'zhou.min' },
    { given: 'the module owner of an identity ticket (group lead)', approver: { role: 'moduleOwner' } as const, group: 'identity-access', expect: 'wang.fang' },
    { given: 'a person no group lists', approver: { role: 'person', person: 'former.staff' } as const, group: 'identity-access', expect: null },
  ];
  it.each(cases)('$given → $expect', ({ approver, group, expect: expected }) => {
    expect(resolveApprover(approver, config.groups, group)?.id ?? null).toBe(expected);
  });

  it('gives the approver’s mail address for the approval mail', () => {
    expect(resolveApprover({ role: 'moduleOwner' }, config.groups, 'identity-access')).toEqual({ id: 'wang.fang', name: '王芳', email: 'wang.fang@corp.example' });
  });
});

describe('the approvals block as admins write it', () => {
  const problems = [
    {
      given: 'a reminder after the timeout',
      block: { categories: { software: { approver: { role: 'moduleOwner' }, reminderAfter: '3d', timeoutAfter: '1d', onTimeout: 'reject' } } },
      expect: { path: ['categories', 'software', 'reminderAfter'], message: 'the reminder must come before the timeout' },
    },
    {
      given: 'a person approver without a person',
      block: { categories: { software: { approver: { role: 'person' }, reminderAfter: '1h', timeoutAfter: '1d', onTimeout: 'reject' } } },
      expect: { path: ['categories', 'software', 'approver', 'person'] },
    },
    {
      given: 'an unknown approver role',
      block: { categories: { software: { approver: { role: 'manager' }, reminderAfter: '1h', timeoutAfter: '1d', onTimeout: 'reject' } } },
      expect: { path: ['categories', 'software', 'approver', 'role'] },
    },
    { given: 'a secret written into the YAML', block: { linkSecret: 'hunter2' }, expect: { path: [], message: expect.stringContaining('linkSecret') } },
    { given: 'a bad link lifetime', block: { linkTtl: '3 days' }, expect: { path: ['linkTtl'] } },
  ];
  it.each(problems)('refuses $given', ({ block, expect: expected }) => {
    const result = ApprovalsSchema.safeParse(block);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(expect.objectContaining(expected));
  });

  it('fills in the defaults', () => {
    expect(ApprovalsSchema.parse({})).toEqual({
      categories: {},
      tag: 'needs-approval',
      default: { approver: { role: 'moduleOwner' }, reminderAfter: 4 * HOUR, timeoutAfter: 3 * DAY, onTimeout: 'escalate' },
      linkSecretEnv: 'ITDESK_APPROVAL_SECRET',
      linkTtl: 72 * HOUR,
    });
  });

  it('names categories and people the rest of the config does not know', () => {
    const block = ApprovalsSchema.parse({
      categories: { licences: { approver: { role: 'person', person: 'nobody' }, reminderAfter: '1h', timeoutAfter: '1d', onTimeout: 'reject' } },
    });
    expect(approvalReferenceProblems(block, { categories: Object.keys(config.categories.categories), groups: config.groups })).toEqual([
      { path: ['categories', 'licences'], message: expect.stringMatching(/^unknown category 'licences' \(known: hardware, /) },
      { path: ['categories', 'licences', 'approver', 'person'], message: "'nobody' is not a member of any group in groups.yaml" },
    ]);
  });
});
