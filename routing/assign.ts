// Picks the person in a group who gets a ticket (round-robin, fewest open tickets, or skills),
// skipping members who are absent; returns null with a reason when nobody fits.
import type { AssignmentStrategy } from './schema';
import { foldText } from './text';
import { ownValue } from '../config/lookup';

export type AssignableMember = { id: string; skills: readonly string[]; available: boolean };
export type AssignableGroup = { strategy: AssignmentStrategy; members: readonly AssignableMember[] };
export type AssignmentState = {
  /** Who the group's last ticket went to (round-robin continues after them). */
  lastAssigned?: string;
  /** Open tickets per member id; a missing id counts as 0. */
  openCounts: Readonly<Record<string, number>>;
};
export type AssigneeChoice = { assignee: string | null; why: string };

export function pickAssignee(
  group: AssignableGroup,
  state: AssignmentState,
  needSkills: readonly string[],
): AssigneeChoice {
  const available = group.members.filter((m) => m.available);
  if (available.length === 0) return { assignee: null, why: 'no member of the group is available' };
  switch (group.strategy) {
    case 'round-robin':
      return nextInTurn(group.members, state.lastAssigned);
    case 'fewest-open':
      return fewestOpen(available, state.openCounts, 'available member');
    case 'skills':
      return bySkills(available, state.openCounts, needSkills);
  }
}

// Turn order is the member list; absent members are passed over without losing their place.
function nextInTurn(members: readonly AssignableMember[], lastAssigned: string | undefined): AssigneeChoice {
  const lastIndex = lastAssigned === undefined ? -1 : members.findIndex((m) => m.id === lastAssigned);
  const skipped: string[] = [];
  for (let step = 1; step <= members.length; step++) {
    const member = members[(lastIndex + step) % members.length];
    if (!member.available) {
      skipped.push(member.id);
      continue;
    }
    const after = lastIndex >= 0 ? `next after ${lastAssigned}` : 'first in turn';
    const skipNote = skipped.length > 0 ? ` (skipped absent ${skipped.join(', ')})` : '';
    return { assignee: member.id, why: `round-robin: ${member.id} is ${after}${skipNote}` };
  }
  return { assignee: null, why: 'no member of the group is available' };
}

// Ties go to whoever is listed first, so the order admins write is the tie-break they get.
function fewestOpen(
  candidates: readonly AssignableMember[],
  openCounts: Readonly<Record<string, number>>,
  candidateLabel: string,
): AssigneeChoice {
  let best = candidates[0];
  let bestCount = ownValue(openCounts, best.id) ?? 0;
  for (const member of candidates.slice(1)) {
    const count = ownValue(openCounts, member.id) ?? 0;
    if (count < bestCount) {
      best = member;
      bestCount = count;
    }
  }
  return {
    assignee: best.id,
    why: `fewest open: ${best.id} has ${bestCount} open, the fewest of ${candidates.length} ${candidateLabel}${candidates.length === 1 ? '' : 's'}`,
  };
}

function bySkills(
  available: readonly AssignableMember[],
  openCounts: Readonly<Record<string, number>>,
  needSkills: readonly string[],
): AssigneeChoice {
  const needed = needSkills.map(foldText);
  const qualified = available.filter((member) => {
    const has = new Set(member.skills.map(foldText));
    return needed.every((skill) => has.has(skill));
  });
  if (qualified.length === 0) {
    return { assignee: null, why: `no available member has all of: ${needSkills.join(', ')}` };
  }
  const choice = fewestOpen(qualified, openCounts, 'qualified member');
  const skillNote = needSkills.length > 0 ? `has ${needSkills.join(', ')}; ` : 'no skills needed; ';
  return { assignee: choice.assignee, why: `skills: ${choice.assignee} ${skillNote}${choice.why}` };
}
