// Runs in the process that owns the store: every `everyMs` it starts the tickets whose number was
// reserved but whose workflow never started (the API or mail worker died between the two), so a
// number handed out always becomes a ticket. Once at start-up too: that is when such rows appear.
import type { TicketStarter } from './ticketStarter';

export const UNSTARTED_SWEEP_MS = 30_000;

export function sweepUnstartedTickets(
  starter: Pick<TicketStarter, 'startUnstarted'>,
  { everyMs = UNSTARTED_SWEEP_MS, graceMs = 15_000, atStart = true, log = (line: string) => console.warn(`[itdesk] ${line}`) } = {},
): { stop(): void; runOnce(): Promise<string[]> } {
  let running: Promise<string[]> | undefined;
  const runOnce = (): Promise<string[]> => {
    running ??= starter
      .startUnstarted(graceMs)
      .then((numbers) => {
        if (numbers.length) log(`started ${numbers.length} ticket(s) whose start was lost: ${numbers.join(', ')}`);
        return numbers;
      })
      .catch((err) => {
        log(`the sweep for unstarted tickets failed (next try in ${everyMs / 1000} s): ${(err as Error).message}`);
        return [];
      })
      .finally(() => (running = undefined));
    return running;
  };
  if (atStart) void runOnce();
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
