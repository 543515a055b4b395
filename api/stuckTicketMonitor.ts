// Sweeps the open tickets now and then for workflows that cannot make progress, so /healthz can
// say how many there are: after a broken deploy the count rises within one sweep. One describe
// per open ticket per sweep, so the interval is operational configuration (temporal.yaml).
import type { TicketService } from './ticketService';

export interface StuckTicketReport {
  stuck: Array<{ number: string; attempts: number }>;
  checkedAt: string | null;
  /** Why the last sweep failed, if it did (Temporal unreachable…); the previous result stays. */
  lastError?: string;
}

export interface StuckTicketMonitor {
  latest(): StuckTicketReport;
  sweepNow(): Promise<StuckTicketReport>;
  stop(): void;
}

export function startStuckTicketMonitor(service: Pick<TicketService, 'findStuckTickets'>, intervalMs: number): StuckTicketMonitor {
  let report: StuckTicketReport = { stuck: [], checkedAt: null };
  let running: Promise<StuckTicketReport> | undefined;
  const sweepNow = () =>
    (running ??= service
      .findStuckTickets()
      .then((stuck) => (report = { stuck, checkedAt: new Date().toISOString() }))
      .catch((err: Error) => (report = { ...report, lastError: err.message }))
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void sweepNow(), intervalMs);
  timer.unref();
  void sweepNow();
  return { latest: () => report, sweepNow, stop: () => clearInterval(timer) };
}
