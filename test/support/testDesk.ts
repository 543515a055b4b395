// One desk for an integration test file: a copy of the default config with test tweaks,
// its own task queues on the shared Temporal dev server, a real sqlite file, a real SMTP
// sink, real workers and the API over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import { Runtime, type WorkflowBundle } from '@temporalio/worker';
import { DeskRuntimeLogger } from '../../temporal/runtimeLogger';
import { inject } from 'vitest';
import { claimTicketPrefix } from './ticketPrefixes';
import { createApp } from '../../api/app';
import { createKbService } from '../../api/kbService';
import { gatherReport } from '../../api/reportService';
import { createTicketService } from '../../api/ticketService';
import { createMailer } from '../../activities/mailer';
import { createConfigSource, type ConfigSource } from '../../config/source';
import { archivedTicket } from '../../store/archive';
import { createArchiveReader } from '../../store/archiveSearch';
import { openDatabase, type Db } from '../../store/db';
import { connectClient } from '../../temporal/connection';
import { loadTemporalSettings, type TemporalSettings } from '../../temporal/settings';
import { createTicketStarter } from '../../temporal/ticketStarter';
import { createDeskWorkers, type DeskWorkers } from '../../temporal/workers';
import { describeFailures, replayTaskQueue } from './replayAll';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { startDovecot, type DovecotInstance } from './dovecot';
import { loadWorkflowBundle } from './workflowBundle';
import { openMailbox, type OpenMailbox } from '../../mail/imap';
import { ImapConnectionError } from '../../mail/imapErrors';
import { startMailboxPollers } from '../../temporal/mailboxPollers';
import { mailboxWorkflowId } from '../../workflows/messages';
import { openWebStore, type WebStore } from '../../web/webStore';
import type { WebOptions } from '../../web/webApp';

export const TOKENS = {
  agent: 'agent-token-for-tests-0001',
  admin: 'admin-token-for-tests-0001',
  alice: 'requester-alice-token-0001',
  bob: 'requester-bob-token-00001',
};

export interface TestDesk {
  url: string;
  client: Client;
  settings: TemporalSettings;
  config: ConfigSource;
  db: Db;
  /** The portal's and workbench's session file. */
  webStore: WebStore;
  smtp: SmtpSink;
  configDir: string;
  workers: DeskWorkers | null;
  /** Workflow ids a test made unreplayable on purpose; every other history must replay at stop(). */
  unreplayable: Set<string>;
  /** Set when started with `{ mailbox: … }`: a real Dovecot whose INBOX the desk polls. */
  mailbox?: TestMailbox;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  /**
   * Runs the desk's workers (ticket + store queues) in a child process, for tests that kill
   * them with SIGKILL; resolves once it polls. Stop the in-process workers first.
   */
  startWorkerProcess(): Promise<WorkerProcess>;
  stop(): Promise<void>;
  api(method: string, path: string, opts?: { token?: keyof typeof TOKENS | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
}

/** What test/support/workerProcess.ts needs to build this desk's workers (passed as JSON). */
export interface WorkerProcessArgs {
  settings: TemporalSettings;
  address: string;
  configDir: string;
  storeFile: string;
  identity: string;
  /** The run's bundle file; without one the process bundles the workflows itself. */
  workflowBundlePath?: string;
}

export interface WorkerProcess {
  process: ChildProcess;
  /** Settles when the process has ended: its exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let bundle: Promise<WorkflowBundle> | undefined;
let runtimeInstalled = false;

/** The workflow bundle of this test run (see workflowBundle.ts), loaded once per process. */
export function sharedWorkflowBundle(): Promise<WorkflowBundle> {
  return (bundle ??= loadWorkflowBundle(inject('workflowBundlePath')));
}

/** Worker INFO lines drown the test output; warnings and errors still show. */
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DeskRuntimeLogger('WARN') });
}

export interface TestMailbox {
  id: string;
  workflowId: string;
  dovecot: DovecotInstance;
  user: string;
  /** Appends a raw mail to the INBOX as a mail server would deliver it. */
  deliver(raw: Buffer | string): Promise<void>;
  /** A separate IMAP session on one folder, for looking at what the desk did. */
  open(folder: string): Promise<OpenMailbox>;
}

