// Tickets with known histories for archive and report tests: a list of dated steps is played
// through the real clock ledgers (sla/clock.ts) on the shipped calendars, the way the ticket
// workflow plays them, and gives the TicketView the archive would keep. Breaches are recorded
// at the instant the target is reached, as the workflow's 100 % level does.
import type { CalendarsConfig } from '../../config/schema/calendars';
import { calendarLookup } from '../../sla/calendarLookup';
import { applyClockEvent, viewClock, type ClockEvent, type ClockLedger, type ClockName } from '../../sla/clock';
import type { TicketStatus } from '../../ticket/lifecycle';
import type { Actor, Comment, SatisfactionRating, TicketView, TimelineEntry } from '../../ticket/state';

/** The shipped sla.yaml targets (DESIGN §1): first response / resolution, and their calendar. */
export const TARGETS: Record<string, { calendarId: string; response: number; resolution: number }> = {
  P1: { calendarId: 'always', response: 15 * 60, resolution: 2 * 3600 },
  P2: { calendarId: 'always', response: 30 * 60, resolution: 4 * 3600 },
  P3: { calendarId: 'office-shanghai', response: 2 * 3600, resolution: 8 * 3600 },
  P4: { calendarId: 'office-shanghai', response: 4 * 3600, resolution: 7.5 * 3600 },
};

export type Step =
  | { at: string; do: 'assign'; assignee: string }
  | { at: string; do: 'reassign'; group: string }
  | { at: string; do: 'respond'; by: string }
  | { at: string; do: 'note'; by: string; body: string }
  | { at: string; do: 'pend'; reason: 'requester' | 'vendor' | 'approval' }
  | { at: string; do: 'resume' }
  | { at: string; do: 'resolve'; by: string; note?: string; code?: string; byRequester?: boolean }
  | { at: string; do: 'reopen' }
  | { at: string; do: 'close'; how: 'requester' | 'timeout' | 'agent-on-behalf' }
  | { at: string; do: 'rate'; rating: SatisfactionRating; comment?: string }
  | { at: string; do: 'cancel' }
  | { at: string; do: 'decline' }
  | { at: string; do: 'changePriority'; to: string };

export interface TicketSpec {
  number: string;
  openedAt: string;
  priority?: string;
  category?: string;
  group?: string;
  channel?: 'api' | 'mail' | 'phone' | 'im' | 'walk-in';
  title?: string;
  description?: string;
  errorMessage?: string;
  requester?: string;
  /** Declined at intake by a rule: no clocks. */
  declinedAtIntake?: boolean;
  /** Breaches up to this instant are recorded even with no step after them (the report's "now"). */
  until?: string;
  steps?: Step[];
}

const SYSTEM: Actor = { role: 'system', id: 'system' };
const staff = (id: string): Actor => ({ role: 'agent', id });
const iso = (s: string) => new Date(s).toISOString();

