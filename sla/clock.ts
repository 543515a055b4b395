// SLA clock ledgers: consumed business time plus pause intervals, never a fixed due instant.
// Pausing, resuming and retargeting settle the consumption first, so no time is lost or
// counted twice; after a retarget the new target applies to the time already consumed.
// Pure: calendar maths is handed in, so the workflow can run this inside a local activity.

// `arrival` runs only while an on-site visit is booked (workflows/ticketVisits.ts).
export type ClockName = 'response' | 'resolution' | 'update' | 'arrival';

/** The calendar operations a clock needs (implemented by sla/calendar). */
export interface CalendarMath {
  secondsBetween(from: Date, to: Date): number;
  addSeconds(from: Date, seconds: number): Date;
  nextWorkingInstant(at: Date): Date;
}
export type CalendarLookup = (calendarId: string) => CalendarMath;

export interface ClockLedger {
  name: ClockName;
  calendarId: string;
  targetSeconds: number;
  /** Business seconds consumed up to `runningSince` (or up to the pause/stop). */
  consumedSeconds: number;
  state: 'running' | 'paused' | 'met' | 'stopped';
  /** ISO instant the current running stretch began; null unless running. */
  runningSince: string | null;
  pauses: Array<{ from: string; to?: string; reason: string }>;
  /** Increments each time the clock starts afresh (e.g. the update clock after each update). */
  episode: number;
  startedAt: string;
  metAt?: string;
  /** What met the clock when it was not the ordinary event (e.g. 'workaround', 'confirmation'). */
  metBy?: string;
  breachedAt?: string;
  /** Escalation level keys fired in this episode (e.g. "75%", "100%", "+2h"). */
  firedLevels: Array<{ level: string; at: string }>;
}

export type ClockEvent =
  | { type: 'start'; clock: ClockName; calendarId: string; targetSeconds: number; notBefore?: string }
  | { type: 'pause'; clock: ClockName; reason: string }
  | { type: 'resume'; clock: ClockName }
  | { type: 'meet'; clock: ClockName; by?: string }
  | { type: 'stop'; clock: ClockName }
  | { type: 'restart'; clock: ClockName }
  | { type: 'retarget'; clock: ClockName; calendarId: string; targetSeconds: number; notBefore?: string; keepBreach?: boolean };
// `notBefore` (arrival clock): the target stretches so the clock is not due before this instant
// — an appointment the requester agreed to later than the promised arrival time moves the due
// to the appointment. `keepBreach`: a retarget that must not undo a breach already recorded (a
// rescheduled visit does not excuse a missed arrival).

export interface ClockView {
  name: ClockName;
  state: ClockLedger['state'];
  calendarId: string;
  targetSeconds: number;
  consumedSeconds: number;
  remainingSeconds: number;
  pausedSeconds: number;
  /** When the target is reached if the clock keeps running; absent while paused or done. */
  dueAt: string | null;
  breached: boolean;
  breachedAt: string | null;
  episode: number;
  /** What met the clock when it was not the ordinary event ('workaround', 'confirmation'); absent otherwise. */
  metBy?: string;
}

const iso = (d: Date) => d.toISOString();

/** `meet … by` values that a later 'resume' leaves met. */
const STAYS_MET_BY: ReadonlySet<string> = new Set(['workaround', 'containment']);

/** Brings `consumedSeconds` up to `now` for a running clock. */
export function settle(ledger: ClockLedger, now: Date, calendars: CalendarLookup): ClockLedger {
  if (ledger.state !== 'running' || !ledger.runningSince) return ledger;
  const since = new Date(ledger.runningSince);
  const calendar = calendars(ledger.calendarId);
  const gained = now > since ? calendar.secondsBetween(since, now) : 0;
  // Move the stretch start only by the whole seconds accounted for, so the fraction of a
  // second not yet counted is counted later instead of being lost on every settle.
  const accountedUntil = gained > 0 ? calendar.addSeconds(since, gained) : since;
  return { ...ledger, consumedSeconds: ledger.consumedSeconds + gained, runningSince: iso(accountedUntil) };
}

export function startClock(name: ClockName, calendarId: string, targetSeconds: number, now: Date): ClockLedger {
  return {
    name,
    calendarId,
    targetSeconds,
    consumedSeconds: 0,
    state: 'running',
    runningSince: iso(now),
    pauses: [],
    episode: 1,
    startedAt: iso(now),
    firedLevels: [],
  };
}

