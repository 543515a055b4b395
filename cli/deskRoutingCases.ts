// Runs routing.cases.yaml through the same planning the desk applies to a new ticket
// (routeIntake + planTicket), so a passing case means the desk really routes it that way.
import type { LoadedConfig } from '../config/load';
import { findPerson } from '../config/schema/directory';
import type { DeskRoutingCase } from '../config/schema/routingCases';
import { runRoutingCases, type Priority, type RoutableTicket, type RoutingCaseResult, type RoutingDecision } from '../routing';
import { planTicket, routeIntake } from '../ticket/plan';
import type { TicketPlan } from '../ticket/state';
import { intakeForRoutable } from './routingIntake';
import { ownValue } from '../config/lookup';
import { nextTier, tierOf } from '../routing/tiers';
import { wantedSeniority } from '../routing/dispatch';
import { watcherOf } from '../config/schema/watchers';

export type DeskCaseResult = RoutingCaseResult & { plan?: TicketPlan; decision?: RoutingDecision };

export function runDeskRoutingCases(
  config: LoadedConfig,
  cases: readonly DeskRoutingCase[],
  now: () => Date = () => new Date(),
): DeskCaseResult[] {
  const outcomes = new Map<RoutableTicket, { plan: TicketPlan; decision: RoutingDecision }>();
  const results = runRoutingCases(cases, (ticket, at) => {
    const receivedAt = at ?? now();
    const intake = intakeForRoutable(ticket, findPerson(config.directory, ticket.requester.email ?? ''));
    const decision = routeIntake(config, intake, receivedAt);
    const plan = planTicket(config, intake, {}, receivedAt);
    outcomes.set(ticket, { plan, decision });
    // The desk acts on the plan: with no matching rule its group is the category's default group.
    return { ...decision, category: plan.category, priority: plan.priority as Priority, group: plan.group };
  });
  return results.map((result, index) => {
    const routingCase = cases[index];
    const outcome = outcomes.get(routingCase.given);
    if (!outcome) return result;
    const diff = [...result.diff, ...deskDifferences(config, routingCase, outcome.plan)];
    return { ...result, passed: diff.length === 0, diff, ...outcome };
  });
}

function deskDifferences(config: LoadedConfig, routingCase: DeskRoutingCase, plan: TicketPlan): string[] {
  const diff: string[] = [];
  const { slaPolicy, assigneeStrategy, workaroundMeets, resolutionEndsAt } = routingCase.expect;
  if (slaPolicy !== undefined && slaPolicy !== plan.slaPolicy) diff.push(`slaPolicy: expected ${slaPolicy}, got ${plan.slaPolicy}`);
  if (assigneeStrategy !== undefined) {
    const strategy = ownValue(config.routing.assignment, plan.group)?.strategy;
    if (strategy !== assigneeStrategy)
      diff.push(
        `assigneeStrategy: expected ${assigneeStrategy}, got ${strategy ?? `none (group '${plan.group}' has no assignment in routing.yaml)`}`,
      );
  }
  const { tier, nextTier: wantedNext, dispatch } = routingCase.expect;
  if (tier !== undefined && tier !== tierOf(config, plan.group))
    diff.push(`tier: expected ${tier}, got ${tierOf(config, plan.group) ?? `none (group '${plan.group}' has no tier in groups.yaml)`}`);
  if (wantedNext !== undefined) {
    const next = nextTier(config, plan.category, plan.group);
    const got = next.found ? next.to.group : 'none';
    if (got !== wantedNext) diff.push(`nextTier: expected ${wantedNext}, got ${got} (${next.why})`);
  }
  if (dispatch !== undefined) {
    const got = wantedSeniority(config.routing.dispatch, plan.priority);
    if (got !== dispatch) diff.push(`dispatch: expected ${dispatch}, got ${got ?? `none (routing.yaml dispatch names no seniority for ${plan.priority})`}`);
  }
  if (workaroundMeets !== undefined) {
    const got = [...(plan.workaroundMeets ?? [])].sort();
    if (got.join() !== [...workaroundMeets].sort().join()) diff.push(`workaroundMeets: expected [${workaroundMeets.join(', ')}], got [${got.join(', ')}]`);
  }
  if (resolutionEndsAt !== undefined && resolutionEndsAt !== (plan.resolutionEndsAt ?? 'resolve'))
    diff.push(`resolutionEndsAt: expected ${resolutionEndsAt}, got ${plan.resolutionEndsAt ?? 'resolve'}`);
  // Issue #12: each named watcher is on the plan, with the updates the case names.
  for (const entry of routingCase.expect.watchers ?? []) {
    const wanted = watcherOf(entry);
    const got = plan.watch?.find((w) => w.who === wanted.who);
    if (!got) diff.push(`watchers: expected to include ${wanted.who}, got [${plan.watch?.map((w) => w.who).join(', ') ?? ''}]`);
    else if (typeof entry !== 'string' && got.updates !== wanted.updates) diff.push(`watchers: expected ${wanted.who} to get ${wanted.updates} updates, got ${got.updates} (rule ${got.rule})`);
  }
  return diff;
}
