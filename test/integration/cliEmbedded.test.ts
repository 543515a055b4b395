// CLI commands on the embedded default (temporal.yaml names no cluster): they find the embedded
// dev server where `itdesk start` runs it (devServer.ip:port), here the test run's server
// standing in for it. Before, `sla explain` failed with `Could not parse target name ""`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { slaExplain } from '../../cli/slaExplain';
import { TemporalUnreachableError } from '../../temporal/connection';
import { freePort } from '../support/ports';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
let root: string;
const saved = { yaml: process.env.ITDESK_TEMPORAL_YAML, configDir: process.env.ITDESK_CONFIG_DIR };

/** The shipped temporal.yaml (no address) with its dev server at host:port. */
function embeddedYaml(host: string, port: number): string {
  const file = join(root, `temporal-${port}.yaml`);
  const text = readFileSync('temporal.yaml', 'utf8')
    .replace(/^ {2}ip: .*$/m, `  ip: ${host}`)
    .replace(/^ {2}port: .*$/m, `  port: ${port}`);
  if (!/^ {2}address: ""/m.test(text)) throw new Error('temporal.yaml is expected to name no cluster');
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  desk = await startTestDesk('cli-embedded', {}, 'CLE');
  root = mkdtempSync(join(tmpdir(), 'itdesk-cli-embedded-'));
});
afterAll(async () => {
  process.env.ITDESK_TEMPORAL_YAML = saved.yaml;
  process.env.ITDESK_CONFIG_DIR = saved.configDir;
  if (saved.yaml === undefined) delete process.env.ITDESK_TEMPORAL_YAML;
  if (saved.configDir === undefined) delete process.env.ITDESK_CONFIG_DIR;
  await desk?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const [testHost, testPort] = (() => {
  const address = inject('temporalAddress');
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))] as const;
})();

describe('itdesk sla explain on the embedded default', () => {
  it('finds the embedded server and explains the clocks', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', { body: { requester: alice, title: '打印机卡纸' } });
    process.env.ITDESK_TEMPORAL_YAML = embeddedYaml(testHost, testPort);
    const lines: string[] = [];
    const code = await slaExplain([ticket.number, '--config', desk.configDir, '--json'], (line) => lines.push(line));
    expect(code).toBe(0);
    const explained = JSON.parse(lines.join('\n'));
    expect(explained.number).toBe(ticket.number);
    expect(explained.clocks.map((c: any) => c.clock)).toEqual(expect.arrayContaining(['response', 'resolution']));
  });

  it('says the embedded server is not running, and how to start it, when nothing listens there', async () => {
    process.env.ITDESK_TEMPORAL_YAML = embeddedYaml('127.0.0.1', await freePort());
    const failed = slaExplain(['IT-000001', '--config', desk.configDir], () => undefined);
    await expect(failed).rejects.toThrow(TemporalUnreachableError);
    await expect(failed).rejects.toThrow(/embedded Temporal dev server at 127\.0\.0\.1:\d+: start the desk first \(`npx itdesk start`\)/);
  });
});

describe('itdesk api beside a running desk', () => {
  it('uses the embedded server that already runs instead of starting a second one', async () => {
    const apiPort = await freePort();
    const child = spawn(process.execPath, ['cli/itdesk.mjs', 'api'], {
      env: {
        ...process.env,
        ITDESK_TEMPORAL_YAML: embeddedYaml(testHost, testPort),
        ITDESK_CONFIG_DIR: desk.configDir,
        ITDESK_STORE_FILE: join(root, 'api.sqlite'),
        ITDESK_API_PORT: String(apiPort),
        ITDESK_APPROVAL_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntil('the API to listen', () => (/API on http/.test(out) ? true : undefined), 60_000, 200);
      expect(out).toContain(`using the embedded Temporal dev server already running at ${testHost}:${testPort}`);
      expect(out).not.toMatch(/starting the embedded Temporal dev server/);
      expect(out).toMatch(/one-click links are off: ITDESK_APPROVAL_SECRET is not set/);
      const health = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
