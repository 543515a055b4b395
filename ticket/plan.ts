// Decides category, priority, group and SLA clocks for a ticket under one config.
// Pure; the planTicket activity runs it so the decision is recorded in the workflow history.
import type { LoadedConfig } from '../config/load';
import { formatDuration } from '../config/schema/duration';
import type { ClockName, EscalationLevel } from '../config/schema/sla';
import type { TicketIntake } from './intake';
import type { TicketPlan } from './state';

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

// Impact × urgency (ITIL) until the routing rules of config/routing.yaml take over.
const MATRIX: Record<string, Record<string, string>> = {
  company: { critical: 'P1', high: 'P1', medium: 'P2', low: 'P3' },
  department: { critical: 'P1', high: 'P2', medium: 'P3', low: 'P4' },
  individual: { critical: 'P2', high: 'P3', medium: 'P3', low: 'P4' },
};

export function levelKey(level: EscalationLevel): string {
  return level.at !== undefined ? `${level.at}%` : `+${formatDuration(level.after!)}`;
}

export function planTicket(
  config: LoadedConfig,
  intake: TicketIntake,
  overrides: { category?: string; priority?: string } = {},
): TicketPlan {
  const reasons: string[] = [];
  const categories = Object.keys(config.categories.categories);
  const priorities = Object.keys(config.priorities.priorities);

  const category = overrides.category ?? intake.category ?? config.categories.defaultCategory;
  if (!config.categories.categories[category]) throw new UnknownCategoryError(category, categories);
  reasons.push(overrides.category ? `category ${category} set by agent` : intake.category ? `category ${category} from request` : `default category ${category}`);

  let priority = overrides.priority ?? intake.priority;
  if (priority) reasons.push(`priority ${priority} ${overrides.priority ? 'set by agent' : 'from request'}`);
  else if (intake.impact && intake.urgency) {
    priority = MATRIX[intake.impact][intake.urgency];
    reasons.push(`priority ${priority} from impact ${intake.impact} × urgency ${intake.urgency}`);
  } else {
    priority = config.priorities.defaultPriority;
    reasons.push(`default priority ${priority}`);
  }
  if (!config.priorities.priorities[priority]) throw new UnknownPriorityError(priority, priorities);

  const group = config.categories.categories[category].group;
  reasons.push(`group ${group} for category ${category}`);

  const vip = Boolean(intake.requester.vip);
  const override = config.sla.overrides.find(
    (o) => (o.when.category === undefined || o.when.category === category) && (o.when.vip === undefined || o.when.vip === vip),
  );
  const slaPolicy = override?.policy ?? config.sla.defaultPolicy;
  const policy = config.sla.policies[slaPolicy];
  const targets = policy.targets[priority];

  const clocks: TicketPlan['clocks'] = {};
  const targetOf: Record<ClockName, number | undefined> = {
    response: targets.response,
    resolution: targets.resolution,
    update: targets.update,
  };
  for (const name of ['response', 'resolution', 'update'] as const) {
    const targetSeconds = targetOf[name];
    if (!targetSeconds) continue;
    const levels = policy.escalation[name].map((l) => ({
      key: levelKey(l),
      atPercent: l.at,
      afterSeconds: l.after,
      quiet: l.quiet,
      notify: [...l.notify] as string[],
    }));
    // The breach is always recorded, even when no level at 100% notifies anyone.
    if (!levels.some((l) => l.atPercent === 100)) levels.push({ key: '100%', atPercent: 100, afterSeconds: undefined, quiet: false, notify: [] });
    clocks[name] = { calendarId: targets.calendar, targetSeconds, levels };
  }

  return {
    configVersion: config.version,
    category,
    priority,
    group,
    assignee: null,
    slaPolicy,
    clocks,
    pauseResolutionWhilePending: [...config.sla.pauseResolutionWhilePending],
    quietHoursCalendarId: config.sla.quietHoursCalendar ?? null,
    autoCloseAfterSeconds: config.desk.resolvedAutoCloseAfter,
    satisfactionWindowSeconds: config.desk.satisfactionWindow,
    reasons,
  };
}