export function playTicket(spec: TicketSpec, calendarsConfig: CalendarsConfig): TicketView {
  const calendars = calendarLookup(calendarsConfig);
  const requester: Actor = { role: 'requester', id: spec.requester ?? 'alice@corp.example' };
  let priority = spec.priority ?? 'P3';
  let status = 'new' as TicketStatus;
  let group = spec.group ?? 'desktop';
  let assignee: string | null = null;
  let clocks: ClockLedger[] = [];
  const timeline: TimelineEntry[] = [];
  const comments: Comment[] = [];
  let resolution: TicketView['resolution'];
  let satisfaction: TicketView['satisfaction'];
  let reopenCount = 0;
  let closedAt: string | undefined;
  let closedBy: TicketView['closedBy'];
  const createdAt = iso(spec.openedAt);
  const record = (at: string, actor: Actor, action: string, extra: Partial<TimelineEntry> = {}) => timeline.push({ at: iso(at), actor, action, ...extra });
  const clock = (events: ClockEvent[], at: string) => {
    for (const e of events) clocks = applyClockEvent(clocks, e, new Date(at), calendars);
  };
  const running = () => clocks.filter((c) => c.state === 'running' || c.state === 'paused').map((c) => ({ type: 'stop', clock: c.name }) as ClockEvent);
  const meetResponse = (): ClockEvent[] => (clocks.find((c) => c.name === 'response' && c.state !== 'met' && c.state !== 'stopped') ? [{ type: 'meet', clock: 'response' }] : []);
  // What the workflow's 100 % level records: the instant the target was reached, if before `at`.
  const markBreaches = (at: string) => {
    clocks = clocks.map((c) => {
      if (c.state !== 'running' || c.breachedAt || !c.runningSince) return c;
      const left = c.targetSeconds - c.consumedSeconds;
      const reached = calendars(c.calendarId).addSeconds(new Date(c.runningSince), Math.max(0, left));
      return reached.getTime() <= new Date(at).getTime() ? { ...c, breachedAt: reached.toISOString() } : c;
    });
  };

  record(spec.openedAt, SYSTEM, 'open', { to: 'new', detail: { channel: spec.channel ?? 'api' } });
  if (spec.declinedAtIntake) {
    status = 'declined';
    record(spec.openedAt, SYSTEM, 'decline', { from: 'new', to: 'declined', reason: 'out of scope' });
  } else {
    const t = TARGETS[priority];
    clock(
      [
        { type: 'start', clock: 'response', calendarId: t.calendarId, targetSeconds: t.response },
        { type: 'start', clock: 'resolution', calendarId: t.calendarId, targetSeconds: t.resolution },
      ],
      spec.openedAt,
    );
  }
  for (const step of spec.steps ?? []) {
    markBreaches(step.at);
    const from: TicketStatus = status;
    switch (step.do) {
      case 'assign':
        assignee = step.assignee;
        status = status === 'new' ? 'assigned' : status;
        record(step.at, SYSTEM, 'assign', { from, to: status, detail: { assignee } });
        break;
      case 'reassign':
        record(step.at, SYSTEM, 'reassign', { detail: { fromGroup: group, toGroup: step.group } });
        group = step.group;
        assignee = null;
        if (status === 'assigned') status = 'new';
        break;
      case 'respond': {
        const id = comments.length + 1;
        comments.push({ id, at: iso(step.at), actor: staff(step.by), body: '您好，正在处理', visibility: 'public' });
        record(step.at, staff(step.by), 'comment', { detail: { commentId: id } });
        status = status === 'new' || status === 'assigned' ? 'in_progress' : status;
        if (status !== from) record(step.at, staff(step.by), 'respond', { from, to: status });
        clock(meetResponse(), step.at);
        break;
      }
      case 'note': {
        const id = comments.length + 1;
        comments.push({ id, at: iso(step.at), actor: staff(step.by), body: step.body, visibility: 'internal' });
        record(step.at, staff(step.by), 'note', { detail: { commentId: id } });
        break;
      }
      case 'pend':
        status = 'pending';
        record(step.at, staff(assignee ?? 'agent'), 'pend', { from, to: 'pending', reason: step.reason });
        clock([...meetResponse(), { type: 'pause', clock: 'resolution', reason: `pending:${step.reason}` }], step.at);
        break;
      case 'resume':
        status = 'in_progress';
        record(step.at, staff(assignee ?? 'agent'), 'resume', { from, to: 'in_progress' });
        clock([{ type: 'resume', clock: 'resolution' }], step.at);
        break;
      case 'resolve': {
        const by = step.byRequester ? requester : staff(step.by);
        status = 'resolved';
        resolution = { note: step.note ?? '已处理', code: step.code, at: iso(step.at), by };
        record(step.at, by, 'resolve', { from, to: 'resolved', detail: { code: step.code } });
        clock([...meetResponse(), { type: 'meet', clock: 'resolution' }], step.at);
        break;
      }
      case 'reopen':
        status = 'assigned';
        reopenCount++;
        resolution = undefined;
        record(step.at, requester, 'reopen', { from: 'resolved', to: 'assigned', reason: '还是不行' });
        clock([{ type: 'resume', clock: 'resolution' }], step.at);
        break;
      case 'close':
        status = 'closed';
        closedAt = iso(step.at);
        closedBy = step.how;
        record(step.at, step.how === 'requester' ? requester : step.how === 'timeout' ? SYSTEM : staff('agent'), 'close', { from, to: 'closed', detail: { confirmation: step.how } });
        clock(running(), step.at);
        break;
      case 'rate':
        satisfaction = { rating: step.rating, comment: step.comment, at: iso(step.at) };
        record(step.at, requester, 'rate', { detail: { rating: step.rating } });
        break;
      case 'cancel':
        status = 'cancelled';
        record(step.at, requester, 'cancel', { from, to: 'cancelled', reason: '不需要了' });
        clock(running(), step.at);
        break;
      case 'decline':
        status = 'declined';
        record(step.at, staff('agent'), 'decline', { from, to: 'declined', reason: '不在服务范围' });
        clock(running(), step.at);
        break;
      case 'changePriority': {
        const fromPriority = priority;
        priority = step.to;
        const t = TARGETS[priority];
        const events: ClockEvent[] = [];
        for (const name of ['response', 'resolution'] as ClockName[])
          if (clocks.find((c) => c.name === name && c.state !== 'stopped'))
            events.push({ type: 'retarget', clock: name, calendarId: t.calendarId, targetSeconds: t[name as 'response' | 'resolution'] });
        clock(events, step.at);
        record(step.at, staff('agent'), 'changePriority', { reason: 'impact', detail: { from: fromPriority, to: priority } });
        break;
      }
    }
  }
  if (spec.until) markBreaches(spec.until);
  const last = timeline.at(-1)!.at;
  const sla = clocks.map((c) => viewClock(c, new Date(last), calendars));
  return {
    number: spec.number,
    intake: {
      requester: { name: '张三', email: requester.id },
      channel: spec.channel ?? 'api',
      title: spec.title ?? `ticket ${spec.number}`,
      description: spec.description ?? '',
      ...(spec.errorMessage ? { errorMessage: spec.errorMessage } : {}),
    },
    createdAt,
    updatedAt: last,
    status,
    priority,
    category: spec.category ?? 'hardware',
    group,
    assignee,
    clocks,
    comments,
    timeline,
    resolution,
    satisfaction,
    reopenCount,
    closedAt,
    closedBy,
    escalations: [],
    sla,
    slaComputedAt: last,
    breached: sla.some((c) => c.breached),
    configVersion: 'test',
    slaPolicy: 'default',
    nextEscalation: null,
  };
}
