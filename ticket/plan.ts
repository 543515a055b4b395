// Decides category, priority, group and SLA clocks for a ticket under one config: the
// routing rules and priority matrix of routing.yaml, then the SLA policy of sla.yaml.
// Pure; the planTicket activity runs it so the decision is recorded in the workflow history.
import type { LoadedConfig } from '../config/load';
import { formatDuration } from '../config/schema/duration';
import type { ClockName, EscalationLevel, MajorIncidentConfig } from '../config/schema/sla';
import { compilePriorityMatrix, compileRules, routeTicket, type CompiledPriorityMatrix, type CompiledRules, type RoutingDecision } from '../routing';
import { calendarLookup } from '../sla/calendarLookup';
import { approvalRequirement, resolveApprover } from './approvalRequirement';
import { catalogueApprovalChain, type ApprovalStepPlan } from './approvalChain';
import type { TicketIntake } from './intake';
import type { RequestPlan, TicketPlan } from './state';
import { hasOwnKey, ownValue } from '../config/lookup';
import { watcherOf } from '../config/schema/watchers';

export class UnknownCategoryError extends Error {
  readonly type = 'UnknownCategory';
  constructor(category: string, known: string[]) {
    super(`unknown category '${category}' (known: ${known.join(', ')})`);
    this.name = 'UnknownCategoryError';
  }
}
export class UnknownPriorityError extends Error {
  readonly type = 'UnknownPriority';
  constructor(priority: string, known: string[]) {
    super(`unknown priority '${priority}' (known: ${known.join(', ')})`);
    this.name = 'UnknownPriorityError';
  }
}

export function levelKey(level: EscalationLevel): string {
  return level.at !== undefined ? `${level.at}%` : `+${formatDuration(level.after!)}`;
}

// Rules and matrix are compiled once per loaded config (regexes are not rebuilt per ticket).
const compiled = new WeakMap<LoadedConfig, { rules: CompiledRules; matrix: CompiledPriorityMatrix }>();
function compiledRouting(config: LoadedConfig) {
  let entry = compiled.get(config);
  if (!entry) {
    entry = { rules: compileRules(config.routing.rules, config.routing.fallback), matrix: compilePriorityMatrix(config.routing.priority) };
    compiled.set(config, entry);
  }
  return entry;
}

export function routeIntake(config: LoadedConfig, intake: TicketIntake, now: Date): RoutingDecision {
  const { rules, matrix } = compiledRouting(config);
  const calendars = calendarLookup(config.calendars);
  return routeTicket(
    rules,
    matrix,
    {
      title: intake.title,
      description: intake.description,
      category: intake.category,
      impact: intake.impact,
      urgency: intake.urgency,
      priority: intake.priority as never,
      channel: intake.channel,
      mailbox: intake.mailbox,
      requester: {
        department: intake.requester.department,
        vip: intake.requester.vip,
        email: intake.requester.email,
        location: intake.location,
      },
      affectedSystem: intake.affectedSystem,
    },
    { now, isWorkingTime: (calendarId, at) => calendars(calendarId).isWorking(at) },
  );
}

/** The intake as routing sees it: a catalogue request carries its item's category and urgency. */
export function routedIntake(config: LoadedConfig, intake: TicketIntake, category?: string): TicketIntake {
  const item = intake.catalogueItem !== undefined ? ownValue(config.catalogue.items, intake.catalogueItem) : undefined;
  if (!item) return { ...intake, category: category ?? intake.category };
  return { ...intake, category: category ?? item.category, urgency: intake.urgency ?? item.urgency };
}

/**
 * Issue #12's service model for one policy and priority: which recorded workaround kinds meet
 * the resolution clock, where the resolution clock ends, and the on-site visits' arrival clock.
 * Part of every new plan; a ticket whose plan predates it asks for it when an agent first
 * records a workaround or books a visit (the policy activity `servicePolicy`).
 */
export function servicePolicyOf(config: LoadedConfig, slaPolicy: string, priority: string): Required<Pick<TicketPlan, 'workaroundMeets' | 'resolutionEndsAt' | 'visits'>> {
  const policy = ownValue(config.sla.policies, slaPolicy) ?? ownValue(config.sla.policies, config.sla.defaultPolicy)!;
  const endsAt = typeof policy.resolutionEndsAt === 'string' ? policy.resolutionEndsAt : (ownValue(policy.resolutionEndsAt, priority) ?? 'resolve');
  const visits = policy.visits
    ? {
        calendarId: policy.visits.calendar,
        arrivalSeconds: { ...policy.visits.arrival },
        levels: levelsOf(policy.escalation.arrival),
      }
    : null;
  return { workaroundMeets: [...(ownValue(policy.workaroundMeets, priority)?.resolution ?? [])], resolutionEndsAt: endsAt, visits };
}

