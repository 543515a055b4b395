// Who may do what with knowledge articles. There is no "lead" role in auth.yaml: an agent is a
// lead when groups.yaml names their member id (the token's subject) as the lead of some group.
import type { Principal } from '../api/auth';
import type { GroupsConfig } from '../config/schema/groups';
import type { KbStatus } from './article';

export function isGroupLead(principal: Principal, groups: GroupsConfig): boolean {
  return principal.role === 'agent' && Object.values(groups.groups).some((g) => g.lead === principal.subject);
}

/** Publish and retire: group leads (of any group: the knowledge base is shared) and admins. */
export function mayPublish(principal: Principal, groups: GroupsConfig): boolean {
  return principal.role === 'admin' || isGroupLead(principal, groups);
}

/** Write drafts and edit: staff. */
export const mayEdit = (principal: Principal) => principal.role === 'agent' || principal.role === 'admin';

/** Requesters read published articles only; staff see drafts and retired ones too. */
export function readableStatuses(principal: Principal): KbStatus[] {
  return principal.role === 'requester' ? ['published'] : ['draft', 'published', 'retired'];
}

export const actorId = (p: Principal) => `${p.role}:${p.subject}`;
