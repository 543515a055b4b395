// Where the desk finds Temporal: one answer for `itdesk start`, the workers, the API and every
// CLI command, and a start-up log that says only what helps.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@temporalio/worker';
import { DeskRuntimeLogger } from '../../temporal/runtimeLogger';
import { loadTemporalSettings, temporalAddress } from '../../temporal/settings';

describe('temporalAddress', () => {
  const cases = [
    { given: 'the shipped temporal.yaml (no cluster)', env: {}, devServer: {}, expect: '127.0.0.1:7233' },
    { given: 'TEMPORAL_ADDRESS', env: { TEMPORAL_ADDRESS: 'temporal.corp.example:7233' }, devServer: {}, expect: 'temporal.corp.example:7233' },
    { given: 'a dev server on another port', env: {}, devServer: { port: 17233 }, expect: '127.0.0.1:17233' },
    { given: 'a dev server listening on every interface', env: {}, devServer: { ip: '0.0.0.0' }, expect: '127.0.0.1:7233' },
  ];
  it.each(cases)('$given: $expect', async ({ env, devServer, expect: expected }) => {
    const settings = await loadTemporalSettings('temporal.yaml', env);
    Object.assign(settings.devServer, devServer);
    expect(temporalAddress(settings)).toBe(expected);
  });
});

describe('the Temporal SDK log at start-up', () => {
  it('leaves out "No workflows registered" (the store worker has none by design) and keeps every other warning', () => {
    const written: LogEntry[] = [];
    const logger = new DeskRuntimeLogger('WARN', (entry) => written.push(entry));
    logger.warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'itdesk-store' });
    logger.log('WARN', 'No workflows registered, not polling for workflow tasks');
    logger.warn('Activity failed', { attempt: 3 });
    logger.info('Worker state changed');
    logger.error('Worker failed');
    expect(written.map((e) => `${e.level} ${e.message}`)).toEqual(['WARN Activity failed', 'ERROR Worker failed']);
  });
});