export interface TestDeskOptions {
  /** Start Dovecot and a mailbox poller; the YAML is merged into the mailbox entry (e.g. `ackRateLimit: …`). */
  mailbox?: { extraYaml?: string; organisationDomains?: string[] };
  /** Worker tuning for this desk (e.g. `maxCachedWorkflows: 0`, so every task replays the history). */
  worker?: Partial<TemporalSettings['worker']>;
  /** Overrides for the portal and workbench (sign-in limits, Temporal UI link). */
  web?: Omit<WebOptions, 'store'>;
}

/** `files` replaces whole config files (name → YAML text) in the copy of config/. */
export async function startTestDesk(name: string, files: Record<string, string> = {}, ticketPrefix = 'IT', options: TestDeskOptions = {}): Promise<TestDesk> {
  const root = mkdtempSync(join(tmpdir(), `itdesk-${name}-`));
  const configDir = join(root, 'config');
  cpSync('config', configDir, { recursive: true, filter: (src) => !src.endsWith('.ts') && !src.includes('/schema') });
  const smtp = await startSmtpSink();
  const mailYaml = readFileSync(join(configDir, 'mail.yaml'), 'utf8')
    .replace(/host: ""/, 'host: 127.0.0.1')
    .replace(/port: 25/, `port: ${smtp.port}`)
    // Stored attachments belong to this test desk, not to the repository's data/ folder.
    .replace(/^attachmentsDir: .*$/m, `attachmentsDir: ${JSON.stringify(join(root, 'attachments'))}`);
  writeFileSync(join(configDir, 'mail.yaml'), mailYaml);
  writeFileSync(join(configDir, 'auth.yaml'), authYaml());
  for (const [file, text] of Object.entries(files)) writeFileSync(join(configDir, file), text);
  // Test files share one Temporal namespace but each has its own store, so each needs its
  // own ticket prefix: two stores both handing out IT-000001 would collide on workflow ids.
  claimTicketPrefix(ticketPrefix);
  const deskYaml = readFileSync(join(configDir, 'desk.yaml'), 'utf8');
  writeFileSync(join(configDir, 'desk.yaml'), deskYaml.replace(/^ticketPrefix: .*$/m, `ticketPrefix: ${ticketPrefix}`));

  const settings = await loadTemporalSettings('temporal.yaml', {});
  const suffix = `${name}-${process.pid}-${Date.now().toString(36)}`;
  let dovecot: DovecotInstance | undefined;
  const mailboxId = `mbx-${suffix}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60);
  if (options.mailbox) {
    const user = { user: 'helpdesk', password: 'helpdesk-secret' };
    dovecot = await startDovecot({ users: [user] });
    const passwordEnv = `ITDESK_TEST_IMAP_PASSWORD_${process.pid}`;
    process.env[passwordEnv] = user.password;
    writeFileSync(join(configDir, 'mailboxes.yaml'), `organisationDomains: [${(options.mailbox.organisationDomains ?? ['corp.example']).join(', ')}]
mailboxes:
  - id: ${mailboxId}
    host: ${dovecot.host}
    port: ${dovecot.port}
    secure: false
    user: ${user.user}
    passwordEnv: ${passwordEnv}
    inbox: INBOX
    processedFolder: processed
    failedFolder: failed
    deskAddresses: [itdesk@corp.example, helpdesk@corp.example]
    pollInterval: 30s
${(options.mailbox.extraYaml ?? '').replace(/^/gm, '    ')}
`);
  }
  settings.taskQueues = { tickets: `tickets-${suffix}`, store: `store-${suffix}` };
  settings.worker = { ...settings.worker, ...options.worker };
  const address = inject('temporalAddress');
  settings.connection.address = address;

  const config = await createConfigSource(configDir);
  const storeFile = join(root, 'itdesk.sqlite');
  const db = await openDatabase(storeFile);
  const client = await connectClient(settings);
  quietRuntime();
  const workflowBundle = await sharedWorkflowBundle();

  const tickets = createTicketService({
    client,
    settings,
    config,
    readArchived: (n) => archivedTicket(db, n),
    archive: createArchiveReader(db),
    starter: createTicketStarter({ client, db, settings, config }),
  });
  const kb = createKbService({ db, client, settings });
  const webStore = await openWebStore(join(root, 'web.sqlite'));
  const app = createApp({
    tickets,
    config,
    kb,
    reports: (request) => gatherReport({ db, live: { client, ticketsTaskQueue: settings.taskQueues.tickets } }, request),
    log: (l) => console.error(l),
    web: { ...options.web, store: webStore },
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  const workerProcesses = new Set<ChildProcess>();

  const desk: TestDesk = {
    url: `http://127.0.0.1:${port}`,
    client,
    settings,
    config,
    db,
    webStore,
    smtp,
    configDir,
    workers: null,
    unreplayable: new Set(),
    async startWorkers() {
      const mailer = createMailer(config.current().mail);
      desk.workers = await createDeskWorkers({ settings, address, config, mailer, db, workflowBundle, client });
      void desk.workers.run();
    },
    async stopWorkers() {
      await desk.workers?.shutdown();
      desk.workers = null;
    },
    async startWorkerProcess() {
      const args: WorkerProcessArgs = { settings, address, configDir, storeFile, identity: `worker-process-${suffix}`, workflowBundlePath: inject('workflowBundlePath') };
      // The child inherits this environment, and with it the IMAP password (passwordEnv above).
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/workerProcess.ts', JSON.stringify(args)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      workerProcesses.add(child);
      const exited: WorkerProcess['exited'] = new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          workerProcesses.delete(child);
          resolve({ code, signal });
        }),
      );
      // It loads the workflow bundle and connects before it polls, which takes seconds on a busy machine.
      let timer: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (chunk) => {
            out += chunk;
            if (/^ready$/m.test(out)) resolve();
          });
          void exited.then(({ code, signal }) => reject(new Error(`the worker process ended before it was ready (code ${code}, signal ${signal})`)));
          timer = setTimeout(() => reject(new Error('timed out waiting for the worker process to be ready')), 60_000);
        });
      } catch (err) {
        child.kill('SIGKILL');
        throw err;
      } finally {
        clearTimeout(timer);
      }
      return { process: child, exited };
    },
    async stop() {
      // Every history this desk's workflows wrote must replay on the code that wrote it.
      const replay = await replayTaskQueue(client, settings.taskQueues.tickets, workflowBundle, desk.unreplayable);
      for (const child of workerProcesses) child.kill('SIGKILL');
      if (desk.mailbox) await client.workflow.getHandle(desk.mailbox.workflowId).terminate('test over').catch(() => undefined);
      await desk.stopWorkers();
      await dovecot?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await client.connection.close();
      await db.close();
      await webStore.close();
      await smtp.stop();
      rmSync(root, { recursive: true, force: true });
      if (replay.failures.length)
        throw new Error(`${replay.failures.length} of ${replay.replayed} histories of desk '${name}' do not replay:\n${describeFailures(replay.failures)}`);
    },
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const token = opts.token === undefined ? 'agent' : opts.token;
      if (token) headers.authorization = `Bearer ${TOKENS[token]}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await fetch(`${desk.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* keep text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  await desk.startWorkers();
  if (dovecot) {
    const imapConf = (folder: string) => ({ host: dovecot!.host, port: dovecot!.port, secure: false, user: 'helpdesk', password: 'helpdesk-secret', inbox: folder });
    let sender = await openMailbox(imapConf('INBOX'));
    desk.mailbox = {
      id: mailboxId,
      workflowId: mailboxWorkflowId(mailboxId),
      dovecot,
      user: 'helpdesk',
      async deliver(raw) {
        try {
          await sender.appendTo('INBOX', raw);
        } catch (err) {
          // Tests kick sessions and change UIDVALIDITY on purpose; the delivering side reconnects.
          if (!(err instanceof ImapConnectionError)) throw err;
          sender = await openMailbox(imapConf('INBOX'));
          await sender.appendTo('INBOX', raw);
        }
      },
      async open(folder) {
        return openMailbox(imapConf(folder)); // fails until the desk has created the folder
      },
    };
    const stopDesk = desk.stop;
    desk.stop = async () => {
      await sender.close().catch(() => undefined);
      await stopDesk();
    };
    await startMailboxPollers(client, settings, config);
  }
  return desk;
}

function authYaml(): string {
  const hash = (t: string) => createHash('sha256').update(t).digest('hex');
  return `tokens:
  - { name: agent, role: agent, subject: li.na, sha256: ${hash(TOKENS.agent)} }
  - { name: admin, role: admin, subject: admin, sha256: ${hash(TOKENS.admin)} }
  - { name: alice, role: requester, subject: alice@corp.example, sha256: ${hash(TOKENS.alice)} }
  - { name: bob, role: requester, subject: bob@corp.example, sha256: ${hash(TOKENS.bob)} }
`;
}

/** Polls `probe` until it returns a value that is not undefined, or fails at the deadline. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const alice = { name: '张三', email: 'alice@corp.example', department: '财务部', employeeId: 'E1001', phone: '8001' };
