// Names catalogue.yaml borrows from other files: categories, groups (and their leads), members as
// system owners and approvers, and its own systems and fields. A request whose approver is nobody
// would wait for a mail no one receives; a task for an unknown group could never be ticked off.
import type { CatalogueConfig, ChainApprover } from './schema/catalogue';
import type { GroupsConfig } from './schema/groups';
import { ownValue } from './lookup';

export interface CatalogueProblem {
  path: Array<string | number>;
  message: string;
  severity?: 'warning';
}

export function catalogueReferenceProblems(
  catalogue: CatalogueConfig,
  known: { categories: readonly string[]; groups: GroupsConfig; directoryHasManagers: boolean },
): CatalogueProblem[] {
  const groupIds = Object.keys(known.groups.groups);
  const members = new Set(Object.values(known.groups.groups).flatMap((g) => g.members.map((m) => m.id)));
  const systemIds = Object.keys(catalogue.systems);
  const problems: CatalogueProblem[] = [];
  let warnedNoManagers = false;
  const unknown = (kind: string, name: string, list: readonly string[]) => `unknown ${kind} '${name}' (known: ${list.join(', ') || 'none'})`;

  for (const [id, system] of Object.entries(catalogue.systems))
    if (!members.has(system.owner)) problems.push({ path: ['systems', id, 'owner'], message: `'${system.owner}' is not a member of any group in groups.yaml` });

  for (const [itemId, item] of Object.entries(catalogue.items)) {
    const at = (...rest: Array<string | number>) => ['items', itemId, ...rest];
    if (!known.categories.includes(item.category)) problems.push({ path: at('category'), message: unknown('category', item.category, known.categories) });
    if (item.group && !groupIds.includes(item.group)) problems.push({ path: at('group'), message: unknown('group', item.group, groupIds) });
    item.checklist.forEach((task, index) => {
      if (task.group && !groupIds.includes(task.group)) problems.push({ path: at('checklist', index, 'group'), message: unknown('group', task.group, groupIds) });
    });
    item.fields.forEach((field, index) => {
      if (field.type === 'system' && !systemIds.length)
        problems.push({ path: at('fields', index, 'type'), message: 'a system field needs systems listed under `systems`' });
    });
    (item.approvals ?? []).forEach((step, index) => {
      const path = at('approvals', index, 'approver');
      const problem = approverProblem(step.approver, { item, groups: known.groups, members, groupIds });
      if (problem) problems.push({ path: [...path, problem.key], message: problem.message });
      if (step.approver.role === 'lineManager' && !known.directoryHasManagers && !warnedNoManagers) {
        warnedNoManagers = true; // once: the fix is in directory.yaml, not at every step
        problems.push({
          path: [...path, 'role'],
          message: "no person in directory.yaml names a manager: line-manager steps go to the ticket group's lead instead (add `manager:` to people)",
          severity: 'warning',
        });
      }
      const reminder = step.reminderAfter ?? catalogue.approvalDefaults.reminderAfter;
      const timeout = step.timeoutAfter ?? catalogue.approvalDefaults.timeoutAfter;
      if (reminder >= timeout) problems.push({ path: at('approvals', index, step.reminderAfter ? 'reminderAfter' : 'timeoutAfter'), message: 'the reminder must come before the timeout' });
    });
  }
  const defaults = catalogue.approvalDefaults;
  if (defaults.reminderAfter >= defaults.timeoutAfter) problems.push({ path: ['approvalDefaults', 'reminderAfter'], message: 'the reminder must come before the timeout' });
  return problems;
}

function approverProblem(
  approver: ChainApprover,
  ctx: { item: CatalogueConfig['items'][string]; groups: GroupsConfig; members: Set<string>; groupIds: string[] },
): { key: string; message: string } | null {
  switch (approver.role) {
    case 'person':
      return ctx.members.has(approver.person) ? null : { key: 'person', message: `'${approver.person}' is not a member of any group in groups.yaml` };
    case 'groupLead': {
      const group = ownValue(ctx.groups.groups, approver.group);
      if (!group) return { key: 'group', message: `unknown group '${approver.group}' (known: ${ctx.groupIds.join(', ')})` };
      return group.lead ? null : { key: 'group', message: `group '${approver.group}' has no lead in groups.yaml` };
    }
    case 'systemOwner': {
      const field = ctx.item.fields.find((f) => f.name === approver.field);
      if (!field) return { key: 'field', message: `the item has no field '${approver.field}' (fields: ${ctx.item.fields.map((f) => f.name).join(', ') || 'none'})` };
      if (field.type !== 'system') return { key: 'field', message: `field '${approver.field}' is a ${field.type} field; a system owner needs a system field` };
      if (!field.required) return { key: 'field', message: `field '${approver.field}' must be required: without a system there is no owner to ask` };
      return null;
    }
    default:
      return null;
  }
}
