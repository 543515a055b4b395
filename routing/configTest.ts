// Runs the routing test cases admins write next to their rules ("this mail must go to network as
// P2") and reports each failure as a readable diff, e.g. "priority: expected P1, got P3".
import { z } from 'zod';
import type { RoutingDecision } from './evaluate';
import { ImpactSchema, PrioritySchema, RoutableTicketSchema, UrgencySchema, type RoutableTicket } from './schema';

export const RoutingExpectationSchema = z
  .object({
    category: z.string().optional(),
    impact: ImpactSchema.optional(),
    urgency: UrgencySchema.optional(),
    priority: PrioritySchema.optional(),
    group: z.string().optional(),
    declined: z.boolean().optional(),
    /** Whether a rule declares the ticket a major incident as it opens. */
    majorIncident: z.boolean().optional(),
    /** A rule that must be among the matched rules. */
    rule: z.string().optional(),
    /** Tags the decision must include (others may be present). */
    tags: z.array(z.string()).optional(),
    /** incident or request (a rule's `type`; incident when no rule says). */
    type: z.enum(['incident', 'request']).optional(),
  })
  .strict()
  .refine((expect) => Object.values(expect).some((v) => v !== undefined), {
    message: "'expect' must name at least one thing to check",
  });

export const RoutingCaseSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    /** When the ticket is received (matters for `timeOfDay` rules), ISO-8601 with offset. */
    at: z.iso.datetime({ offset: true }).optional(),
    given: RoutableTicketSchema,
    expect: RoutingExpectationSchema,
  })
  .strict();

export const RoutingCasesSchema = z.array(RoutingCaseSchema).superRefine(
  (cases, ctx) => {
    const seen = new Set<string>();
    cases.forEach((routingCase, index) => {
      const name = routingCase?.name;
      if (typeof name !== 'string') return;
      if (seen.has(name))
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate test case name '${name}'` });
      seen.add(name);
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);
export type RoutingCase = z.infer<typeof RoutingCaseSchema>;
export type RoutingExpectation = z.infer<typeof RoutingExpectationSchema>;

/** Routes one ticket under the config being tested; `at` is the case's receive time, if any. */
export type RoutingCaseEvaluator = (ticket: RoutableTicket, at: Date | undefined) => RoutingDecision;
export type RoutingCaseResult = { name: string; passed: boolean; diff: string[] };

export function runRoutingCases(
  cases: readonly RoutingCase[],
  evaluate: RoutingCaseEvaluator,
): RoutingCaseResult[] {
  return cases.map((routingCase) => {
    let decision: RoutingDecision;
    try {
      decision = evaluate(routingCase.given, routingCase.at === undefined ? undefined : new Date(routingCase.at));
    } catch (error) {
      // One broken case (say, an unknown calendar) must not hide the results of the others.
      const message = error instanceof Error ? error.message : String(error);
      return { name: routingCase.name, passed: false, diff: [`routing failed: ${message}`] };
    }
    const diff = differences(routingCase.expect, decision);
    return { name: routingCase.name, passed: diff.length === 0, diff };
  });
}

function differences(expect: RoutingExpectation, decision: RoutingDecision): string[] {
  const diff: string[] = [];
  for (const field of ['category', 'impact', 'urgency', 'priority', 'group'] as const) {
    const wanted = expect[field];
    if (wanted !== undefined && wanted !== decision[field])
      diff.push(`${field}: expected ${wanted}, got ${decision[field]}`);
  }
  if (expect.declined !== undefined) {
    const declined = decision.decline !== undefined;
    if (expect.declined && !declined) diff.push('declined: expected declined, got not declined');
    if (!expect.declined && declined)
      diff.push(`declined: expected not declined, got declined by rule '${decision.decline?.rule}'`);
  }
  if (expect.majorIncident !== undefined) {
    const declared = decision.majorIncident !== undefined && decision.decline === undefined;
    if (expect.majorIncident && !declared) diff.push('majorIncident: expected a major incident, got none');
    if (!expect.majorIncident && declared)
      diff.push(`majorIncident: expected none, got one declared by rule '${decision.majorIncident?.rule}'`);
  }
  if (expect.rule !== undefined && !decision.matchedRules.includes(expect.rule)) {
    const matched = decision.matchedRules.length > 0 ? decision.matchedRules.map((r) => `'${r}'`).join(', ') : 'none';
    diff.push(`rule: expected '${expect.rule}' to match, matched ${matched}`);
  }
  if (expect.type !== undefined && expect.type !== (decision.type ?? 'incident'))
    diff.push(`type: expected ${expect.type}, got ${decision.type ?? 'incident'}`);
  for (const tag of expect.tags ?? []) {
    if (!decision.tags.includes(tag))
      diff.push(`tags: expected to include '${tag}', got [${decision.tags.join(', ')}]`);
  }
  return diff;
}