export function applyClockEvent(
  ledgers: ClockLedger[],
  event: ClockEvent,
  now: Date,
  calendars: CalendarLookup,
): ClockLedger[] {
  if (event.type === 'start') {
    const previous = ledgers.find((l) => l.name === event.clock);
    const others = ledgers.filter((l) => l.name !== event.clock);
    // A clock started again (e.g. the update clock after P2 → P3 → P2) is a new episode, so
    // its levels may fire again and their notices get fresh Message-IDs.
    const targetSeconds = stretchedTarget(event.targetSeconds, 0, event.notBefore, now, event.calendarId, calendars);
    const started = startClock(event.clock, event.calendarId, targetSeconds, now);
    return [...others, { ...started, episode: (previous?.episode ?? 0) + 1 }];
  }
  return ledgers.map((ledger) => {
    if (ledger.name !== event.clock) return ledger;
    const settled = settle(ledger, now, calendars);
    switch (event.type) {
      case 'pause':
        if (settled.state !== 'running') return settled;
        return {
          ...settled,
          state: 'paused',
          runningSince: null,
          pauses: [...settled.pauses, { from: iso(now), reason: event.reason }],
        };
      case 'resume': {
        // Resuming a met clock is a reopen: it goes on from the time already consumed.
        // A clock met by a workaround stays met: pending and resuming, even a reopen of the
        // permanent fix, do not take back a promise the workaround kept (docs/decisions.md).
        if (settled.state === 'met' && settled.metBy && STAYS_MET_BY.has(settled.metBy)) return settled;
        if (settled.state === 'met') return { ...settled, state: 'running', runningSince: iso(now), metAt: undefined, metBy: undefined };
        if (settled.state !== 'paused') return settled;
        const pauses = settled.pauses.map((p, i) => (i === settled.pauses.length - 1 ? { ...p, to: iso(now) } : p));
        return { ...settled, state: 'running', runningSince: iso(now), pauses };
      }
      case 'meet':
        if (settled.state === 'met' || settled.state === 'stopped') return settled;
        return { ...closePause(settled, now), state: 'met', runningSince: null, metAt: iso(now), ...(event.by ? { metBy: event.by } : {}) };
      case 'stop':
        return { ...closePause(settled, now), state: 'stopped', runningSince: null };
      case 'restart':
        return { ...startClock(settled.name, settled.calendarId, settled.targetSeconds, now), episode: settled.episode + 1 };
      case 'retarget': {
        // Consumption stays; only the target (and calendar for the time still to come) changes.
        const targetSeconds = stretchedTarget(event.targetSeconds, settled.consumedSeconds, event.notBefore, now, event.calendarId, calendars);
        const retargeted = { ...settled, calendarId: event.calendarId, targetSeconds };
        // settle() may leave the stretch start behind `now` (at 18:00 when settled at 20:00: the
        // evening was not working time on the old calendar). The new calendar counts from now
        // only, or a P3 raised to P2 in the evening would have the evening counted on 24×7.
        if (settled.state === 'running' && event.calendarId !== settled.calendarId) retargeted.runningSince = iso(now);
        // Levels already fired stay fired; a breach that the new target undoes is cleared so
        // the new breach can fire (a new target is a new promise to the requester).
        if (retargeted.breachedAt && retargeted.consumedSeconds < retargeted.targetSeconds && !event.keepBreach) {
          return { ...retargeted, breachedAt: undefined, firedLevels: [], episode: retargeted.episode + 1 };
        }
        return retargeted;
      }
    }
  });
}

/**
 * The target, stretched when `notBefore` lies further ahead than it: the consumption so far plus
 * the business time from now to `notBefore` on the clock's calendar.
 */
function stretchedTarget(targetSeconds: number, consumedSeconds: number, notBefore: string | undefined, now: Date, calendarId: string, calendars: CalendarLookup): number {
  if (!notBefore) return targetSeconds;
  const until = new Date(notBefore);
  const ahead = until > now ? calendars(calendarId).secondsBetween(now, until) : 0;
  return Math.max(targetSeconds, consumedSeconds + ahead);
}

function closePause(ledger: ClockLedger, now: Date): ClockLedger {
  if (ledger.state !== 'paused') return ledger;
  const pauses = ledger.pauses.map((p, i) => (i === ledger.pauses.length - 1 && !p.to ? { ...p, to: iso(now) } : p));
  return { ...ledger, pauses };
}

