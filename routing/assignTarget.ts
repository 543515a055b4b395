// Whether an agent's `assign` names a real group and a real member of it (groups.yaml): the
// requester is told who handles their ticket, so an unknown or outside person must be refused.
// Pure; the API checks before the ticket workflow is asked.
import { ownValue } from '../config/lookup';
import type { GroupsConfig } from '../config/schema/groups';

export interface AssignRequest {
  group?: string;
  /** null takes the assignee away; undefined keeps the current one. */
  assignee?: string | null;
}

export function assignProblems(
  groups: GroupsConfig,
  request: AssignRequest,
  current: { group: string; assignee: string | null },
): Array<{ path: string; message: string }> {
  const known = Object.keys(groups.groups);
  if (request.group !== undefined && !ownValue(groups.groups, request.group))
    return [{ path: 'group', message: `unknown group '${request.group}' (known: ${known.join(', ')})` }];
  const groupId = request.group ?? current.group;
  const group = ownValue(groups.groups, groupId);
  const isMember = (id: string) => group?.members.some((m) => m.id === id) ?? false;
  const members = () => group?.members.map((m) => m.id).join(', ') || 'none';
  if (typeof request.assignee === 'string' && !isMember(request.assignee))
    return [{ path: 'assignee', message: `'${request.assignee}' is not a member of group '${groupId}' (members: ${members()})` }];
  // Moving the ticket keeps its assignee unless told otherwise: they must belong to the new group too.
  if (request.group !== undefined && request.assignee === undefined && current.assignee && !isMember(current.assignee))
    return [
      {
        path: 'assignee',
        message: `the current assignee '${current.assignee}' is not a member of group '${groupId}' (members: ${members()}); give one of them, or null to leave the ticket in the group's queue`,
      },
    ];
  return [];
}

/** A helper on a ticket's response team must be a member of some group (groups.yaml). */
export function helperProblems(groups: GroupsConfig, helper: string): Array<{ path: string; message: string }> {
  const isMember = Object.values(groups.groups).some((g) => g.members.some((m) => m.id === helper));
  return isMember ? [] : [{ path: 'helper', message: `'${helper}' is not a member of any group in groups.yaml` }];
}