/** A clock's escalation chain as the plan keeps it; the breach is always recorded. */
function levelsOf(chain: EscalationLevel[], { neverQuiet = false } = {}) {
  const levels = chain.map((l) => ({
    key: levelKey(l),
    atPercent: l.at,
    afterSeconds: l.after,
    quiet: neverQuiet ? false : l.quiet,
    notify: [...l.notify] as string[],
    reassignTo: l.reassignTo,
    raisePriority: l.raisePriority,
    addWatchers: l.addWatchers.map((entry) => watcherOf(entry).who),
    watch: l.addWatchers.map(watcherOf),
    ...(l.escalateTier ? { escalateTier: true } : {}),
  }));
  // The breach is always recorded, even when no level at 100% notifies anyone.
  if (!levels.some((l) => l.atPercent === 100)) levels.push({ key: '100%', atPercent: 100, afterSeconds: undefined, quiet: false, notify: [], reassignTo: undefined, raisePriority: false, addWatchers: [], watch: [] });
  return levels;
}

export interface PlanOverrides {
  /** Set by an agent: wins over routing. */
  category?: string;
  priority?: string;
  /** Kept from the ticket when only the priority changes, so a reprioritised ticket stays put. */
  group?: string;
  /** The ticket is a declared major incident: sla.yaml `majorIncident` sets its clocks. */
  majorIncident?: boolean;
}