export function viewClock(ledger: ClockLedger, now: Date, calendars: CalendarLookup): ClockView {
  const settled = settle(ledger, now, calendars);
  const remainingSeconds = Math.max(0, settled.targetSeconds - settled.consumedSeconds);
  // Counted from the start of the running stretch, not from `now`: whole-second rounding of
  // the consumption must not make the due instant drift between two reads.
  const dueAt = ledger.state === 'running' && ledger.runningSince ? dueInstant(ledger, calendars) : null;
  const pausedSeconds = settled.pauses.reduce((sum, p) => {
    const to = p.to ? new Date(p.to) : now;
    return sum + Math.max(0, Math.round((to.getTime() - new Date(p.from).getTime()) / 1000));
  }, 0);
  return {
    name: settled.name,
    state: settled.state,
    calendarId: settled.calendarId,
    targetSeconds: settled.targetSeconds,
    consumedSeconds: settled.consumedSeconds,
    remainingSeconds,
    pausedSeconds,
    dueAt,
    breached: Boolean(settled.breachedAt) || settled.consumedSeconds >= settled.targetSeconds,
    breachedAt: settled.breachedAt ?? null,
    episode: settled.episode,
    ...(settled.metBy ? { metBy: settled.metBy } : {}),
  };
}

// For a clock past its target this lies in the past: the instant the target was reached.
function dueInstant(ledger: ClockLedger, calendars: CalendarLookup): string {
  const left = ledger.targetSeconds - ledger.consumedSeconds;
  // Past the target, the stretch start says nothing about when it was reached: the breach does.
  if (left <= 0 && ledger.breachedAt) return ledger.breachedAt;
  const since = new Date(ledger.runningSince!);
  return iso(calendars(ledger.calendarId).addSeconds(since, Math.max(0, left)));
}

/** An escalation level as the clock scheduler sees it. */
export interface LevelSpec {
  key: string;
  /** Percentage of the target (100 = breach)… */
  atPercent?: number;
  /** …or business seconds after the breach. */
  afterSeconds?: number;
  /** Hold until working hours on the clock's calendar. */
  quiet: boolean;
}

export interface ScheduledLevel {
  clock: ClockName;
  level: string;
  episode: number;
  /** When the threshold is crossed. */
  thresholdAt: string;
  /** When to act (later than thresholdAt only for quiet levels outside working hours). */
  fireAt: string;
}

/** The instants at which each not-yet-fired level of each running clock comes due. */
export function scheduleLevels(
  ledgers: ClockLedger[],
  levelsByClock: Partial<Record<ClockName, LevelSpec[]>>,
  now: Date,
  calendars: CalendarLookup,
  quietHoursCalendarId: string | null,
): ScheduledLevel[] {
  const out: ScheduledLevel[] = [];
  for (const ledger of ledgers) {
    if (ledger.state !== 'running' || !ledger.runningSince) continue;
    const calendar = calendars(ledger.calendarId);
    const since = new Date(ledger.runningSince);
    const levels = (levelsByClock[ledger.name] ?? []).map((level) => {
      const thresholdSeconds =
        level.atPercent !== undefined
          ? Math.ceil((ledger.targetSeconds * level.atPercent) / 100)
          : ledger.targetSeconds + (level.afterSeconds ?? 0);
      const left = thresholdSeconds - ledger.consumedSeconds;
      // A threshold already passed while paused or before a retarget fires right away.
      const thresholdAt = left <= 0 ? now : calendar.addSeconds(since, left);
      const fireAt =
        level.quiet && quietHoursCalendarId ? calendars(quietHoursCalendarId).nextWorkingInstant(thresholdAt) : thresholdAt;
      const fired = ledger.firedLevels.some((f) => f.level === level.key);
      return { level, thresholdSeconds, thresholdAt, fireAt, fired };
    });
    for (const entry of levels) {
      if (entry.fired) continue;
      // A quiet warning held past a stronger level (the breach) would arrive after it: the
      // staff have already heard the stronger notice, so the weaker one is dropped.
      const held = entry.fireAt.getTime() > entry.thresholdAt.getTime();
      const superseded =
        held &&
        (entry.level.atPercent ?? 100) < 100 &&
        levels.some((other) => other.thresholdSeconds > entry.thresholdSeconds && (other.fired || other.fireAt <= entry.fireAt));
      if (superseded) continue;
      out.push({
        clock: ledger.name,
        level: entry.level.key,
        episode: ledger.episode,
        thresholdAt: iso(entry.thresholdAt),
        fireAt: iso(entry.fireAt),
      });
    }
  }
  return out.sort((a, b) => a.fireAt.localeCompare(b.fireAt));
}
