// Runs the Temporal Java time-skipping test server (fetched by scripts/install-test-server.sh)
// on a free port, and drives its clock through the TestService as @temporalio/testing does.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
// Not re-exported by the package index; @temporalio/testing imports it from here too.
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';

const { temporal } = proto;

export const TEST_SERVER_LIB = resolve('.tools/test-server/lib');

/** The test server's clock. Locked (the default), it runs at wall-clock pace. */
export interface TimeSkippingClock {
  currentTimeMs(): Promise<number>;
  /** Lets server time run `ms` ahead, firing every timer due on the way; returns when it has. */
  skip(ms: number): Promise<void>;
  /** Skips to `atMs` (server time); a no-op when that instant has passed. */
  skipTo(atMs: number): Promise<void>;
  /**
   * The test server validates upserted search attributes against its registry but implements
   * only OperatorService.addSearchAttributes (ListSearchAttributes is UNIMPLEMENTED), so the
   * desk's attributes are added blindly, once, right after start.
   */
  addSearchAttributes(namespace: string, attributes: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface TimeSkippingServer extends TimeSkippingClock {
  address: string;
  stop(): Promise<void>;
}

export class TestServerMissingError extends Error {
  constructor() {
    super(`the Temporal test server is not installed in ${TEST_SERVER_LIB}: run 'bash scripts/install-test-server.sh'`);
    this.name = 'TestServerMissingError';
  }
}

/** Connects to a running test server's TestService (throws until it answers). */
export async function connectTimeSkippingClock(address: string): Promise<TimeSkippingClock> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000, [InternalConnectionOptionsSymbol]: { supportsTestService: true } } as never);
  const testService = connection.testService!;
  const clock: TimeSkippingClock = {
    async currentTimeMs() {
      return tsToMs((await testService.getCurrentTime({})).time);
    },
    async skip(ms) {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
    },
    async skipTo(atMs) {
      const left = atMs - (await clock.currentTimeMs());
      if (left > 0) await clock.skip(left);
    },
    async addSearchAttributes(namespace, attributes) {
      const types = temporal.api.enums.v1.IndexedValueType;
      const typeOf = (name: string) => types[`INDEXED_VALUE_TYPE_${name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase()}` as keyof typeof types];
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(Object.entries(attributes).map(([name, type]) => [name, typeOf(type)])),
      });
    },
    close: () => connection.close(),
  };
  await clock.currentTimeMs();
  return clock;
}

export async function startTimeSkippingServer(port: number, readyTimeoutMs = 60_000): Promise<TimeSkippingServer> {
  if (!existsSync(TEST_SERVER_LIB)) throw new TestServerMissingError();
  const classpath = readdirSync(TEST_SERVER_LIB).filter((f) => f.endsWith('.jar')).map((f) => join(TEST_SERVER_LIB, f)).join(':');
  const child = spawn('java', ['-cp', classpath, 'io.temporal.testserver.TestServer', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let clock: TimeSkippingClock | undefined;
  while (!clock) {
    if (exited !== null) throw new Error(`the test server exited with code ${exited}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the test server at ${address} did not answer in time:\n${output}`);
    }
    clock = await connectTimeSkippingClock(address).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 200)));
  }
  const ready = clock;
  return {
    ...ready,
    address,
    async stop() {
      await ready.close().catch(() => undefined);
      if (exited !== null) return;
      await new Promise<void>((done) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(killer);
          done();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