export function planTicket(config: LoadedConfig, intake: TicketIntake, overrides: PlanOverrides = {}, now = new Date()): TicketPlan {
  const categories = Object.keys(config.categories.categories);
  const priorities = Object.keys(config.priorities.priorities);
  // A catalogue request is about what its item says (category, group, urgency); rules still add
  // tags and watchers, and may still decline it (pirated software asked for as an installation).
  const item = intake.catalogueItem !== undefined ? ownValue(config.catalogue.items, intake.catalogueItem) : undefined;
  const decision = routeIntake(config, routedIntake(config, intake, overrides.category), now);
  const reasons = decision.trace.filter((t) => t.matched).map((t) => `rule ${t.rule}: ${t.why}`);
  if (intake.catalogueItem !== undefined && !item) reasons.push(`catalogue item ${intake.catalogueItem} is no longer in catalogue.yaml: routed as a plain request`);

  const category = overrides.category ?? (item ? item.category : decision.category);
  const categoryConfig = ownValue(config.categories.categories, category);
  if (!categoryConfig) throw new UnknownCategoryError(category, categories);
  const priority = overrides.priority ?? decision.priority;
  reasons.push(overrides.priority ? `priority ${priority} set by agent` : `priority ${priority}: ${decision.priorityWhy}`);
  if (!hasOwnKey(config.priorities.priorities, priority)) throw new UnknownPriorityError(priority, priorities);
  // A rule's group counts only when a matched rule set one (tag-only rules such as vip-watch do
  // not) and it routed to the category the ticket ends up in (not when an agent re-categorised
  // it against the keyword rules); otherwise the category's own group takes the ticket.
  const { rules } = compiledRouting(config);
  const ruleSetGroup = decision.matchedRules.some((name) => rules.rules.find((r) => r.name === name)?.actions.group !== undefined);
  const group =
    overrides.group ??
    (item && category === item.category ? (item.group ?? categoryConfig.group) : ruleSetGroup && decision.category === category ? decision.group : categoryConfig.group);
  reasons.push(`group ${group}`);
  const type = intake.type ?? (intake.catalogueItem !== undefined ? 'request' : (decision.type ?? 'incident'));
  reasons.push(intake.type ? `type ${type} as stated` : intake.catalogueItem !== undefined ? `type request: catalogue item ${intake.catalogueItem}` : `type ${type}${decision.type ? ' by rule' : ' (default)'}`);

  const vip = Boolean(intake.requester.vip);
  const override = config.sla.overrides.find(
    (o) => (o.when.category === undefined || o.when.category === category) && (o.when.vip === undefined || o.when.vip === vip),
  );
  const slaPolicy = override?.policy ?? config.sla.defaultPolicy;
  // Both names were checked by config check (cross-references), so own-key look-ups always find them.
  const policy = ownValue(config.sla.policies, slaPolicy)!;
  const targets = ownValue(policy.targets, priority)!;

  const clocks: TicketPlan['clocks'] = {};
  const targetOf: Record<ClockName, number | undefined> = {
    response: targets.response,
    resolution: targets.resolution,
    update: targets.update,
    arrival: undefined, // started by a booked visit, from `visits` below
  };
  for (const name of ['response', 'resolution', 'update'] as const) {
    const targetSeconds = targetOf[name];
    if (!targetSeconds) continue;
    const levels = levelsOf(policy.escalation[name]);
    clocks[name] = { calendarId: targets.calendar, targetSeconds, levels };
  }
  if (overrides.majorIncident && config.sla.majorIncident) Object.assign(clocks, majorIncidentClocks(config.sla.majorIncident));

  const tags = decision.tags;
  // An item that lists its approvals says who approves that kind of request; otherwise approvals.yaml decides.
  let approvalChain: ApprovalStepPlan[] | undefined;
  let approval: TicketPlan['approval'];
  if (item?.approvals !== undefined) {
    approvalChain = decision.decline
      ? []
      : catalogueApprovalChain(intake.catalogueItem!, item, {
          catalogue: config.catalogue,
          groups: config.groups,
          directory: config.directory,
          groupId: group,
          requesterEmail: intake.requester.email,
          fields: intake.fields ?? {},
        });
    approval = approvalChain[0] ?? null;
  } else {
    const requirement = decision.decline ? null : approvalRequirement(config.approvals, { category, tags });
    approval = requirement ? { ...requirement, approverPerson: resolveApprover(requirement.approver, config.groups, group) } : null;
  }
  const request: RequestPlan | null = item
    ? {
        item: intake.catalogueItem!,
        label: item.label,
        checklist: item.checklist.map((task) => ({
          ...task,
          // Who may tick it off, fixed now so a replay never reads groups.yaml: the task's group, else the ticket's.
          members: ownValue(config.groups.groups, task.group ?? group)?.members.map((m) => m.id) ?? [],
        })),
      }
    : null;

  return {
    configVersion: config.version,
    category,
    priority,
    group,
    assignee: null,
    slaPolicy,
    clocks,
    pauseResolutionWhilePending: [...config.sla.pauseResolutionWhilePending],
    ...servicePolicyOf(config, slaPolicy, priority),
    urgentNotices: { onOpen: [...(ownValue(policy.onOpen, priority)?.notify ?? [])], onRaise: [...(ownValue(policy.onRaise, priority)?.notify ?? [])] },
    quietHoursCalendarId: config.sla.quietHoursCalendar ?? null,
    mailRequester: intake.channel === 'mail' || (config.desk.requesterMailChannels as string[]).includes(intake.channel),
    autoCloseAfterSeconds: config.desk.resolvedAutoCloseAfter,
    satisfactionWindowSeconds: config.desk.satisfactionWindow,
    pendingReminderAfterSeconds: config.desk.pendingReminderAfter ?? null,
    tags,
    skills: decision.skills ?? [],
    approval,
    watchers: decision.watchers,
    watch: ruleWatchers(decision.matchedRules, rules),
    dissatisfiedFollowUp: config.sla.dissatisfiedFollowUp
      ? { calendarId: config.sla.dissatisfiedFollowUp.calendar, dueSeconds: config.sla.dissatisfiedFollowUp.due, escalateTo: [...config.sla.dissatisfiedFollowUp.escalateTo] }
      : null,
    decline: decision.decline ? { reason: decision.decline.reason, template: decision.decline.template, rule: decision.decline.rule } : null,
    matchedRules: decision.matchedRules,
    reasons,
    // Only when a rule declares one: plans stay as they were for every other ticket.
    ...(decision.majorIncident && !decision.decline
      ? { declareMajorIncident: { rule: decision.majorIncident.rule, reason: decision.majorIncident.reason, keywords: [...(decision.majorIncident.keywords ?? [])] } }
      : {}),
    type,
    ...(approvalChain ? { approvalChain } : {}),
    request,
  };
}

/**
 * A major incident's resolution and communication clocks (the `update` clock carries the
 * communication interval); the response clock stays the priority's.
 */
export function majorIncidentClocks(block: MajorIncidentConfig): Pick<TicketPlan['clocks'], 'resolution' | 'update'> {
  return {
    resolution: { calendarId: block.calendar, targetSeconds: block.resolution, levels: levelsOf(block.escalation.resolution, { neverQuiet: true }) },
    update: { calendarId: block.calendar, targetSeconds: block.communicationInterval, levels: levelsOf(block.escalation.communication, { neverQuiet: true }) },
  };
}

/** The matched rules' watchers with their updates; the first rule naming someone is the one recorded. */
function ruleWatchers(matchedRules: string[], rules: CompiledRules): NonNullable<TicketPlan['watch']> {
  const out: NonNullable<TicketPlan['watch']> = [];
  for (const name of matchedRules)
    for (const entry of rules.rules.find((r) => r.name === name)?.actions.watchers ?? []) {
      const watcher = watcherOf(entry);
      if (!out.some((w) => w.who === watcher.who)) out.push({ ...watcher, rule: name });
    }
  return out;
}
