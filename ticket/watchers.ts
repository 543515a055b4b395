// Which of a ticket's updates reach which watcher. Pure: the workflow decides with it, the
// unit tests write every case out once.
import type { WatchUpdates } from '../config/schema/watchers';
import type { RequesterNotice, Watcher, WatcherNoticeKind } from './state';

/** A ticket holds at most this many watchers: each one is a mail per update. */
export const MAX_WATCHERS = 20;

/** The outcome of the ticket: what a `resolution` subscription gets. */
const OUTCOMES: ReadonlySet<WatcherNoticeKind> = new Set(['resolved', 'reopened', 'closed', 'declined', 'cancelled']);

/** Whether a watcher with this subscription gets this notice. `watching` (you were added) always goes. */
export function watcherWants(updates: WatchUpdates, kind: WatcherNoticeKind): boolean {
  if (kind === 'watching') return true;
  return updates === 'all' || OUTCOMES.has(kind);
}

/**
 * The watchers' copy of a notice to the requester, or null when watchers are not told: the
 * acknowledgement (watchers get their own `watching` mail), the reminder of an unanswered
 * question (a nudge for the requester alone) and on-site visits (the requester's appointment).
 */
export function watcherKindOf(kind: RequesterNotice['kind']): WatcherNoticeKind | null {
  switch (kind) {
    case 'ack':
    case 'pendingReminder':
    // A visit is the requester's appointment: where and when someone comes to their desk.
    case 'visitBooked':
    case 'visitCancelled':
      return null;
    default:
      return kind;
  }
}

/** The watchers a notice goes to: subscribed, and not the person whose own words it carries. */
export function recipientsOf(watchers: readonly Watcher[], kind: WatcherNoticeKind, author?: string): Watcher[] {
  const from = author?.toLowerCase();
  return watchers.filter((w) => watcherWants(w.updates, kind) && w.who.toLowerCase() !== from);
}

/** The same person, however config or a caller wrote the address. */
export const sameWatcher = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
