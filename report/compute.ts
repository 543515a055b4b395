// The service report (DESIGN §2 "Knowledge and reports") from ticket facts: pure, so the figures
// of tickets with known histories can be checked one by one. Definitions in ./definitions.ts.
import { formatCivilDate, MS_PER_DAY } from '../sla/civilDate';
import { instantOfWallTime, localDayAt } from '../sla/zonedTime';
import type { TicketStatus } from '../ticket/lifecycle';
import type { SatisfactionRating } from '../ticket/state';
import { DEFINITIONS } from './definitions';
import type { ClockFacts, TicketFacts } from './facts';

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, null when nothing was measured. */
  value: number | null;
}
export interface Stat {
  count: number;
  meanSeconds: number | null;
  p90Seconds: number | null;
}
export interface BreakdownRow {
  key: string;
  opened: number;
  resolved: number;
  closed: number;
}
export interface KbUsage {
  view: number;
  suggested: number;
  solved: number;
  ticketsShownSuggestions: number;
  ticketsSolvedByArticle: number;
}

export interface ReportOptions {
  from: Date;
  to: Date;
  timeZone: string;
  /** Only tickets whose group is this (as they are now). */
  group?: string;
  /** From the knowledge base usage log, for the same period. */
  kbUsage?: KbUsage;
  generatedAt?: Date;
}

const OPEN_AT_END: ReadonlySet<TicketStatus> = new Set(['new', 'assigned', 'in_progress', 'pending']);
const RATINGS: SatisfactionRating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
export const BACKLOG_BUCKETS = [
  { label: '< 1 d', maxDays: 1 },
  { label: '1–3 d', maxDays: 3 },
  { label: '3–7 d', maxDays: 7 },
  { label: '7–30 d', maxDays: 30 },
  { label: '≥ 30 d', maxDays: Infinity },
] as const;

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? numerator / denominator : null });

export function stat(samplesSeconds: number[]): Stat {
  if (!samplesSeconds.length) return { count: 0, meanSeconds: null, p90Seconds: null };
  const sorted = [...samplesSeconds].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  // Nearest rank: the smallest sample with at least 90 % of samples at or below it.
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1];
  return { count: sorted.length, meanSeconds: Math.round(mean), p90Seconds: p90 };
}

/** When a clock's outcome was decided, and whether it was met; null while undecided. */
export function clockOutcome(clock: ClockFacts | null): { at: number; met: boolean } | null {
  if (!clock) return null;
  if (clock.breached) {
    const at = clock.breachedAt ?? clock.metAt;
    return at === null ? null : { at, met: false };
  }
  return clock.metAt === null ? null : { at: clock.metAt, met: true };
}

/** The status a ticket had at an instant (before its opening: undefined). */
export function statusAt(facts: Pick<TicketFacts, 'transitions'>, at: number): TicketStatus | undefined {
  let status: TicketStatus | undefined;
  for (const [when, to] of facts.transitions) {
    if (when >= at) break;
    status = to;
  }
  return status;
}

