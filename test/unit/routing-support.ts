// Shared fixtures for the routing unit tests: ticket builder, a stub office-hours calendar and
// the shipped example config, so each test file reads like the domain.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileRules } from '../../routing/compile';
import { routeTicket, type RoutingContext, type RoutingDecision } from '../../routing/evaluate';
import { compilePriorityMatrix } from '../../routing/priority';
import {
  RoutableTicketSchema,
  RoutingConfigSchema,
  RoutingRulesSchema,
  type PriorityMatrix,
  type RoutableTicketInput,
  type RoutingConfig,
  type RoutingRules,
} from '../../routing/schema';

export function ticket(input: RoutableTicketInput) {
  return RoutableTicketSchema.parse(input);
}

// Stand-in for the calendar module: Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, with the
// 2026 National Day holiday and its Saturday make-up day; enough to tell working time apart.
const HOLIDAYS = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
const MAKE_UP_DAYS = new Set(['2026-10-10']);
export function isOfficeHours(calendarId: string, at: Date): boolean {
  if (calendarId !== 'office-hours') throw new Error(`unknown calendar '${calendarId}'`);
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const day = local.toISOString().slice(0, 10);
  const weekday = local.getUTCDay();
  const workday = MAKE_UP_DAYS.has(day) || (weekday >= 1 && weekday <= 5 && !HOLIDAYS.has(day));
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  return workday && ((minutes >= 9 * 60 && minutes < 12 * 60) || (minutes >= 13 * 60 + 30 && minutes < 18 * 60));
}

/** Wednesday 30 Sep 2026, 10:00 in Shanghai: a plain working morning. */
export const WORKING_MORNING = new Date('2026-09-30T10:00:00+08:00');

export function context(now: Date = WORKING_MORNING): RoutingContext {
  return { isWorkingTime: isOfficeHours, now };
}

export const PLAIN_MATRIX: PriorityMatrix = {
  matrix: {
    company: { critical: 'P1', high: 'P1', medium: 'P2', low: 'P3' },
    department: { critical: 'P1', high: 'P2', medium: 'P3', low: 'P3' },
    individual: { critical: 'P2', high: 'P3', medium: 'P3', low: 'P4' },
  },
  keywordOverrides: [],
  vipBump: 0,
  defaults: { impact: 'individual', urgency: 'medium' },
};

/** Routes with the given rules (validated like YAML would be) under `matrix`. */
export function router(rules: unknown, matrix: PriorityMatrix = PLAIN_MATRIX) {
  const compiledRules = compileRules(parseRules(rules));
  const compiledMatrix = compilePriorityMatrix(matrix);
  return (input: RoutableTicketInput, now?: Date): RoutingDecision =>
    routeTicket(compiledRules, compiledMatrix, ticket(input), context(now));
}

function parseRules(rules: unknown): RoutingRules {
  return RoutingRulesSchema.parse(rules);
}

export function readExample(file: 'defaults.example.yaml' | 'defaults.cases.example.yaml'): unknown {
  return parse(readFileSync(new URL(`../../routing/${file}`, import.meta.url), 'utf8'));
}

export function defaultConfig(): RoutingConfig {
  return RoutingConfigSchema.parse(readExample('defaults.example.yaml'));
}
