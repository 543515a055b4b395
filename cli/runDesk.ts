// `itdesk start | worker | api`: brings up the parts of the desk this process runs, logs
// where each listens, and shuts everything down cleanly on SIGINT/SIGTERM.
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app';
import { startStuckTicketMonitor } from '../api/stuckTicketMonitor';
import { createKbService } from '../api/kbService';
import { gatherReport, type ReportRequest } from '../api/reportService';
import { createTicketService } from '../api/ticketService';
import { createMailer } from '../activities/mailer';
import { defaultConfigDir } from '../config/load';
import { createConfigSource } from '../config/source';
import { linkSecretStatus, SWITCH_LINKS_ON } from '../links/signedLink';
import { attachmentStoreOf } from '../mail/attachmentStore';
import { storeFile } from './storeFile';
import { archivedTicket } from '../store/archive';
import { createArchiveReader } from '../store/archiveSearch';
import { openDatabase, type Db } from '../store/db';
import { ensureTemporalCli } from '../temporal/cliBinary';
import { connectClient } from '../temporal/connection';
import { namespaceReady, startDevServer, type DevServer } from '../temporal/devServer';
import { loadTemporalSettings, temporalAddress, usesEmbeddedServer } from '../temporal/settings';
import { startMailboxPollers } from '../temporal/mailboxPollers';
import { syncWeeklyReportSchedule, weeklyReportScheduleId } from '../temporal/reportSchedule';
import { createTicketStarter } from '../temporal/ticketStarter';
import { bundleWorkflows, createDeskWorkers, type DeskWorkers } from '../temporal/workers';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { DeskRuntimeLogger } from '../temporal/runtimeLogger';
import { randomBytes } from 'node:crypto';
import { openWebStore } from '../web/webStore';

export interface DeskParts {
  worker: boolean;
  api: boolean;
  /** Run the store worker (sqlite owner) in this process. */
  store: boolean;
}

const log = (line: string) => console.log(`[itdesk] ${line}`);

