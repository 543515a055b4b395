// Starts one Temporal Java time-skipping test server for the `timeskip` test project and hands
// its address to startTestDesk under the same key the dev-server setup uses.
import type { TestProject } from 'vitest/node';
import { loadTemporalSettings } from '../../temporal/settings';
import { startTimeSkippingServer } from '../support/timeSkippingServer';
import { acquireBundleFile } from '../support/workflowBundle';
import { onFreePort } from '../support/ports';

export default async function setup(project: TestProject) {
  const bundle = acquireBundleFile(); // shared with the integration project's setup
  const settings = await loadTemporalSettings('temporal.yaml', {});
  const server = await onFreePort((port) => startTimeSkippingServer(port));
  await server.addSearchAttributes(settings.connection.namespace, settings.searchAttributes);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', await bundle.path);
  return async () => {
    bundle.release();
    await server.stop();
  };
}
