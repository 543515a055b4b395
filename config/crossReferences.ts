// Checks that span files: every name one file uses must be defined in the file that owns it.
import type { ConfigIssue, YamlSource } from './yamlSource';
import type { ConfigKey, OptionalRuntimeConfig, OptionalRuntimeKey, ParsedConfig } from './files';
import { approvalReferenceProblems } from '../ticket/approvalRequirement';
import { catalogueReferenceProblems } from './catalogueReferences';
import { formatDuration } from './schema/duration';
import { holidayCoverageWarnings } from '../sla/calendarSchema';
import { collectRoutingReferences } from '../routing/references';
import { checkMemberReferences } from './memberReferences';
import { checkTierReferences } from './tierReferences';
import { hasOwnKey, ownValue } from './lookup';
import { majorIncidentProblems } from './majorIncidentReferences';
import { watcherOf } from './schema/watchers';
import { normaliseAddress } from '../mail/address';

export function checkCrossReferences(
  config: ParsedConfig & Partial<OptionalRuntimeConfig>,
  sources: Record<ConfigKey, YamlSource>,
  now: Date,
  /** Sources of the optional files that exist; an absent file has nothing to check. */
  optionalSources: Partial<Record<OptionalRuntimeKey, YamlSource>> = {},
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const groupIds = new Set(Object.keys(config.groups.groups));
  const priorityIds = Object.keys(config.priorities.priorities);
  const calendarIds = new Set(Object.keys(config.calendars.calendars));
  const categoryIds = new Set(Object.keys(config.categories.categories));
  const policyIds = new Set(Object.keys(config.sla.policies));
  const unknown = (kind: string, name: string, known: Iterable<string>) =>
    `unknown ${kind} '${name}' (known: ${[...known].join(', ') || 'none'})`;

  for (const [id, category] of Object.entries(config.categories.categories)) {
    if (!groupIds.has(category.group))
      issues.push(sources.categories.issueAt(['categories', id, 'group'], unknown('group', category.group, groupIds)));
  }
  if (!categoryIds.has(config.categories.defaultCategory))
    issues.push(sources.categories.issueAt(['defaultCategory'], unknown('category', config.categories.defaultCategory, categoryIds)));
  if (!priorityIds.includes(config.priorities.defaultPriority))
    issues.push(sources.priorities.issueAt(['defaultPriority'], unknown('priority', config.priorities.defaultPriority, priorityIds)));

  for (const [id, group] of Object.entries(config.groups.groups)) {
    if (group.lead && !group.members.some((m) => m.id === group.lead))
      issues.push(sources.groups.issueAt(['groups', id, 'lead'], `lead '${group.lead}' is not a member of group '${id}'`));
    const seen = new Set<string>();
    group.members.forEach((member, index) => {
      if (seen.has(member.id))
        issues.push(sources.groups.issueAt(['groups', id, 'members', index, 'id'], `duplicate member '${member.id}'`));
      seen.add(member.id);
    });
  }
  issues.push(...checkMemberReferences(config.groups, config.calendars, sources.groups));
  issues.push(...checkTierReferences(config, sources));

  if (!policyIds.has(config.sla.defaultPolicy))
    issues.push(sources.sla.issueAt(['defaultPolicy'], unknown('policy', config.sla.defaultPolicy, policyIds)));
  config.sla.overrides.forEach((override, index) => {
    if (!policyIds.has(override.policy))
      issues.push(sources.sla.issueAt(['overrides', index, 'policy'], unknown('policy', override.policy, policyIds)));
    const category = override.when.category;
    if (category && !categoryIds.has(category))
      issues.push(sources.sla.issueAt(['overrides', index, 'when', 'category'], unknown('category', category, categoryIds)));
  });
  for (const [policyId, policy] of Object.entries(config.sla.policies))
    for (const [clock, levels] of Object.entries(policy.escalation))
      levels.forEach((level, index) => {
        if (level.reassignTo && !groupIds.has(level.reassignTo))
          issues.push(sources.sla.issueAt(['policies', policyId, 'escalation', clock, index, 'reassignTo'], unknown('group', level.reassignTo, groupIds)));
      });
  config.sla.dutyRoster?.shifts.forEach((shift, index) => {
    if (shift.calendar && !calendarIds.has(shift.calendar))
      issues.push(sources.sla.issueAt(['dutyRoster', 'shifts', index, 'calendar'], unknown('calendar', shift.calendar, calendarIds)));
    if (shift.from > shift.to) issues.push(sources.sla.issueAt(['dutyRoster', 'shifts', index, 'to'], `ends (${shift.to}) before it starts (${shift.from})`));
  });
  const followUp = config.sla.dissatisfiedFollowUp;
  if (followUp && !calendarIds.has(followUp.calendar))
    issues.push(sources.sla.issueAt(['dissatisfiedFollowUp', 'calendar'], unknown('calendar', followUp.calendar, calendarIds)));
  const quiet = config.sla.quietHoursCalendar;
  if (quiet && !calendarIds.has(quiet))
    issues.push(sources.sla.issueAt(['quietHoursCalendar'], unknown('calendar', quiet, calendarIds)));
  for (const [policyId, policy] of Object.entries(config.sla.policies))
    for (const [priority, targets] of Object.entries(policy.targets))
      if (targets.response > targets.resolution)
        issues.push(
          sources.sla.issueAt(
            ['policies', policyId, 'targets', priority, 'response'],
            `the response target ${formatDuration(targets.response)} is longer than the resolution target ${formatDuration(targets.resolution)}: a ticket would be due resolved before it is due a first response`,
            'warning',
          ),
        );
  for (const [policyId, policy] of Object.entries(config.sla.policies)) {
    for (const priority of priorityIds) {
      if (!hasOwnKey(policy.targets, priority))
        issues.push(sources.sla.issueAt(['policies', policyId, 'targets'], `no targets for priority ${priority}`));
    }
    for (const [priority, targets] of Object.entries(policy.targets)) {
      if (!priorityIds.includes(priority))
        issues.push(sources.sla.issueAt(['policies', policyId, 'targets', priority], unknown('priority', priority, priorityIds)));
      if (!calendarIds.has(targets.calendar))
        issues.push(
          sources.sla.issueAt(['policies', policyId, 'targets', priority, 'calendar'], unknown('calendar', targets.calendar, calendarIds)),
        );
    }
    for (const when of ['onOpen', 'onRaise'] as const)
      for (const priority of Object.keys(policy[when]))
        if (!priorityIds.includes(priority))
          issues.push(sources.sla.issueAt(['policies', policyId, when, priority], unknown('priority', priority, priorityIds)));
  }
  issues.push(...serviceModelIssues(config, sources, priorityIds, calendarIds, unknown));

  const known = new Map<string, Set<string>>([['group', groupIds], ['category', categoryIds], ['calendar', calendarIds]]);
  for (const ref of collectRoutingReferences(config.routing.rules)) {
    const names = known.get(ref.kind);
    if (names && !names.has(ref.name))
      issues.push(sources.routing.issueAt(['rules', ...ref.path], unknown(ref.kind, ref.name, names)));
  }
  // Issue #12: a rule's watcher is mailed, so it must be an address mail can go to or a member.
  const memberIds = new Set(Object.values(config.groups.groups).flatMap((g) => g.members.map((m) => m.id)));
  config.routing.rules.forEach((rule, index) =>
    rule.then?.watchers?.forEach((entry, at) => {
      const { who } = watcherOf(entry);
      const problem = who.includes('@')
        ? normaliseAddress(who) === null && `watcher '${who}' is not a mail address the desk can send to`
        : !memberIds.has(who) && `watcher '${who}' is neither a mail address nor a member of groups.yaml`;
      if (problem) issues.push(sources.routing.issueAt(['rules', index, 'then', 'watchers', at], problem));
    }),
  );
  const fallback = config.routing.fallback;
  if (!groupIds.has(fallback.group)) issues.push(sources.routing.issueAt(['fallback', 'group'], unknown('group', fallback.group, groupIds)));
  if (!categoryIds.has(fallback.category))
    issues.push(sources.routing.issueAt(['fallback', 'category'], unknown('category', fallback.category, categoryIds)));
  for (const [groupId, assignment] of Object.entries(config.routing.assignment)) {
    const group = ownValue(config.groups.groups, groupId);
    if (!group) {
      issues.push(sources.routing.issueAt(['assignment', groupId], unknown('group', groupId, groupIds)));
      continue;
    }
    assignment.members.forEach((member, index) => {
      if (!group.members.some((m) => m.id === member.id))
        issues.push(sources.routing.issueAt(['assignment', groupId, 'members', index, 'id'], `'${member.id}' is not a member of group '${groupId}' in groups.yaml`));
    });
  }
  for (const [priority] of Object.entries(config.routing.priority.matrix).flatMap(([, row]) => Object.values(row).map((p) => [p]))) {
    if (!priorityIds.includes(priority)) {
      issues.push(sources.routing.issueAt(['priority', 'matrix'], unknown('priority', priority, priorityIds)));
      break;
    }
  }

  // approvals.yaml borrows categories and people: an approver who is nobody would leave every
  // request of that kind waiting for a mail no one receives.
  const approvalsSource = optionalSources.approvals;
  if (config.approvals && approvalsSource)
    for (const problem of approvalReferenceProblems(config.approvals, { categories: [...categoryIds], groups: config.groups }))
      issues.push(approvalsSource.issueAt(problem.path, problem.message));
  const catalogueSource = optionalSources.catalogue;
  if (config.catalogue && catalogueSource) {
    const directoryHasManagers = Boolean(config.directory?.people.some((p) => p.manager));
    for (const problem of catalogueReferenceProblems(config.catalogue, { categories: [...categoryIds], groups: config.groups, directoryHasManagers }))
      issues.push(catalogueSource.issueAt(problem.path, problem.message, problem.severity));
  }

  for (const problem of majorIncidentProblems(config.sla, { calendars: calendarIds, groups: groupIds }))
    issues.push(sources.sla.issueAt(problem.path, problem.message, problem.severity));

  for (const [id, calendar] of Object.entries(config.calendars.calendars)) {
    for (const warning of holidayCoverageWarnings(id, calendar, now))
      issues.push(sources.calendars.issueAt(['calendars', id], warning, 'warning'));
  }
  return issues;
}

