// How an SLA clock looks to a person: ok, at risk (past the policy's first warning level) or
// breached, with the business time left. Pure: config, calendars and "now" are handed in.
import type { LoadedConfig } from '../config/load';
import type { CalendarLookup } from '../sla/clock';

export type ClockLevel = 'ok' | 'warning' | 'breached';
export type ShownClock = 'response' | 'resolution';

export interface ClockPolicy {
  calendarId: string;
  targetSeconds: number;
  /** Lowest escalation percentage below 100 of the policy for this clock; none → 75. */
  warnPercent: number;
}

const DEFAULT_WARN_PERCENT = 75;

/**
 * The policy a ticket of this priority and category runs under, as planTicket picks it. The
 * list rows carry no VIP flag: overrides that need one are skipped, so a VIP ticket is shown
 * against the general policy (its stored due instant is still the true one).
 */
export function clockPolicy(config: Pick<LoadedConfig, 'sla'>, priority: string, category: string, clock: ShownClock): ClockPolicy | null {
  const override = config.sla.overrides.find((o) => (o.when.category === undefined || o.when.category === category) && !o.when.vip);
  const policy = config.sla.policies[override?.policy ?? config.sla.defaultPolicy];
  const targets = policy?.targets[priority];
  if (!targets) return null;
  const warnings = policy.escalation[clock].map((l) => l.at).filter((at): at is number => at !== undefined && at < 100);
  return { calendarId: targets.calendar, targetSeconds: targets[clock], warnPercent: warnings.length ? Math.min(...warnings) : DEFAULT_WARN_PERCENT };
}

export function levelOf(consumedSeconds: number, targetSeconds: number, warnPercent: number, breached: boolean): ClockLevel {
  if (breached || consumedSeconds >= targetSeconds) return 'breached';
  if (targetSeconds > 0 && (consumedSeconds * 100) / targetSeconds >= warnPercent) return 'warning';
  return 'ok';
}

/** Business seconds from now to the due instant on the clock's calendar; negative once past. */
export function businessSecondsLeft(dueAt: Date, now: Date, calendarId: string, calendars: CalendarLookup): number {
  const calendar = calendars(calendarId);
  return dueAt >= now ? calendar.secondsBetween(now, dueAt) : -calendar.secondsBetween(dueAt, now);
}

/** The first warning level of a named policy for a clock (the ticket page knows the ticket's policy). */
export function warnPercentOf(config: Pick<LoadedConfig, 'sla'>, policyName: string, clock: 'response' | 'resolution' | 'update' | 'arrival'): number {
  const levels = config.sla.policies[policyName]?.escalation[clock] ?? [];
  const warnings = levels.map((l) => l.at).filter((at): at is number => at !== undefined && at < 100);
  return warnings.length ? Math.min(...warnings) : DEFAULT_WARN_PERCENT;
}
