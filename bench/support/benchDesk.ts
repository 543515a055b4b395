// A whole desk for a benchmark: its own in-memory Temporal dev server on free ports, a config
// copy with the given files replaced, a real SMTP sink, the workers and the ticket service.
import { createTicketStarter } from '../../temporal/ticketStarter';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMailer } from '../../activities/mailer';
import { createTicketService, type TicketService } from '../../api/ticketService';
import { createConfigSource, type ConfigSource } from '../../config/source';
import { archivedTicket } from '../../store/archive';
import { openDatabase, type Db } from '../../store/db';
import { connectClient } from '../../temporal/connection';
import { loadTemporalSettings, type TemporalSettings } from '../../temporal/settings';
import { createDeskWorkers, type DeskWorkers } from '../../temporal/workers';
import { startThrowawayTemporal } from '../../test/support/throwawayTemporal';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtpSink';
import type { Client } from '@temporalio/client';

export interface BenchDesk {
  client: Client;
  settings: TemporalSettings;
  config: ConfigSource;
  /** The dev server's process, for CPU figures. */
  serverPid: number;
  tickets: TicketService;
  smtp: SmtpSink;
  workers: DeskWorkers;
  /** Stops the workers and starts new ones: every open ticket leaves the workflow cache. */
  restartWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchDesk(name: string, files: Record<string, string>): Promise<BenchDesk> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const root = mkdtempSync(join(tmpdir(), `itdesk-bench-${name}-`));
  const configDir = join(root, 'config');
  cpSync('config', configDir, { recursive: true, filter: (src) => !src.endsWith('.ts') && !src.includes('/schema') });
  const smtp = await startSmtpSink();
  const mailYaml = readFileSync(join(configDir, 'mail.yaml'), 'utf8').replace(/host: ""/, 'host: 127.0.0.1').replace(/port: 25/, `port: ${smtp.port}`);
  writeFileSync(join(configDir, 'mail.yaml'), mailYaml);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(configDir, file), text);

  const settings = await loadTemporalSettings('temporal.yaml', {});
  const server = await startThrowawayTemporal(settings);
  settings.connection.address = server.address;
  const config = await createConfigSource(configDir);
  const db: Db = await openDatabase(join(root, 'itdesk.sqlite'));
  const client = await connectClient(settings);
  const startWorkers = () => createDeskWorkers({ settings, address: server.address, config, mailer: createMailer(config.current().mail), db, client });
  let workers = await startWorkers();
  let running = workers.run();
  const tickets = createTicketService({ client, settings, config, readArchived: (n) => archivedTicket(db, n), starter: createTicketStarter({ client, db, settings, config }) });
  return {
    client,
    settings,
    config,
    serverPid: server.process.pid!,
    tickets,
    smtp,
    get workers() {
      return workers;
    },
    async restartWorkers() {
      await workers.shutdown();
      await running.catch(() => undefined);
      workers = await startWorkers();
      running = workers.run();
    },
    async stop() {
      await workers.shutdown();
      await running.catch(() => undefined);
      await client.connection.close();
      await db.close();
      await smtp.stop();
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** p-th percentile (0–100) of already sorted numbers, nearest-rank. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