export async function runDesk(parts: DeskParts): Promise<number> {
  const settings = await loadTemporalSettings();
  const config = await createConfigSource(resolve(defaultConfigDir()));
  log(`config ${config.current().dir} version ${config.current().version}`);
  for (const w of config.current().warnings) log(`config warning: ${w.file}:${w.line}:${w.col}: ${w.path}: ${w.message}`);
  const links = linkSecretStatus(config.current(), process.env);
  if (!links.on)
    log(`one-click links are off: ${links.why} (approval mails say to decide in the API, resolution mails say to reply); to switch them on, ${SWITCH_LINKS_ON}`);

  const stops: Array<() => Promise<void> | void> = [];
  let devServer: DevServer | undefined;
  let address = temporalAddress(settings);
  // `itdesk worker` and `itdesk api` beside a running `itdesk start` use its embedded server.
  if (usesEmbeddedServer(settings) && (await namespaceReady(address, settings.connection.namespace))) {
    log(`using the embedded Temporal dev server already running at ${address}`);
  } else if (usesEmbeddedServer(settings)) {
    const dev = settings.devServer;
    const cliPath = await ensureTemporalCli(dev.cliVersion, log);
    log(`starting the embedded Temporal dev server (${cliPath}), SQLite file ${dev.dbFile}…`);
    devServer = await startDevServer({
      cliPath,
      ip: dev.ip,
      port: dev.port,
      uiPort: dev.ui ? dev.uiPort : null,
      dbFile: resolve(dev.dbFile),
      namespace: settings.connection.namespace,
      searchAttributes: settings.searchAttributes,
      sqlitePragmas: dev.sqlitePragmas,
      logLevel: dev.logLevel,
    });
    log(`Temporal frontend on ${address}${devServer.uiUrl ? `, Web UI on ${devServer.uiUrl}` : ''}`);
  }

  const client = await connectClient(settings, address);
  let db: Db | undefined;
  if (parts.store || parts.api) {
    const file = storeFile();
    db = await openDatabase(file);
    log(`store ${file}`);
  }
  // Not wired here: the fetch activity and the API each read mail.yaml attachmentsDir per use
  // (attachmentStoreOf), so both follow a reload. Logged so an admin sees where files go.
  if (parts.worker || parts.api) log(`attachments ${attachmentStoreOf(config.current()).dir}`);

  let workers: DeskWorkers | undefined;
  let workersDone: Promise<void> | undefined;
  if (parts.worker) {
    Runtime.install({ logger: new DeskRuntimeLogger((process.env.ITDESK_LOG_LEVEL ?? 'WARN') as LogLevel) });
    const mailer = createMailer(config.current().mail);
    const workflowBundle = await bundleWorkflows();
    workers = await createDeskWorkers({ settings, address, config, mailer, db: parts.store ? db : undefined, workflowBundle, client });
    workersDone = workers.run();
    log(`workers polling task queues ${settings.taskQueues.tickets}${parts.store ? ` and ${settings.taskQueues.store}` : ''}; mail via ${mailer.describe()}`);
    const pollers = await startMailboxPollers(client, settings, config);
    if (pollers.length) log(`mailbox pollers: ${pollers.join(', ')} (see them in the Temporal UI)`);
    stops.push(() => workers!.shutdown());
  }

  if (parts.api) {
    ensureSomeToken(config.current().auth.tokens);
    const tickets = createTicketService({
      client,
      settings,
      config,
      readArchived: db ? (n) => archivedTicket(db!, n) : undefined,
      archive: db ? createArchiveReader(db) : undefined,
      starter: db ? createTicketStarter({ client, db, settings, config, log }) : undefined,
    });
    const kb = db ? createKbService({ db, client, settings, log }) : undefined;
    const reports = db ? (request: ReportRequest) => gatherReport({ db: db!, live: { client, ticketsTaskQueue: settings.taskQueues.tickets } }, request) : undefined;
    const stuckTickets = startStuckTicketMonitor(tickets, settings.health.stuckTicketSweep * 1000);
    stops.unshift(() => stuckTickets.stop());
    // Sessions and sign-in links live in the API process's own file (docs/decisions.md "Web").
    const webFile = resolve(process.env.ITDESK_WEB_FILE ?? 'data/web.sqlite');
    const webStore = await openWebStore(webFile);
    const temporalUiUrl = process.env.ITDESK_TEMPORAL_UI_URL ?? devServer?.uiUrl ?? null;
    const app = createApp({
      tickets,
      config,
      kb,
      reports,
      stuckTickets,
      web: { store: webStore, temporalUi: temporalUiUrl ? { url: temporalUiUrl, namespace: settings.connection.namespace } : null },
    });
    const port = Number(process.env.ITDESK_API_PORT ?? 8080);
    const hostname = process.env.ITDESK_API_HOST ?? '127.0.0.1';
    const server = serve({ fetch: app.fetch, port, hostname });
    log(`API on http://${hostname}:${port} (try GET /healthz)`);
    log(`portal for requesters on http://${hostname}:${port}/portal`);
    log(`workbench for agents on http://${hostname}:${port}/desk (sessions in ${webFile})`);
    stops.push(() => webStore.close());
    stops.unshift(() => new Promise<void>((r) => server.close(() => r())));
  }

  // The process that owns the store keeps the weekly report's schedule in step with desk.yaml.
  const afterReload: Array<() => Promise<void>> = [];
  if (parts.worker && parts.store) {
    const syncSchedule = async () => {
      try {
        const result = await syncWeeklyReportSchedule(client, settings, config.current());
        if (result !== 'unchanged' && result !== 'absent') log(`weekly report schedule ${weeklyReportScheduleId(settings)} ${result}`);
      } catch (err) {
        log(`weekly report schedule not updated: ${(err as Error).message}`);
      }
    };
    await syncSchedule();
    afterReload.push(syncSchedule);
  }
  const unwatch = config.watch((m) => {
    log(m);
    for (const after of afterReload) void after();
  });
  stops.push(unwatch);
  stops.push(() => client.connection.close());
  if (db) stops.push(() => db!.close());
  if (devServer) stops.push(() => devServer!.stop());

  await new Promise<void>((resolveStop) => {
    const onSignal = (signal: string) => {
      log(`${signal}: shutting down…`);
      resolveStop();
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    workersDone?.catch((err) => {
      log(`worker stopped: ${err}`);
      resolveStop();
    });
  });
  for (const stop of stops) {
    try {
      await stop();
    } catch (err) {
      log(`during shutdown: ${(err as Error).message}`);
    }
  }
  log('stopped');
  return 0;
}

// A fresh install has no token secrets in its environment, so nobody could call the API.
// Rather than ship a default password, make a random one for this run and say so.
function ensureSomeToken(tokens: Array<{ tokenEnv?: string; sha256?: string; role: string }>) {
  if (tokens.some((t) => t.sha256 || (t.tokenEnv && process.env[t.tokenEnv]))) return;
  const admin = tokens.find((t) => t.role === 'admin' && t.tokenEnv);
  if (!admin?.tokenEnv) return;
  const token = randomBytes(18).toString('base64url');
  process.env[admin.tokenEnv] = token;
  log(`no API token configured: ${admin.tokenEnv} for this run is ${token} (set ${admin.tokenEnv} yourself to keep one)`);
}
