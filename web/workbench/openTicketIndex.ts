// Every open ticket's search attributes, listed once and shared by all queue pages of this
// process. Listing 1,000 tickets from the dev server's SQL visibility takes 0.4–1 s on a busy
// machine, far too slow for every page view; queues read this snapshot instead and narrow,
// sort and page it in memory. A snapshot older than `freshMs` is refreshed in the background
// while the stale one is served (visibility itself lags the workflows by about a second); one
// older than `maxAgeMs`, or one invalidated by an action taken through the web, is waited for.
import type { TicketSummary } from '../../api/ticketService';
import type { TicketActions } from '../ticketActions';
import { OPEN_STATUSES } from './queues';

export interface OpenTicketSnapshot {
  summaries: TicketSummary[];
  /** When the listing was asked for (ms since epoch). */
  at: number;
}

export function createOpenTicketIndex(tickets: Pick<TicketActions, 'list'>, options: { freshMs?: number; maxAgeMs?: number; limit?: number; now?: () => number } = {}) {
  const freshMs = options.freshMs ?? 2_000;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const limit = options.limit ?? 5_000;
  const now = options.now ?? Date.now;
  let current: OpenTicketSnapshot | null = null;
  /** Set by an action through the web: the snapshot may predate it. */
  let invalid = false;
  let inFlight: Promise<OpenTicketSnapshot> | null = null;
  let generation = 0;

  let inFlightGeneration = -1;

  function refresh(): Promise<OpenTicketSnapshot> {
    if (inFlight && inFlightGeneration === generation) return inFlight;
    // A listing that started before the last invalidation cannot answer for after it.
    if (inFlight) return inFlight.then(refresh, refresh);
    const started = now();
    const asked = generation;
    inFlightGeneration = asked;
    inFlight = tickets
      .list({ status: [...OPEN_STATUSES] }, limit)
      .then((summaries) => {
        current = { summaries, at: started };
        // An invalidation while the listing ran means it may predate the change: keep it, but invalid.
        invalid = asked !== generation;
        return current;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    async snapshot(): Promise<OpenTicketSnapshot> {
      const age = current && !invalid ? now() - current.at : Number.POSITIVE_INFINITY;
      if (current && age <= freshMs) return current;
      if (current && age <= maxAgeMs) {
        void refresh().catch(() => undefined); // serve the stale snapshot, refresh behind it
        return current;
      }
      return refresh();
    },
    /** After an action through the web: the next queue page waits for a new listing. */
    invalidate(): void {
      generation++;
      invalid = true;
    },
  };
}

export type OpenTicketIndex = ReturnType<typeof createOpenTicketIndex>;
