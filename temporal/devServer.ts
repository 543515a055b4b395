// Runs `temporal server start-dev` (SQLite persistence, Web UI, our search attributes) as a
// child process and waits until its frontend answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { addMissingSearchAttributes } from './searchAttributeSetup';

export interface DevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  /** null = headless */
  uiPort: number | null;
  /** null = in memory */
  dbFile: string | null;
  namespace: string;
  searchAttributes: Record<string, string>;
  sqlitePragmas: Record<string, string | number>;
  logLevel: string;
  readyTimeoutMs?: number;
  /** Server dynamic config, e.g. a low continue-as-new suggestion threshold for tests. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export class DevServerStartError extends Error {
  constructor(message: string, readonly output: string) {
    super(`${message}\n--- temporal server output ---\n${output.slice(-4000)}`);
    this.name = 'DevServerStartError';
  }
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const args = ['server', 'start-dev', '--ip', opts.ip, '--port', String(opts.port), '--log-level', opts.logLevel];
  if (opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
    for (const [pragma, value] of Object.entries(opts.sqlitePragmas)) args.push('--sqlite-pragma', `${pragma}=${value}`);
  }
  for (const [name, type] of Object.entries(opts.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const address = `${opts.ip}:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== null) throw new DevServerStartError(`temporal server exited with code ${exited} before it was ready`, output);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new DevServerStartError(`temporal server at ${address} not ready in time`, output);
    }
    if (await namespaceReady(address, opts.namespace)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // `--search-attribute` registers attributes only when the database is new: a data dir made
  // before an attribute was added to temporal.yaml (TicketHelpers, issue #12) gets it here, or
  // the first ticket that writes it would fail its workflow task.
  await registerMissingAttributes(address, opts.namespace, opts.searchAttributes).catch((err) => {
    child.kill('SIGKILL');
    throw new DevServerStartError(`could not register the search attributes: ${(err as Error).message}`, output);
  });

  return {
    address,
    uiUrl: opts.uiPort === null ? null : `http://${opts.ip === '0.0.0.0' ? 'localhost' : opts.ip}:${opts.uiPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function registerMissingAttributes(address: string, namespace: string, attributes: Record<string, string>): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await addMissingSearchAttributes(connection.operatorService, namespace, attributes);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Whether a Temporal frontend answers at `address` and knows `namespace`. */
export async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
