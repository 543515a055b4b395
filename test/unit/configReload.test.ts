// Hot reload of a config directory: a valid edit is picked up by the watcher within seconds; an
// invalid one is refused with its errors while the last good config stays active.
import { afterEach, describe, expect, it } from 'vitest';
import { createConfigSource, type ConfigSource } from '../../config/source';
import { applyEdit, copyShippedConfig, removeCopy } from '../support/configCopy';

const RELOAD_DEADLINE_MS = 10_000;

/** Collects the watcher's reports; `next` waits for the next one or fails at the deadline. */
function reportInbox() {
  const pending: string[] = [];
  let wake: (() => void) | undefined;
  return {
    push(message: string) {
      pending.push(message);
      wake?.();
    },
    async next(what: string): Promise<string> {
      const deadline = Date.now() + RELOAD_DEADLINE_MS;
      while (pending.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no watcher report within ${RELOAD_DEADLINE_MS} ms while waiting for ${what}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return pending.shift()!;
    },
  };
}

describe('config hot reload', () => {
  let dir: string | undefined;
  let stopWatching: (() => void) | undefined;
  afterEach(async () => {
    stopWatching?.();
    if (dir) await removeCopy(dir);
    dir = undefined;
    stopWatching = undefined;
  });

  async function watchedCopy(): Promise<{ source: ConfigSource; reports: ReturnType<typeof reportInbox> }> {
    dir = await copyShippedConfig();
    const source = await createConfigSource(dir);
    const reports = reportInbox();
    stopWatching = source.watch((message) => reports.push(message));
    return { source, reports };
  }

  it('applies a valid edit within seconds and records the new version', async () => {
    const { source, reports } = await watchedCopy();
    const before = source.current();
    expect(before.routing.priority.vipBump).toBe(1);

    await applyEdit(dir!, { file: 'routing.yaml', find: 'vipBump: 1', replace: 'vipBump: 2' });
    const report = await reports.next('the reload of vipBump: 2');

    const after = source.current();
    expect(report).toBe(`config reloaded: version ${after.version}`);
    expect(after.version).not.toBe(before.version);
    expect(after.routing.priority.vipBump).toBe(2);
  });

  it('refuses an invalid edit with its errors and keeps the last good version', async () => {
    const { source, reports } = await watchedCopy();
    const good = source.current();

    await applyEdit(dir!, { file: 'sla.yaml', find: 'P2: { calendar: always, response: 30m,', replace: 'P2: { calendar: always, response: half an hour,' });
    const report = await reports.next('the refusal of a bad duration');

    expect(report.split('\n')[0]).toBe(`config change refused, keeping version ${good.version}:`);
    expect(report).toMatch(/sla\.yaml:\d+:\d+: policies\.standard\.targets\.P2\.response: invalid duration 'half an hour'/);
    expect(source.current().version).toBe(good.version);
    expect(source.current()).toBe(good);
  });

  it('tells the admin when a refused edit is fixed, even back to the active version', async () => {
    const { source, reports } = await watchedCopy();
    const original = source.current().version;

    await applyEdit(dir!, { file: 'groups.yaml', find: '    lead: zhang.wei', replace: '    lead: zhang.san' });
    expect(await reports.next('the refusal of an unknown lead')).toMatch(/groups\.network\.lead: lead 'zhang\.san' is not a member of group 'network'/);
    expect(source.current().version).toBe(original);

    await applyEdit(dir!, { file: 'groups.yaml', find: '    lead: zhang.san', replace: '    lead: zhang.wei' });
    const report = await reports.next('the reload after the fix');
    // Back to the very same bytes: the same content hash as before the mistake, and the admin hears so.
    expect(report).toBe(`config valid again: version ${original} stays active`);
    expect(source.current().groups.groups.network.lead).toBe('zhang.wei');
  });
});
