// Explains a ticket's SLA clocks to a human: target, consumed and paused business time, what is
// left, the due instant in the calendar's own zone, and which escalation levels fired when.
// Pure: the ticket view, the calendars and "now" are handed in (CLI and API share it).
import type { CalendarsConfig } from '../config/schema/calendars';
import type { TicketView } from '../ticket/state';
import { compileCalendar, describeInstant, type BusinessCalendar } from './calendar';
import { calendarLookup } from './calendarLookup';
import { viewClock, type ClockName } from './clock';
import { ownValue } from '../config/lookup';

export interface FiredLevel {
  level: string;
  episode: number;
  /** In the clock calendar's zone. */
  at: string;
  notified: string[];
  /** False while the level is marked fired but its notice has not been recorded yet. */
  recorded: boolean;
}

export interface ClockExplanation {
  clock: ClockName;
  state: string;
  calendarId: string;
  timeZone: string;
  targetSeconds: number;
  consumedSeconds: number;
  /** Business time that fell inside pauses: what the pauses spared the clock. */
  pausedBusinessSeconds: number;
  /** Wall-clock time spent paused. */
  pausedSeconds: number;
  remainingSeconds: number;
  dueAt: string | null;
  breached: boolean;
  breachedAt: string | null;
  episode: number;
  /** When met: the instant (in the calendar's zone) and, if not the ordinary event, what met it ('workaround', 'confirmation'…). */
  metAt?: string;
  metBy?: string;
  pauses: Array<{ from: string; to: string | null; reason: string }>;
  fired: FiredLevel[];
}

export interface SlaExplanation {
  number: string;
  priority: string;
  status: string;
  slaPolicy: string;
  /** The instant the figures are computed for. */
  asOf: string;
  clocks: ClockExplanation[];
  nextLevel: { clock: ClockName; level: string; episode: number; thresholdAt: string; fireAt: string } | null;
}

export function explainSla(ticket: TicketView, calendars: CalendarsConfig, now: Date): SlaExplanation {
  const math = calendarLookup(calendars);
  const compiled = new Map<string, BusinessCalendar>();
  const calendarOf = (id: string) => {
    if (!compiled.has(id)) compiled.set(id, compileCalendar(id, ownValue(calendars.calendars, id)!));
    return compiled.get(id)!;
  };
  const inZone = (id: string, at: string | Date) => describeInstant(calendarOf(id), new Date(at));

  const clocks = ticket.clocks.map((ledger): ClockExplanation => {
    const view = viewClock(ledger, now, math);
    const cal = math(ledger.calendarId);
    const pausedBusinessSeconds = ledger.pauses.reduce((sum, p) => sum + cal.secondsBetween(new Date(p.from), p.to ? new Date(p.to) : now), 0);
    const recorded = ticket.escalations.filter((e) => e.clock === ledger.name);
    // Escalations hold every episode with who was told; the ledger also knows levels marked
    // fired whose notice is still on its way (marked before acting, so they never fire twice).
    const unrecorded = ledger.firedLevels.filter((f) => !recorded.some((e) => e.episode === ledger.episode && e.level === f.level));
    const fired: FiredLevel[] = [
      ...recorded.map((e) => ({ level: e.level, episode: e.episode, at: e.at, notified: e.notified, recorded: true })),
      ...unrecorded.map((f) => ({ level: f.level, episode: ledger.episode, at: f.at, notified: [], recorded: false })),
    ]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((f) => ({ ...f, at: inZone(ledger.calendarId, f.at) }));
    return {
      clock: ledger.name,
      state: view.state,
      calendarId: ledger.calendarId,
      timeZone: calendarOf(ledger.calendarId).timeZone,
      targetSeconds: view.targetSeconds,
      consumedSeconds: view.consumedSeconds,
      pausedBusinessSeconds,
      pausedSeconds: view.pausedSeconds,
      remainingSeconds: view.remainingSeconds,
      dueAt: view.dueAt ? inZone(ledger.calendarId, view.dueAt) : null,
      breached: view.breached,
      breachedAt: view.breachedAt ? inZone(ledger.calendarId, view.breachedAt) : null,
      episode: view.episode,
      ...(ledger.state === 'met' && ledger.metAt ? { metAt: inZone(ledger.calendarId, ledger.metAt) } : {}),
      ...(ledger.state === 'met' && ledger.metBy ? { metBy: ledger.metBy } : {}),
      pauses: ledger.pauses.map((p) => ({ from: inZone(ledger.calendarId, p.from), to: p.to ? inZone(ledger.calendarId, p.to) : null, reason: p.reason })),
      fired,
    };
  });

  const next = ticket.nextEscalation;
  const nextCalendar = next && ticket.clocks.find((c) => c.name === next.clock)?.calendarId;
  return {
    number: ticket.number,
    priority: ticket.priority,
    status: ticket.status,
    slaPolicy: ticket.slaPolicy,
    asOf: now.toISOString(),
    clocks,
    nextLevel:
      next && nextCalendar
        ? { ...next, thresholdAt: inZone(nextCalendar, next.thresholdAt), fireAt: inZone(nextCalendar, next.fireAt) }
        : null,
  };
}

/** Business durations as people say them: 7h 30m, 45m 10s, 0s. */
export function formatBusinessDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ].filter(([n]) => n) as Array<[number, string]>;
  return parts.length ? parts.map(([n, unit]) => `${n}${unit}`).join(' ') : '0s';
}

export function formatSlaExplanation(e: SlaExplanation): string {
  const d = formatBusinessDuration;
  const lines = [`${e.number}  ${e.priority}  ${e.status}  policy ${e.slaPolicy}  (as of ${e.asOf})`];
  for (const c of e.clocks) {
    lines.push('');
    lines.push(`${c.clock} clock — ${c.state}${c.metBy ? ` by ${c.metBy}` : ''}${c.breached ? ', BREACHED' : ''}  (calendar ${c.calendarId}, ${c.timeZone}, episode ${c.episode})`);
    lines.push(`  target    ${d(c.targetSeconds)} business time`);
    lines.push(`  consumed  ${d(c.consumedSeconds)}    remaining ${d(c.remainingSeconds)}`);
    lines.push(`  paused    ${d(c.pausedBusinessSeconds)} business time (${d(c.pausedSeconds)} wall clock, ${c.pauses.length} pause${c.pauses.length === 1 ? '' : 's'})`);
    for (const p of c.pauses) lines.push(`            ${p.from} → ${p.to ?? 'now'}  ${p.reason}`);
    lines.push(`  due       ${c.dueAt ?? (c.state === 'running' ? '—' : `— (${c.state})`)}`);
    if (c.metAt) lines.push(`  met       ${c.metAt}${c.metBy ? ` (by ${c.metBy})` : ''}`);
    if (c.breachedAt) lines.push(`  breached  ${c.breachedAt}`);
    if (!c.fired.length) lines.push('  fired     none');
    for (const f of c.fired)
      lines.push(`  fired     ${f.level.padEnd(5)} at ${f.at} (episode ${f.episode})  ${f.recorded ? (f.notified.length ? `notified ${f.notified.join(', ')}` : 'nobody to notify') : 'notice in flight'}`);
  }
  lines.push('');
  lines.push(
    e.nextLevel
      ? `next: ${e.nextLevel.clock} ${e.nextLevel.level} at ${e.nextLevel.fireAt}${e.nextLevel.fireAt !== e.nextLevel.thresholdAt ? ` (threshold ${e.nextLevel.thresholdAt}, held for working hours)` : ''}`
      : 'next: nothing scheduled',
  );
  return lines.join('\n');
}
