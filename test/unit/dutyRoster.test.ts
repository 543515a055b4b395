// The duty supervisor on the roster: dates in the roster's zone, shifts limited to a calendar's
// working time, first match wins; and the cross-file checks of roster and escalation actions.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigDir, type LoadedConfig } from '../../config/load';
import { formatIssue } from '../../config/yamlSource';
import { dutySupervisorAt } from '../../sla/dutyRoster';

const ROSTER = `dutyRoster:
  timezone: Asia/Shanghai
  shifts:
    - { from: 2026-11-23, to: 2026-11-29, calendar: office-shanghai, name: 李娜, email: li.na@corp.example }
    - { from: 2026-11-23, to: 2026-11-29, name: 值班手机, email: duty-phone@corp.example }
`;

function configWith(slaEdit: (sla: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'itdesk-roster-'));
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'sla.yaml'), slaEdit(readFileSync(join(dir, 'sla.yaml'), 'utf8')));
  return dir;
}

let config: LoadedConfig;
beforeAll(async () => {
  const result = await loadConfigDir(configWith((s) => s.replace('overrides: []', `overrides: []\n${ROSTER}`)));
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  config = result.config;
});

describe('dutySupervisorAt', () => {
  const cases = [
    { given: '2026-11-25T10:00:00+08:00', expect: 'li.na@corp.example' }, // Wednesday, office hours
    { given: '2026-11-25T12:30:00+08:00', expect: 'duty-phone@corp.example' }, // lunch break
    { given: '2026-11-25T22:00:00+08:00', expect: 'duty-phone@corp.example' }, // night
    { given: '2026-11-29T10:00:00+08:00', expect: 'duty-phone@corp.example' }, // Sunday
    { given: '2026-11-22T23:30:00+00:00', expect: 'duty-phone@corp.example' }, // already Monday 07:30 in Shanghai
    { given: '2026-11-30T10:00:00+08:00', expect: null }, // after the roster: the caller falls back
  ];
  it.each(cases)('at $given the duty supervisor is $expect', ({ given, expect: want }) => {
    expect(dutySupervisorAt(config, new Date(given))?.email ?? null).toBe(want);
  });
});

describe('roster and escalation-action checks', () => {
  const cases = [
    {
      name: 'a level that hands over to an unknown group',
      edit: (s: string) => s.replace('- { after: 2h, notify: [itManager] }', '- { after: 2h, notify: [itManager], reassignTo: infra }'),
      expect: /sla\.yaml:\d+:\d+: policies\.standard\.escalation\.resolution\[2\]\.reassignTo: unknown group 'infra'/,
    },
    {
      name: 'a shift on an unknown calendar',
      edit: (s: string) => s.replace('overrides: []', `overrides: []\n${ROSTER.replace('office-shanghai', 'office-beijing')}`),
      expect: /sla\.yaml:\d+:\d+: dutyRoster\.shifts\[0\]\.calendar: unknown calendar 'office-beijing'/,
    },
    {
      name: 'a level that does nothing',
      edit: (s: string) => s.replace('- { after: 2h, notify: [itManager] }', '- { after: 2h }'),
      expect: /a level must do something/,
    },
  ];
  it.each(cases)('reports $name at its line', async ({ edit, expect: pattern }) => {
    const result = await loadConfigDir(configWith(edit));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue).join('\n')).toMatch(pattern);
  });
});
