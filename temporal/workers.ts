// Builds the desk's workers: the ticket worker (workflows + stateless activities, scale out
// freely) and the store worker (sqlite writes; exactly one process runs it).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createMailboxActivities } from '../activities/mailboxActivities';
import { createRequesterMailActivities } from '../activities/requesterMail';
import { createReportActivities } from '../activities/reportActivities';
import { createStoreActivities } from '../activities/storeActivities';
import { createAssignmentActivities } from '../activities/assignmentActivities';
import { createTeamActivities } from '../activities/teamActivities';
import { createMajorIncidentActivities } from '../activities/majorIncidentActivities';
import { createApprovalActivities } from '../activities/approvalActivities';
import { createTicketActivities } from '../activities/ticketActivities';
import { heartbeatingMailer } from '../activities/heartbeatingMailer';
import type { Mailer } from '../activities/mailer';
import type { ConfigSource } from '../config/source';
import { backfillArchiveSearch } from '../store/archiveSearch';
import type { Db } from '../store/db';
import { backfillTicketFacts } from '../store/reportFacts';
import { connectionOptions } from './connection';
import type { TemporalSettings } from './settings';
import { sharedWorkflowModules } from './sharedWorkflowModules';
import { createTicketStarter } from './ticketStarter';
import { sweepUnstartedTickets } from './unstartedTicketSweep';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** The store worker's workflows: writes the API asks for, the weekly report (workflows/storeWorkflows.ts). */
export const storeWorkflowsPath = fileURLToPath(new URL('../workflows/storeWorkflows.ts', import.meta.url));

/** Bundling takes seconds: do it once per process and reuse it for every worker. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, preloadModules: sharedWorkflowModules() });
}

let storeBundle: Promise<WorkflowBundle> | undefined;
/** Bundled once per process, like the ticket bundle. */
export function bundleStoreWorkflows(): Promise<WorkflowBundle> {
  storeBundle ??= bundleWorkflowCode({ workflowsPath: storeWorkflowsPath, logger: quietBundlerLogger });
  return storeBundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

export interface DeskWorkerDeps {
  settings: TemporalSettings;
  address: string;
  config: ConfigSource;
  mailer: Mailer;
  /** Give a database to run the store worker in this process. */
  db?: Db;
  workflowBundle?: WorkflowBundle;
  /** For the activities that talk to Temporal: mailbox hand-over, workload counts for assignment. */
  client: Client;
  /** Distinguishes workers in tests; defaults to the SDK's host@pid identity. */
  identity?: string;
}

export interface DeskWorkers {
  workers: Worker[];
  run(): Promise<void>;
  shutdown(): Promise<void>;
  connection: NativeConnection;
}

export async function createDeskWorkers(deps: DeskWorkerDeps): Promise<DeskWorkers> {
  const { settings } = deps;
  const connection = await NativeConnection.connect(connectionOptions(settings, deps.address) as never);
  const tuning = settings.worker;
  const mailer = heartbeatingMailer(deps.mailer);
  const starter = deps.db ? createTicketStarter({ client: deps.client, db: deps.db, settings, config: deps.config }) : undefined;
  const mailbox = createMailboxActivities({ config: deps.config, client: deps.client, taskQueues: settings.taskQueues, mailer, starter });
  const ticketWorker = await Worker.create({
    connection,
    namespace: settings.connection.namespace,
    taskQueue: settings.taskQueues.tickets,
    workflowBundle: deps.workflowBundle ?? (await bundleWorkflows()),
    activities: {
      ...createTicketActivities({ config: deps.config, mailer }),
      ...createRequesterMailActivities({ config: deps.config, mailer }),
      ...mailbox,
      ...createAssignmentActivities({ config: deps.config, client: deps.client }),
      ...createApprovalActivities({ config: deps.config, mailer }),
      ...createTeamActivities({ config: deps.config, mailer }),
      ...createMajorIncidentActivities({ config: deps.config, mailer, client: deps.client, ticketsTaskQueue: settings.taskQueues.tickets }),
    },
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivityTaskExecutions,
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    shutdownGraceTime: tuning.shutdownGraceTime * 1000,
    ...(deps.identity ? { identity: deps.identity } : {}),
  });
  const workers = [ticketWorker];
  if (deps.db) {
    // The store process indexes what was archived before archive search and report facts existed (once).
    await backfillArchiveSearch(deps.db);
    await backfillTicketFacts(deps.db);
    workers.push(
      await Worker.create({
        connection,
        namespace: settings.connection.namespace,
        taskQueue: settings.taskQueues.store,
        workflowBundle: await bundleStoreWorkflows(),
        activities: {
          ...createStoreActivities({ db: deps.db, config: deps.config }),
          ...createReportActivities({ db: deps.db, config: deps.config, mailer: deps.mailer, live: { client: deps.client, ticketsTaskQueue: settings.taskQueues.tickets } }),
        },
        // sqlite has one writer: more concurrency would only queue inside the driver.
        maxConcurrentActivityTaskExecutions: 8,
        ...(deps.identity ? { identity: `${deps.identity}-store` } : {}),
      }),
    );
  }
  // The store process starts tickets whose start was lost with a crashed API (gap-free numbers).
  const sweep = starter ? sweepUnstartedTickets(starter) : undefined;
  let running: Promise<unknown> | undefined;
  return {
    workers,
    connection,
    run() {
      running ??= Promise.all(workers.map((w) => w.run()));
      return running.then(() => undefined);
    },
    async shutdown() {
      sweep?.stop();
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running?.catch(() => undefined);
      await mailbox?.closeSessions();
      await connection.close();
    },
  };
}
