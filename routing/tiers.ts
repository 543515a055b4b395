// Which group is the next tier up for a ticket: its category's ladder (categories.yaml `tiers`,
// lowest tier first) climbed from the group the ticket is in. Pure; the workflow asks through an
// activity so the answer (and the config version it came from) is recorded in the history.
import type { CategoriesConfig } from '../config/schema/categories';
import { ownValue } from '../config/lookup';
import { TIERS, type GroupsConfig, type Tier } from '../config/schema/groups';

export type TierConfig = { groups: GroupsConfig; categories: CategoriesConfig };

export interface TierStep {
  group: string;
  /** null when groups.yaml gives the group no tier */
  tier: Tier | null;
}

export type NextTier =
  | { found: true; from: TierStep; to: TierStep; why: string }
  | { found: false; from: TierStep; why: string };

/** L1 is 1, L3 is 3; a group without a tier counts as L1 (the service desk is where tickets start). */
export function tierRank(tier: Tier | null | undefined): number {
  return tier ? TIERS.indexOf(tier) + 1 : 1;
}

export function tierOf(config: { groups: GroupsConfig }, groupId: string): Tier | null {
  return ownValue(config.groups.groups, groupId)?.tier ?? null;
}

const describe = (step: TierStep) => (step.tier ? `${step.group} (${step.tier})` : `${step.group} (no tier)`);

/**
 * The next group of the category's ladder above the ticket's group. A group on the ladder climbs
 * to the group after it; a group off the ladder climbs to the first group whose tier is above its
 * own, so a ticket parked with another team still reaches the experts of its category.
 */
export function nextTier(config: TierConfig, category: string, groupId: string): NextTier {
  const from: TierStep = { group: groupId, tier: tierOf(config, groupId) };
  const ladder = ownValue(config.categories.categories, category)?.tiers;
  if (!ladder) return { found: false, from, why: `category '${category}' has no tiers ladder in categories.yaml` };
  const position = ladder.indexOf(groupId);
  const candidate =
    position >= 0 ? ladder[position + 1] : ladder.find((id) => tierRank(tierOf(config, id)) > tierRank(from.tier));
  if (!candidate)
    return { found: false, from, why: `${describe(from)} is the top of the ${category} ladder (${ladder.join(' → ')})` };
  const to: TierStep = { group: candidate, tier: tierOf(config, candidate) };
  const how = position >= 0 ? 'next on' : `first above ${from.tier ?? 'L1'} on`;
  return { found: true, from, to, why: `${describe(from)} → ${describe(to)}: ${how} the ${category} ladder (${ladder.join(' → ')})` };
}
