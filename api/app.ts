// The Hono app: auth, the ticket routes, health, and one error handler that turns every
// failure into problem+json; with `web`, also the portal (/portal) and workbench (/desk) pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ConfigSource } from '../config/source';
import type { AttachmentStore } from '../mail/attachmentStore';
import { attachmentsRouter } from './attachments';
import { catalogueRouter } from './catalogue';
import { authenticate, type AuthEnv } from './auth';
import { approvalsRouter } from './approvals';
import { approvalLinkDeps } from './approvalLinks';
import { requireLinkSecret } from './linkSecretGuard';
import { requesterLinksRouter } from './requesterLinks';
import { kbRouter, kbTicketRouter } from './kb';
import type { KbService } from './kbService';
import { ProblemError, problemResponse, problems } from './problem';
import { reportsRouter } from './reports';
import type { GatheredReport, ReportRequest } from './reportService';
import { slaRouter } from './sla';
import type { StuckTicketMonitor } from './stuckTicketMonitor';
import { ticketsRouter } from './tickets';
import { majorIncidentsRouter } from './majorIncidents';
import type { TicketService } from './ticketService';
import { createWebApp, type WebOptions } from '../web/webApp';

export const MAX_BODY_BYTES = 256 * 1024;

export interface AppDeps {
  tickets: TicketService;
  config: ConfigSource;
  /** Default: the directory mail.yaml `attachmentsDir` names, read per request like the worker does. */
  attachments?: AttachmentStore;
  /** The knowledge base (reads the store file; writes through the store worker). Without it: no /api/kb. */
  kb?: KbService;
  /** Builds a service report (archive + open tickets). Without it: no /api/reports. */
  reports?: (request: ReportRequest) => Promise<GatheredReport>;
  log?: (line: string) => void;
  /** Counts tickets whose workflow cannot make progress, for /healthz. */
  stuckTickets?: StuckTicketMonitor;
  /** The people's pages (portal and workbench); without it the app serves the API only. */
  web?: WebOptions;
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AuthEnv>();
  const log = deps.log ?? ((line) => console.error(line));

  // 503 only when the desk cannot work at all (Temporal unreachable); stuck tickets make it
  // 'degraded' with a 200, so a load balancer keeps the API while monitoring raises the alarm.
  app.get('/healthz', async (c) => {
    const reachable = await deps.tickets.temporalReachable();
    const sweep = deps.stuckTickets?.latest();
    const stuck = sweep?.stuck ?? [];
    return c.json(
      {
        status: reachable && !stuck.length ? 'ok' : 'degraded',
        temporal: reachable ? 'reachable' : 'unreachable',
        configVersion: deps.config.current().version,
        ...(sweep
          ? { tickets: { stuck: stuck.length, stuckNumbers: stuck.slice(0, 50).map((t) => t.number), checkedAt: sweep.checkedAt, ...(sweep.lastError ? { lastError: sweep.lastError } : {}) } }
          : {}),
      },
      reachable ? 200 : 503,
    );
  });

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) => {
        // Read (and drop) the rest of the upload first: answering mid-upload makes Node close
        // the socket, and the client sees a reset instead of our 413.
        await drain(c.req.raw.body, 16 * MAX_BODY_BYTES);
        throw problems.tooLarge(MAX_BODY_BYTES);
      },
    }),
  );
  // One-click links in mail (approvals, requester confirm / reopen) carry their own signed
  // credential: mounted before bearer auth, and switched off without a link secret.
  app.use('/api/approvals/*', requireLinkSecret(deps.config));
  app.use('/api/requester-links/*', requireLinkSecret(deps.config));
  app.route('/api/approvals', approvalsRouter(approvalLinkDeps(deps.tickets, deps.config)));
  app.route('/api/requester-links', requesterLinksRouter(deps.tickets, deps.config, process.env, deps.kb));
  const signedLinkRoute = (path: string) => path.startsWith('/api/approvals/') || path.startsWith('/api/requester-links/');
  app.use('/api/*', async (c, next) => (signedLinkRoute(c.req.path) ? next() : authenticate(deps.config)(c, next)));
  if (deps.kb) app.route('/api/tickets', kbTicketRouter(deps.kb, deps.tickets));
  app.route('/api/tickets', ticketsRouter(deps.tickets, deps.config, deps.kb, log));
  app.route('/api/tickets', slaRouter(deps.tickets, deps.config));
  app.route('/api/tickets', attachmentsRouter(deps.tickets, deps.config, deps.attachments, log));
  app.route('/api/major-incidents', majorIncidentsRouter(deps.tickets));
  if (deps.kb) app.route('/api/kb', kbRouter(deps.kb, deps.tickets, deps.config));
  if (deps.reports) app.route('/api/reports', reportsRouter(deps.reports, deps.config));
  app.route('/api/catalogue', catalogueRouter(deps.config));

  if (deps.web) app.route('/', createWebApp(deps.tickets, deps.config, deps.web, log));

  app.notFound((c) => problemResponse(c, problems.notFound(`no route ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err);
    log(`api error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? err}`);
    if (/UNAVAILABLE|ECONNREFUSED|connect/i.test((err as Error).message))
      return problemResponse(c, problems.unavailable((err as Error).message));
    return problemResponse(c, new ProblemError(500, 'internal', 'Internal error', 'see the desk log'));
  });
  return app;
}

async function drain(body: ReadableStream<Uint8Array> | null, capBytes: number): Promise<void> {
  if (!body || body.locked) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    while (seen < capBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
}