/** Issue #12's options of each policy: workarounds, where resolution ends, on-site visits. */
function serviceModelIssues(
  config: ParsedConfig,
  sources: Record<ConfigKey, YamlSource>,
  priorityIds: string[],
  calendarIds: Set<string>,
  unknown: (kind: string, name: string, known: Iterable<string>) => string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [policyId, policy] of Object.entries(config.sla.policies)) {
    const at = (...path: Array<string | number>) => ['policies', policyId, ...path];
    for (const priority of Object.keys(policy.workaroundMeets))
      if (!priorityIds.includes(priority)) issues.push(sources.sla.issueAt(at('workaroundMeets', priority), unknown('priority', priority, priorityIds)));
    const endsAt = policy.resolutionEndsAt;
    if (typeof endsAt !== 'string')
      for (const priority of Object.keys(endsAt))
        if (!priorityIds.includes(priority)) issues.push(sources.sla.issueAt(at('resolutionEndsAt', priority), unknown('priority', priority, priorityIds)));
    // Under confirmation, a requester who never answers keeps the clock running until the
    // auto-close: with an auto-close later than the target, every such ticket breaches.
    const autoClose = config.desk.resolvedAutoCloseAfter;
    for (const [priority, targets] of Object.entries(policy.targets)) {
      const ending = typeof endsAt === 'string' ? endsAt : (ownValue(endsAt, priority) ?? 'resolve');
      if (ending === 'confirmation' && autoClose > targets.resolution)
        issues.push(
          sources.sla.issueAt(
            at('resolutionEndsAt', ...(typeof endsAt === 'string' ? [] : [priority])),
            `${priority}: the resolution clock runs until the requester confirms, but a silent requester's ticket closes only after ${formatDuration(autoClose)} (desk.yaml resolvedAutoCloseAfter), longer than the ${formatDuration(targets.resolution)} target: record confirmations given by phone, or expect breaches`,
            'warning',
          ),
        );
    }
    if (policy.visits && !calendarIds.has(policy.visits.calendar))
      issues.push(sources.sla.issueAt(at('visits', 'calendar'), unknown('calendar', policy.visits.calendar, calendarIds)));
    if (!policy.visits && policy.escalation.arrival.length)
      issues.push(sources.sla.issueAt(at('escalation', 'arrival'), "arrival levels without 'visits' targets never fire: add visits { calendar, arrival }", 'warning'));
  }
  return issues;
}
