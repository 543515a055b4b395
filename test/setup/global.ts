// Starts one real Temporal dev server (in memory, headless, free ports) for the whole
// integration run, never the developer's running one; tests read its address by inject().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadTemporalSettings } from '../../temporal/settings';
import { startThrowawayTemporal } from '../support/throwawayTemporal';
import { acquireBundleFile } from '../support/workflowBundle';

export { freePort } from '../support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    /** Where each test file claims its ticket prefix (test/support/ticketPrefixes.ts). */
    ticketPrefixDir: string;
  }
}

export default async function setup(project: TestProject) {
  const bundle = acquireBundleFile(); // built while the server starts
  const settings = await loadTemporalSettings('temporal.yaml', {});
  const server = await startThrowawayTemporal(settings, {
    // Suggest continue-as-new after 400 events (default ~4K) so a test can see a long-lived
    // ticket roll over; ordinary test tickets stay far below it.
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 400 },
  });
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', await bundle.path);
  const prefixes = mkdtempSync(join(tmpdir(), 'itdesk-ticket-prefixes-'));
  project.provide('ticketPrefixDir', prefixes);
  return async () => {
    rmSync(prefixes, { recursive: true, force: true });
    bundle.release();
    await server.stop();
  };
}
