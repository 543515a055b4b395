// A data dir made before a search attribute joined temporal.yaml (TicketHelpers, issue #12):
// `start-dev --search-attribute` registers attributes only in a new database, so the desk's
// start adds the missing ones itself, or the first helper added would fail its ticket's task.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemporalSettings } from '../../temporal/settings';
import { startThrowawayTemporal } from '../support/throwawayTemporal';

const dir = mkdtempSync(join(tmpdir(), 'itdesk-devserver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function customAttributes(address: string): Promise<Record<string, unknown>> {
  const connection = await Connection.connect({ address });
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('the embedded dev server on an existing data dir', () => {
  it('registers search attributes added to temporal.yaml since the data dir was made', async () => {
    const settings = await loadTemporalSettings('temporal.yaml', {});
    const { TicketHelpers, ...before } = settings.searchAttributes;
    expect(TicketHelpers).toBe('KeywordList');
    const dbFile = join(dir, 'temporal.sqlite');

    const old = await startThrowawayTemporal(settings, { dbFile, searchAttributes: before });
    try {
      expect(Object.keys(await customAttributes(old.address))).not.toContain('TicketHelpers');
    } finally {
      await old.stop();
    }

    const upgraded = await startThrowawayTemporal(settings, { dbFile });
    try {
      expect(Object.keys(await customAttributes(upgraded.address))).toEqual(expect.arrayContaining(Object.keys(settings.searchAttributes)));
    } finally {
      await upgraded.stop();
    }
  }, 120_000);
});
