// Routes one ticket through the compiled rules: ordered rules, first match stops unless the rule
// says `continue`; then the priority is resolved. Returns the decision and a trace saying why.
import type { CompiledRules, TicketView } from './compile';
import { resolvePriority, type CompiledPriorityMatrix, type PrioritySource } from './priority';
import type { Decline, MajorIncidentDeclaration, Impact, Priority, RoutableTicket, Urgency } from './schema';
import { foldText } from './text';
import { watcherOf } from '../config/schema/watchers';

export type RoutingContext = {
  /** Calendars live in another module; the engine only asks this question. */
  isWorkingTime(calendarId: string, at: Date): boolean;
  /** When the ticket was received; `timeOfDay` conditions are judged at this instant. */
  now: Date;
};

export type RuleTrace = { rule: string; matched: boolean; why: string };

export type RoutingDecision = {
  category: string;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  prioritySource: PrioritySource;
  /** e.g. "matrix: impact individual × urgency medium → P3; VIP requester: raised P3 → P2" */
  priorityWhy: string;
  group: string;
  tags: string[];
  watchers: string[];
  /** Skills the assignee needs (from rules' `then.skills`). */
  skills: string[];
  decline?: Decline & { rule: string };
  /** A matched rule declares the ticket a major incident. */
  majorIncident?: MajorIncidentDeclaration & { rule: string };
  /** Set when a matched rule said incident or request. */
  type?: 'incident' | 'request';
  matchedRules: string[];
  /** Every rule evaluated, in order; rules after the one that stopped evaluation are not listed. */
  trace: RuleTrace[];
};

const MATCHES_EVERYTHING = 'no conditions: matches every ticket';

export function routeTicket(
  rules: CompiledRules,
  matrix: CompiledPriorityMatrix,
  ticket: RoutableTicket,
  ctx: RoutingContext,
): RoutingDecision {
  let impact = ticket.impact;
  let urgency = ticket.urgency;
  let group: string | undefined;
  let rulePriority: { priority: Priority; rule: string } | undefined;
  // A rule's `priority` condition asks what the ticket's priority is at that rule.
  const priorityNow = () => priorityOf(impact, urgency, rulePriority).priority;
  const view = viewOf(ticket, ctx, priorityNow);
  const priorityOf = (i: Impact | undefined, u: Urgency | undefined, byRule: typeof rulePriority) =>
    resolvePriority(matrix, {
      impact: i ?? matrix.defaults.impact,
      urgency: u ?? matrix.defaults.urgency,
      texts: [view.text.title, view.text.description],
      rulePriority: byRule,
      requesterPriority: ticket.priority,
      vip: ticket.requester.vip === true,
    });
  let decline: RoutingDecision['decline'];
  let majorIncident: RoutingDecision['majorIncident'];
  let type: RoutingDecision['type'];
  const tags: string[] = [];
  const watchers: string[] = [];
  const skills: string[] = [];
  const matchedRules: string[] = [];
  const trace: RuleTrace[] = [];

  for (const rule of rules.rules) {
    // Plain loops and string concatenation: this runs ~200 times per ticket.
    let failedWhy = '';
    let matchedWhy = '';
    for (const condition of rule.conditions) {
      const outcome = condition(view);
      if (outcome.ok) matchedWhy = matchedWhy === '' ? outcome.why : `${matchedWhy}; ${outcome.why}`;
      else failedWhy = failedWhy === '' ? outcome.why : `${failedWhy}; ${outcome.why}`;
    }
    if (failedWhy !== '') {
      trace.push({ rule: rule.name, matched: false, why: failedWhy });
      continue;
    }
    const why = rule.conditions.length === 0 ? MATCHES_EVERYTHING : matchedWhy;
    trace.push({ rule: rule.name, matched: true, why: rule.continue ? `${why} (continue)` : why });
    matchedRules.push(rule.name);

    // Later matching rules override single values and add to lists.
    const then = rule.actions;
    if (then.category !== undefined) view.category = then.category;
    if (then.impact !== undefined) impact = then.impact;
    if (then.urgency !== undefined) urgency = then.urgency;
    if (then.priority !== undefined) rulePriority = { priority: then.priority, rule: rule.name };
    if (then.group !== undefined) group = then.group;
    if (then.tags) addMissing(tags, then.tags);
    if (then.watchers) addMissing(watchers, then.watchers.map((entry) => watcherOf(entry).who));
    if (then.skills) addMissing(skills, then.skills);
    if (then.decline) decline = { ...then.decline, rule: rule.name };
    if (then.majorIncident) majorIncident = { ...then.majorIncident, rule: rule.name };
    if (then.type !== undefined) type = then.type;

    if (!rule.continue) break;
  }

  const resolvedImpact = impact ?? matrix.defaults.impact;
  const resolvedUrgency = urgency ?? matrix.defaults.urgency;
  const verdict = priorityOf(impact, urgency, rulePriority);

  return {
    category: view.category ?? rules.fallback.category,
    impact: resolvedImpact,
    urgency: resolvedUrgency,
    priority: verdict.priority,
    prioritySource: verdict.source,
    priorityWhy: verdict.why,
    group: group ?? rules.fallback.group,
    tags,
    watchers,
    skills,
    ...(decline ? { decline } : {}),
    ...(majorIncident ? { majorIncident } : {}),
    ...(type ? { type } : {}),
    matchedRules,
    trace,
  };
}

function viewOf(ticket: RoutableTicket, ctx: RoutingContext, priorityNow: () => Priority): TicketView {
  const workingByCalendar = new Map<string, boolean>();
  return {
    priorityNow,
    ticket,
    text: { title: foldText(ticket.title), description: foldText(ticket.description) },
    attributes: {
      channel: ticket.channel,
      mailbox: foldOptional(ticket.mailbox),
      department: foldOptional(ticket.requester.department),
      location: foldOptional(ticket.requester.location),
      affectedSystem: foldOptional(ticket.affectedSystem),
    },
    category: ticket.category,
    // Several rules may ask about the same calendar; ask the calendar module once per ticket.
    isWorking(calendarId) {
      let working = workingByCalendar.get(calendarId);
      if (working === undefined) {
        working = ctx.isWorkingTime(calendarId, ctx.now);
        workingByCalendar.set(calendarId, working);
      }
      return working;
    },
  };
}

function foldOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : foldText(value);
}

function addMissing(list: string[], additions: readonly string[]): void {
  for (const item of additions) if (!list.includes(item)) list.push(item);
}
