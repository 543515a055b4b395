// Cross-file checks for tiers and dispatch: every group on a category's tiers ladder exists, has
// a tier and stands above the one before it; the dispatch table names priorities the desk has and
// seniorities someone holds; an escalateTier level has a ladder to climb.
import { SENIORITIES, type Tier } from './schema/groups';
import type { ConfigKey, ParsedConfig } from './files';
import type { ConfigIssue, YamlSource } from './yamlSource';
import { hasOwnKey, ownValue } from './lookup';
import { tierRank } from '../routing/tiers';

export function checkTierReferences(config: ParsedConfig, sources: Record<ConfigKey, YamlSource>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const groupIds = Object.keys(config.groups.groups);
  let anyLadder = false;
  for (const [categoryId, category] of Object.entries(config.categories.categories)) {
    if (!category.tiers) continue;
    anyLadder = true;
    let below: { group: string; tier: Tier } | undefined;
    category.tiers.forEach((groupId, index) => {
      const path = ['categories', categoryId, 'tiers', index];
      const group = ownValue(config.groups.groups, groupId);
      if (!group) {
        issues.push(sources.categories.issueAt(path, `unknown group '${groupId}' (known: ${groupIds.join(', ')})`));
        return;
      }
      if (!group.tier) {
        issues.push(sources.categories.issueAt(path, `group '${groupId}' has no tier in groups.yaml (give it tier: L1, L2 or L3)`));
        return;
      }
      if (below && tierRank(group.tier) <= tierRank(below.tier))
        issues.push(
          sources.categories.issueAt(
            path,
            `'${groupId}' (${group.tier}) is not above '${below.group}' (${below.tier}): a ladder lists groups lowest tier first, each above the one before`,
          ),
        );
      below = { group: groupId, tier: group.tier };
    });
    if (!category.tiers.includes(category.group))
      issues.push(
        sources.categories.issueAt(
          ['categories', categoryId, 'tiers'],
          `the category's own group '${category.group}' is not on its ladder: its tickets climb to the first group above its tier (${ownValue(config.groups.groups, category.group)?.tier ?? 'no tier, taken as L1'})`,
          'warning',
        ),
      );
  }

  const dispatch = config.routing.dispatch ?? {};
  const held = new Set(Object.values(config.groups.groups).flatMap((g) => g.members.map((m) => m.seniority ?? 'desk')));
  for (const [priority, seniority] of Object.entries(dispatch)) {
    if (!hasOwnKey(config.priorities.priorities, priority))
      issues.push(sources.routing.issueAt(['dispatch', priority], `unknown priority '${priority}' (known: ${Object.keys(config.priorities.priorities).join(', ')})`));
    else if (seniority && !held.has(seniority))
      issues.push(
        sources.routing.issueAt(
          ['dispatch', priority],
          `no member in groups.yaml is ${seniority}: ${priority} tickets always fall back (seniorities held: ${SENIORITIES.filter((s) => held.has(s)).join(', ')})`,
          'warning',
        ),
      );
  }

  if (!anyLadder)
    for (const [policyId, policy] of Object.entries(config.sla.policies))
      for (const [clock, levels] of Object.entries(policy.escalation))
        levels.forEach((level, index) => {
          if (level.escalateTier)
            issues.push(
              sources.sla.issueAt(
                ['policies', policyId, 'escalation', clock, index, 'escalateTier'],
                'no category in categories.yaml has a tiers ladder, so this level can never move a ticket',
                'warning',
              ),
            );
        });
  return issues;
}