export function computeReport(all: readonly TicketFacts[], options: ReportOptions) {
  const from = options.from.getTime();
  const to = options.to.getTime();
  const inP = (t: number | null | undefined) => t !== null && t !== undefined && t >= from && t < to;
  const tickets = options.group ? all.filter((t) => t.group === options.group) : all;
  const entered = (t: TicketFacts, status: TicketStatus) => t.transitions.some(([at, s]) => s === status && inP(at));

  const opened = tickets.filter((t) => inP(t.createdAt));
  const resolved = tickets.filter((t) => t.resolvedAts.some(inP));
  const closed = tickets.filter((t) => inP(t.closedAt));
  const reopened = tickets.filter((t) => t.reopenedAts.some(inP));
  const declined = tickets.filter((t) => entered(t, 'declined'));
  const cancelled = tickets.filter((t) => entered(t, 'cancelled'));

  const breakdown = (keyOf: (t: TicketFacts) => string): BreakdownRow[] => {
    const rows = new Map<string, BreakdownRow>();
    const row = (key: string) => rows.get(key) ?? rows.set(key, { key, opened: 0, resolved: 0, closed: 0 }).get(key)!;
    for (const t of opened) row(keyOf(t)).opened++;
    for (const t of resolved) row(keyOf(t)).resolved++;
    for (const t of closed) row(keyOf(t)).closed++;
    return [...rows.values()].sort((a, b) => b.opened - a.opened || b.resolved - a.resolved || a.key.localeCompare(b.key));
  };

  const compliance = (clockOf: (t: TicketFacts) => ClockFacts | null) => {
    const decided = tickets.flatMap((t) => {
      const outcome = clockOutcome(clockOf(t));
      return outcome && inP(outcome.at) ? [{ t, met: outcome.met }] : [];
    });
    const of = (list: typeof decided) => rate(list.filter((d) => d.met).length, list.length);
    const by = (keyOf: (t: TicketFacts) => string) => {
      const groups = new Map<string, typeof decided>();
      for (const d of decided) pushTo(groups, keyOf(d.t), d);
      return Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => [k, of(list)]));
    };
    return { overall: of(decided), byPriority: by((t) => t.priority), byGroup: by((t) => t.group) };
  };

  // Times: business from the clock ledgers, wall from the timeline.
  const answered = tickets.filter((t) => t.response?.metAt !== null && t.response?.metAt !== undefined && inP(t.response.metAt));
  const finallyResolved = tickets.filter(
    (t) => (t.status === 'resolved' || t.status === 'closed') && t.resolution !== null && t.resolution.metAt !== null && inP(t.resolvedAts.at(-1)),
  );
  const timesOf = (list: TicketFacts[], business: (t: TicketFacts) => number, wall: (t: TicketFacts) => number) => {
    const byPriority = new Map<string, TicketFacts[]>();
    for (const t of list) pushTo(byPriority, t.priority, t);
    const pair = (l: TicketFacts[]) => ({ business: stat(l.map(business)), wall: stat(l.map(wall)) });
    return { ...pair(list), byPriority: Object.fromEntries([...byPriority.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, l]) => [k, pair(l)])) };
  };
  const firstResponse = timesOf(answered, (t) => t.response!.consumedSeconds, (t) => Math.round((t.response!.metAt! - t.createdAt) / 1000));
  const resolution = timesOf(finallyResolved, (t) => t.resolution!.consumedSeconds, (t) => Math.round((t.resolvedAts.at(-1)! - t.createdAt) / 1000));

  const backlogTickets = tickets.filter((t) => t.createdAt < to && OPEN_AT_END.has(statusAt(t, to) as TicketStatus));
  const ages = backlogTickets.map((t) => ({ number: t.number, ageSeconds: Math.round((to - t.createdAt) / 1000) }));
  const buckets = BACKLOG_BUCKETS.map((b, i) => ({
    label: b.label,
    count: ages.filter((a) => a.ageSeconds < b.maxDays * 86_400 && a.ageSeconds >= (i ? BACKLOG_BUCKETS[i - 1].maxDays * 86_400 : 0)).length,
  }));
  const oldest = ages.reduce<(typeof ages)[number] | null>((o, a) => (!o || a.ageSeconds > o.ageSeconds ? a : o), null);

  const reopenedAfterResolution = resolved.filter((t) => {
    const firstInP = t.resolvedAts.find(inP)!;
    return t.reopenedAts.some((r) => r > firstInP);
  });
  const firstContact = resolved.filter(
    (t) => t.selfServed || (t.reopenedAts.length === 0 && !t.pended && !t.groupChanged && t.resolver !== null && t.resolver === t.firstResponder),
  );

  const rated = closed.filter((t) => t.satisfaction);
  const satisfactionCounts = Object.fromEntries(RATINGS.map((r) => [r, rated.filter((t) => t.satisfaction!.rating === r).length])) as Record<SatisfactionRating, number>;
  const dissatisfied = rated
    .filter((t) => t.satisfaction!.rating === 'dissatisfied')
    .map((t) => ({ number: t.number, title: t.title, group: t.group, assignee: t.assignee, comment: t.satisfaction!.comment, ratedAt: new Date(t.satisfaction!.at).toISOString() }));

  const withArticle = resolved.filter((t) => t.kbArticle !== null && (t.status === 'resolved' || t.status === 'closed'));
  const confirmed = closed.filter((t) => t.closedBy === 'requester' && t.resolvedAts.length > 0);
  const feedback = stat(confirmed.map((t) => Math.round((t.closedAt! - Math.max(...t.resolvedAts.filter((r) => r <= t.closedAt!))) / 1000)));

  // Per local day of the desk's zone: day starts computed once, then a binary search per event
  // (a time-zone look-up per event would dominate a report over 100 000 tickets).
  const firstDay = localDayAt(options.timeZone, from);
  const lastDay = localDayAt(options.timeZone, to - 1);
  const perDay = Array.from({ length: Math.max(0, lastDay - firstDay + 1) }, (_, i) => ({ day: formatCivilDate(firstDay + i), opened: 0, resolved: 0 }));
  const dayStarts = perDay.map((_, i) => instantOfWallTime(options.timeZone, (firstDay + i) * MS_PER_DAY));
  const dayOf = (at: number) => {
    let lo = 0;
    let hi = dayStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (dayStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const t of opened) perDay[dayOf(t.createdAt)].opened++;
  for (const t of tickets) for (const r of t.resolvedAts) if (inP(r)) perDay[dayOf(r)].resolved++;

  const kb = options.kbUsage;
  return {
    period: { from: options.from.toISOString(), to: options.to.toISOString(), timeZone: options.timeZone, group: options.group ?? null, days: perDay.length },
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    ticketsConsidered: tickets.length,
    volume: {
      opened: opened.length,
      resolved: resolved.length,
      closed: closed.length,
      reopened: reopened.length,
      declined: declined.length,
      cancelled: cancelled.length,
    },
    breakdowns: {
      channel: breakdown((t) => t.channel),
      category: breakdown((t) => t.category),
      priority: breakdown((t) => t.priority),
      group: breakdown((t) => t.group),
      assignee: breakdown((t) => t.assignee ?? '(unassigned)'),
    },
    sla: { response: compliance((t) => t.response), resolution: compliance((t) => t.resolution) },
    times: { firstResponse, resolution },
    backlog: {
      count: backlogTickets.length,
      ages: buckets,
      meanAgeSeconds: ages.length ? Math.round(ages.reduce((s, a) => s + a.ageSeconds, 0) / ages.length) : null,
      oldest,
    },
    reopenRate: rate(reopenedAfterResolution.length, resolved.length),
    firstContactResolution: rate(firstContact.length, resolved.length),
    satisfaction: { counts: satisfactionCounts, responseRate: rate(rated.length, closed.length), dissatisfied },
    knowledgeBase: {
      usageRate: rate(withArticle.length, resolved.length),
      selfServed: resolved.filter((t) => t.selfServed).length,
      suggestionSuccess: kb ? rate(kb.ticketsSolvedByArticle, kb.ticketsShownSuggestions) : null,
      usage: kb ? { views: kb.view, suggestionsShown: kb.suggested, solved: kb.solved } : null,
    },
    feedbackCycle: { confirmedByRequester: feedback.count, meanSeconds: feedback.meanSeconds, p90Seconds: feedback.p90Seconds, autoClosed: closed.filter((t) => t.closedBy === 'timeout').length },
    perDay,
    definitions: DEFINITIONS,
  };
}

export type Report = ReturnType<typeof computeReport>;

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
