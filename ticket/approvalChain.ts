// Approval chains: the ordered approvals a catalogue request must pass (line manager, then the
// system's owner or IT). Pure. The plan records each step with its approver resolved, so a
// directory or catalogue edit never changes a running ticket; a ticket planned before chains
// existed has at most `plan.approval`, which is a chain of one.
import type { CatalogueConfig, CatalogueItem, ChainApprover } from '../config/schema/catalogue';
import type { DirectoryConfig } from '../config/schema/directory';
import { findPerson } from '../config/schema/directory';
import type { GroupsConfig } from '../config/schema/groups';
import { ownValue } from '../config/lookup';
import type { RequestFieldValue } from './intake';
import type { ResolvedApprover } from './approvalRequirement';
import type { ApprovalStepPlan } from './approvalSteps';

export { afterApproval, approvalChainOf, type ApprovalStepPlan } from './approvalSteps';


export interface ChainContext {
  catalogue: CatalogueConfig;
  groups: GroupsConfig;
  directory: DirectoryConfig | undefined;
  /** The group the ticket goes to (moduleOwner, and the stand-in for a missing line manager). */
  groupId: string;
  requesterEmail: string;
  fields: Record<string, RequestFieldValue>;
}

/** The catalogue item's chain with every approver resolved; [] when the item needs none. */
export function catalogueApprovalChain(itemId: string, item: CatalogueItem, ctx: ChainContext): ApprovalStepPlan[] {
  const defaults = ctx.catalogue.approvalDefaults;
  return (item.approvals ?? []).map((step, index) => {
    const resolved = resolveChainApprover(step.approver, ctx);
    return {
      because: { item: itemId },
      approver: step.approver,
      reminderAfterSeconds: step.reminderAfter ?? defaults.reminderAfter,
      timeoutAfterSeconds: step.timeoutAfter ?? defaults.timeoutAfter,
      onTimeout: step.onTimeout ?? defaults.onTimeout,
      approverPerson: resolved.person,
      step: index,
      ...(step.label ? { label: step.label } : {}),
      ...(resolved.substitute ? { substitute: resolved.substitute } : {}),
    };
  });
}

export function memberAsApprover(groups: GroupsConfig, id: string | undefined): ResolvedApprover | null {
  if (!id) return null;
  for (const group of Object.values(groups.groups)) {
    const member = group.members.find((m) => m.id === id);
    if (member) return { id: member.id, name: member.name, email: member.email };
  }
  return null;
}

export function resolveChainApprover(approver: ChainApprover, ctx: ChainContext): { person: ResolvedApprover | null; substitute?: string } {
  const leadOf = (groupId: string) => memberAsApprover(ctx.groups, ownValue(ctx.groups.groups, groupId)?.lead);
  switch (approver.role) {
    case 'person':
      return { person: memberAsApprover(ctx.groups, approver.person) };
    case 'moduleOwner':
      return { person: leadOf(ctx.groupId) };
    case 'groupLead':
      return { person: leadOf(approver.group) };
    case 'systemOwner': {
      const system = ctx.fields[approver.field];
      const owner = typeof system === 'string' ? ownValue(ctx.catalogue.systems, system)?.owner : undefined;
      return { person: memberAsApprover(ctx.groups, owner) };
    }
    case 'lineManager': {
      const managerEmail = findPerson(ctx.directory, ctx.requesterEmail)?.manager;
      if (!managerEmail) {
        // Nobody on file: the lead of the group that will do the work decides rather than no one,
        // and the timeline says so. Skipping the step would wave the request through.
        const lead = leadOf(ctx.groupId);
        return { person: lead, substitute: `no line manager of ${ctx.requesterEmail} in directory.yaml: the lead of ${ctx.groupId} decides` };
      }
      // A manager who is also a desk member decides with their member id (their token, the workbench).
      const member = Object.values(ctx.groups.groups)
        .flatMap((g) => g.members)
        .find((m) => m.email.toLowerCase() === managerEmail);
      if (member) return { person: { id: member.id, name: member.name, email: member.email } };
      const person = findPerson(ctx.directory, managerEmail);
      return { person: { id: managerEmail, name: person?.name ?? managerEmail, email: managerEmail } };
    }
  }
}
