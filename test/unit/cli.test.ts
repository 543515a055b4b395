// The admin commands as an admin runs them: a real `node cli/itdesk.mjs …` process.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const itdesk = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['cli/itdesk.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('itdesk sla due', () => {
  const cases = [
    {
      given: ['--priority', 'P3', '--at', '2026-09-30T17:00:00+08:00'],
      // 1 h on Sep 30, National Day Oct 1–7 off, then Thursday Oct 8.
      expect: [/^response\t2026-10-08T10:00:00\+08:00\t/m, /^resolution\t2026-10-08T17:30:00\+08:00\t/m],
    },
    {
      given: ['--priority', 'P1', '--at', '2026-09-30T17:00:00+08:00'],
      expect: [/^response\t2026-09-30T17:15:00\+08:00\t/m, /^resolution\t2026-09-30T19:00:00\+08:00\t/m, /^update\t2026-09-30T17:30:00\+08:00\t/m],
    },
    {
      given: ['--priority', 'P4', '--at', '2026-11-27T17:00:00+08:00'],
      // Friday 17:00 + 4 working hours: 1 h Friday, 3 h Monday morning.
      expect: [/^response\t2026-11-30T12:00:00\+08:00\t/m],
    },
  ];
  it.each(cases)('prints each clock due for $given', ({ given, expect: patterns }) => {
    const run = itdesk(['sla', 'due', ...given]);
    expect(run.status, run.stderr).toBe(0);
    for (const pattern of patterns) expect(run.stdout).toMatch(pattern);
  });

  it('explains its usage when a flag is missing', () => {
    const run = itdesk(['sla', 'due', '--priority', 'P3']);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/usage: itdesk sla due/);
  });
});

describe('itdesk config check', () => {
  it('accepts the shipped config', () => {
    const out = execFileSync(process.execPath, ['cli/itdesk.mjs', 'config', 'check'], { encoding: 'utf8' });
    expect(out).toMatch(/config OK/);
  });

  it('exits non-zero with one file:line:col line per error, and honours ITDESK_CONFIG_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itdesk-cli-'));
    cpSync('config', dir, { recursive: true });
    const categories = readFileSync(join(dir, 'categories.yaml'), 'utf8').replace('group: network', 'group: netwrok');
    writeFileSync(join(dir, 'categories.yaml'), categories);
    const sla = readFileSync(join(dir, 'sla.yaml'), 'utf8').replace('response: 15m', 'response: 15 minutes');
    writeFileSync(join(dir, 'sla.yaml'), sla);
    const run = itdesk(['config', 'check'], { ITDESK_CONFIG_DIR: dir });
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => /sla\.yaml:\d+:\d+: policies\.standard\.targets\.P1\.response: invalid duration '15 minutes'/.test(l))).toBe(true);
    expect(run.stdout).not.toMatch(/unknown group 'netwrok'/); // cross-file checks wait until each file is valid
    writeFileSync(join(dir, 'sla.yaml'), readFileSync('config/sla.yaml', 'utf8'));
    const second = itdesk(['config', 'check', dir]);
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/categories\.yaml:\d+:\d+: categories\.network\.group: unknown group 'netwrok'/);
  });
});
