// Starts one real Temporal dev server (in memory, headless, free ports) for the whole
// integration run, never the developer's own server; tests read its address by inject().
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../temporal/cliBinary';
import { startDevServer } from '../../temporal/devServer';
import { loadTemporalSettings } from '../../temporal/settings';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const settings = await loadTemporalSettings('temporal.yaml', {});
  const cliPath = await ensureTemporalCli(settings.devServer.cliVersion, (l) => console.log(l));
  const server = await startDevServer({
    cliPath,
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: 'default',
    searchAttributes: settings.searchAttributes,
    sqlitePragmas: {},
    logLevel: 'error',
    // Suggest continue-as-new after 400 events (default ~4K) so a test can see a long-lived
    // ticket roll over; ordinary test tickets stay far below it.
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 400 },
  });
  project.provide('temporalAddress', server.address);
  return async () => {
    await server.stop();
  };
}
