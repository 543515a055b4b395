// `itdesk temporal setup` against a cluster that has never seen the desk: a second, bare dev
// server stands in for it (no search attributes registered at launch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../temporal/connection';
import type { DevServer } from '../../temporal/devServer';
import { registerSearchAttributes } from '../../temporal/searchAttributeSetup';
import { loadTemporalSettings } from '../../temporal/settings';
import { startThrowawayTemporal } from '../support/throwawayTemporal';

let bare: DevServer;
beforeAll(async () => {
  bare = await startThrowawayTemporal(await loadTemporalSettings('temporal.yaml', {}), { searchAttributes: {} });
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
