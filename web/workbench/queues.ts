// The workbench queues, built from the search attributes (ticketService.list): which tickets
// each queue holds, the filters, the time left on each clock, sorting and paging. Pure apart
// from the calendars handed in, so every rule is a row in test/unit/web-queues.test.ts.
import type { TicketSummary } from '../../api/ticketService';
import type { LoadedConfig } from '../../config/load';
import type { CalendarLookup } from '../../sla/clock';
import { businessSecondsLeft, clockPolicy, levelOf, type ClockLevel, type ShownClock } from '../slaDisplay';

export const QUEUES = ['mine', 'unassigned', 'breaching', 'pending', 'open'] as const;
export type QueueName = (typeof QUEUES)[number];
/** Not finished: resolved tickets still wait for the requester's confirmation. */
export const OPEN_STATUSES = ['new', 'assigned', 'in_progress', 'pending', 'resolved'] as const;
export const PAGE_SIZE = 50;

export interface QueueFilters {
  priority?: string;
  status?: string;
  group?: string;
  category?: string;
  assignee?: string;
}
export const FILTER_FIELDS = ['priority', 'status', 'group', 'category', 'assignee'] as const;

export interface ClockCell {
  clock: ShownClock;
  dueAt: string;
  leftSeconds: number;
  targetSeconds: number;
  level: ClockLevel;
}

export interface QueueRow extends TicketSummary {
  clocks: ClockCell[];
  /** The clock closest to (or furthest past) its target; null without running clocks. */
  minLeftSeconds: number | null;
  level: ClockLevel | null;
}

export interface Viewer {
  memberId: string;
  groups: string[];
}

/** What to ask the search attributes for: a superset the queue then narrows in memory. */
export function searchFilterFor(queue: QueueName, viewer: Viewer, filters: QueueFilters): Record<string, string | string[] | undefined> {
  const base: Record<string, string | string[] | undefined> = { ...filters, status: filters.status ?? [...OPEN_STATUSES] };
  if (queue === 'mine') return { ...base, assignee: viewer.memberId };
  if (queue === 'unassigned') return { ...base, group: filters.group ?? (viewer.groups.length ? viewer.groups : ['-none-']) };
  if (queue === 'pending') return { ...base, status: 'pending' };
  return base;
}

/** The agent's filters, applied to a row of the open-ticket snapshot. */
export function matchesFilters(summary: TicketSummary, filters: QueueFilters): boolean {
  return FILTER_FIELDS.every(
    (field) =>
      filters[field] === undefined ||
      summary[field] === filters[field] ||
      // The assignee filter finds a person's tickets, helped on too (as the API's does).
      (field === 'assignee' && (summary.helpers?.includes(filters.assignee!) ?? false)),
  );
}

export function rowOf(summary: TicketSummary, config: Pick<LoadedConfig, 'sla'>, calendars: CalendarLookup, now: Date): QueueRow {
  const clocks: ClockCell[] = [];
  for (const clock of ['response', 'resolution'] as const) {
    const due = clock === 'response' ? summary.slaResponseDue : summary.slaResolutionDue;
    if (!due) continue; // met, paused or stopped: no due instant is published
    const policy = clockPolicy(config, summary.priority, summary.category, clock);
    if (!policy) continue;
    let leftSeconds: number;
    try {
      leftSeconds = businessSecondsLeft(new Date(due), now, policy.calendarId, calendars);
    } catch {
      leftSeconds = Math.round((Date.parse(due) - now.getTime()) / 1000); // calendar gone from config: wall time
    }
    const consumed = policy.targetSeconds - leftSeconds;
    clocks.push({ clock, dueAt: due, leftSeconds, targetSeconds: policy.targetSeconds, level: levelOf(consumed, policy.targetSeconds, policy.warnPercent, leftSeconds <= 0) });
  }
  const minLeftSeconds = clocks.length ? Math.min(...clocks.map((c) => c.leftSeconds)) : null;
  const rank = { ok: 0, warning: 1, breached: 2 } as const;
  const worst = clocks.reduce<ClockLevel | null>((w, c) => (w === null || rank[c.level] > rank[w] ? c.level : w), null);
  return { ...summary, clocks, minLeftSeconds, level: summary.breached ? 'breached' : worst };
}

export function inQueue(queue: QueueName, row: QueueRow, viewer: Viewer): boolean {
  switch (queue) {
    case 'mine':
      // Owned or helped on: every member of the response team has the ticket in their queue.
      return row.assignee === viewer.memberId || (row.helpers?.includes(viewer.memberId) ?? false);
    case 'unassigned':
      return row.assignee === null && viewer.groups.includes(row.group);
    case 'breaching':
      return row.level === 'breached' || row.level === 'warning';
    case 'pending':
      return row.status === 'pending';
    case 'open':
      return true;
  }
}

const PRIORITY_RANK = (p: string) => (/^P(\d)$/.test(p) ? Number(p.slice(1)) : 99);

/** Breaching queue: least time left first. Others: priority, then least time left, then number. */
export function sortRows(queue: QueueName, rows: QueueRow[]): QueueRow[] {
  // Keys computed once per row: a comparator runs n·log n times (1,000 rows: ~10,000).
  const keyed = rows.map((row) => ({ row, rank: queue === 'breaching' ? 0 : PRIORITY_RANK(row.priority), left: row.minLeftSeconds ?? Number.POSITIVE_INFINITY }));
  keyed.sort((a, b) => a.rank - b.rank || (a.left === b.left ? 0 : a.left < b.left ? -1 : 1) || (a.row.number < b.row.number ? -1 : a.row.number > b.row.number ? 1 : 0));
  return keyed.map((k) => k.row);
}

export function pageOf<T>(rows: T[], page: number, size = PAGE_SIZE): { items: T[]; page: number; pages: number; total: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: rows.slice((current - 1) * size, current * size), page: current, pages, total: rows.length };
}

export function buildQueue(queue: QueueName, summaries: TicketSummary[], viewer: Viewer, config: Pick<LoadedConfig, 'sla'>, calendars: CalendarLookup, now: Date, page: number) {
  const rows = summaries.map((s) => rowOf(s, config, calendars, now)).filter((r) => inQueue(queue, r, viewer));
  return pageOf(sortRows(queue, rows), page);
}
