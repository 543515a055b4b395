// `itdesk temporal setup` against a cluster that has never seen the desk: a second, bare dev
// server stands in for it (no search attributes registered at launch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../temporal/connection';
import { findTemporalCli } from '../../temporal/cliBinary';
import { startDevServer, type DevServer } from '../../temporal/devServer';
import { registerSearchAttributes } from '../../temporal/searchAttributeSetup';
import { loadTemporalSettings } from '../../temporal/settings';
import { freePort } from '../setup/global';

let bare: DevServer;
beforeAll(async () => {
  bare = await startDevServer({
    cliPath: findTemporalCli()!,
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: null,
    dbFile: null,
    namespace: 'default',
    searchAttributes: {},
    sqlitePragmas: {},
    logLevel: 'error',
  });
});
afterAll(async () => bare?.stop());

describe('registering search attributes on an existing cluster', () => {
  it('adds the missing ones once and is a no-op the second time', async () => {
    const settings = await loadTemporalSettings('temporal.yaml', { TEMPORAL_ADDRESS: bare.address });
    const client = await connectClient(settings);
    try {
      const added = await registerSearchAttributes(client, settings);
      expect(added.sort()).toEqual(Object.keys(settings.searchAttributes).sort());
      const listed = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(added));
      expect(await registerSearchAttributes(client, settings)).toEqual([]);
    } finally {
      await client.connection.close();
    }
  });
});
