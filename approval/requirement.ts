// Whether a planned ticket must wait for approval before work starts, under which policy, and who
// the approver is. Pure: the workflow asks once per plan (and again after a reclassification).
import type { ApprovalPolicy, ApprovalsConfig } from '../config/schema/approvals';
import type { ChainApprover } from '../config/schema/catalogue';
import type { GroupsConfig } from '../config/schema/groups';
import type { TicketPlan } from '../ticket/state';
import { ownValue } from '../config/lookup';

export interface ApprovalRequirement {
  /** Why approval is needed, for the timeline: the category's policy, the routing tag, or the catalogue item's chain. */
  because: { category: string } | { tag: string } | { item: string };
  approver: ChainApprover;
  reminderAfterSeconds: number;
  timeoutAfterSeconds: number;
  onTimeout: ApprovalPolicy['onTimeout'];
}

export type PlanForApproval = Pick<TicketPlan, 'category' | 'tags'>;

export function approvalRequirement(approvals: ApprovalsConfig, plan: PlanForApproval): (ApprovalRequirement & { approver: ApprovalPolicy['approver'] }) | null {
  const categoryPolicy = ownValue(approvals.categories, plan.category);
  // A category's own policy wins over the default even when a rule also tagged the ticket: the
  // admin who listed the category said who approves that kind of work.
  const policy = categoryPolicy ?? (plan.tags.includes(approvals.tag) ? approvals.default : undefined);
  if (!policy) return null;
  return {
    because: categoryPolicy ? { category: plan.category } : { tag: approvals.tag },
    approver: policy.approver,
    reminderAfterSeconds: policy.reminderAfter,
    timeoutAfterSeconds: policy.timeoutAfter,
    onTimeout: policy.onTimeout,
  };
}

export interface ResolvedApprover {
  id: string;
  name: string;
  email: string;
}

/**
 * The person behind an approver: a named member, or for `moduleOwner` the lead of the group
 * that owns the ticket (the config has no per-system owner list yet). null when nobody fits,
 * e.g. a group without a lead: the caller escalates instead of waiting on no one.
 */
export function resolveApprover(approver: ApprovalPolicy['approver'], groups: GroupsConfig, groupId: string): ResolvedApprover | null {
  const id = approver.role === 'person' ? approver.person : ownValue(groups.groups, groupId)?.lead;
  if (!id) return null;
  for (const group of Object.values(groups.groups)) {
    const member = group.members.find((m) => m.id === id);
    if (member) return { id: member.id, name: member.name, email: member.email };
  }
  return null;
}

/** Names the approvals block borrows: categories from categories.yaml, people from groups.yaml. */
export function approvalReferenceProblems(
  approvals: ApprovalsConfig,
  known: { categories: readonly string[]; groups: GroupsConfig },
): Array<{ path: Array<string | number>; message: string }> {
  const members = new Set(Object.values(known.groups.groups).flatMap((g) => g.members.map((m) => m.id)));
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const checkApprover = (approver: ApprovalPolicy['approver'], path: Array<string | number>) => {
    if (approver.role === 'person' && !members.has(approver.person))
      problems.push({ path: [...path, 'approver', 'person'], message: `'${approver.person}' is not a member of any group in groups.yaml` });
  };
  for (const [category, policy] of Object.entries(approvals.categories)) {
    if (!known.categories.includes(category))
      problems.push({ path: ['categories', category], message: `unknown category '${category}' (known: ${known.categories.join(', ')})` });
    checkApprover(policy.approver, ['categories', category]);
  }
  checkApprover(approvals.default.approver, ['default']);
  return problems;
}
