// Member calendars and absences in groups.yaml: each mistake an admin could make is reported at
// its own line and path; one person with two different availabilities is a warning, not an error.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../config/load';
import { copyShippedConfig, positionIn, removeCopy, type ConfigEdit } from '../support/configCopy';

const LI_NA = '      - { id: li.na, name: 李娜, email: li.na@corp.example }';
const liNaWith = (extra: string): ConfigEdit => ({ file: 'groups.yaml', find: LI_NA, replace: `      - { id: li.na, name: 李娜, email: li.na@corp.example, ${extra} }` });

const broken = [
  {
    name: 'a member calendar calendars.yaml does not define',
    edit: liNaWith('calendar: office-beijing'),
    at: 'calendar: office-beijing',
    path: 'groups.service-desk.members[0].calendar',
    message: "unknown calendar 'office-beijing' (known: always, office-shanghai)",
  },
  {
    name: 'an absence that ends before it starts',
    edit: liNaWith('absences: [{ from: 2026-12-31, to: 2026-12-28 }]'),
    at: 'to: 2026-12-28',
    path: 'groups.service-desk.members[0].absences[0].to',
    message: "'to' 2026-12-28 is before 'from' 2026-12-31",
  },
  {
    name: 'an absence on a day that does not exist',
    edit: liNaWith('absences: [{ from: 2026-02-30, to: 2026-03-02 }]'),
    at: 'from: 2026-02-30',
    path: 'groups.service-desk.members[0].absences[0].from',
    message: '2026-02-30 is not a real date',
  },
  {
    name: 'an absence date written the American way',
    edit: liNaWith('absences: [{ from: 12/28/2026, to: 2026-12-31 }]'),
    at: 'from: 12/28/2026',
    path: 'groups.service-desk.members[0].absences[0].from',
    message: '"12/28/2026" is not a date written as YYYY-MM-DD',
  },
  {
    name: 'a typo in an absence key',
    edit: liNaWith('absences: [{ from: 2026-12-28, to: 2026-12-31, reson: leave }]'),
    at: 'reson: leave',
    path: 'groups.service-desk.members[0].absences[0].reson',
    message: "unknown key 'reson'",
  },
];

describe('member availability in groups.yaml', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await removeCopy(dir);
    dir = undefined;
  });

  it.each(broken)('reports $name at its line', async ({ edit, at, path, message }) => {
    dir = await copyShippedConfig([edit]);
    const result = await loadConfigDir(dir);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    const { line, col } = await positionIn(dir, 'groups.yaml', at);
    expect(issues.map((i) => ({ file: i.file.split('/').pop(), line: i.line, col: i.col, path: i.path, message: i.message }))).toContainEqual({
      file: 'groups.yaml',
      line,
      col,
      path,
      message,
    });
  });

  it('accepts a calendar and absences that are well formed', async () => {
    dir = await copyShippedConfig([liNaWith('calendar: office-shanghai, absences: [{ from: 2026-12-28, to: 2026-12-31, reason: 年假 }]')]);
    const result = await loadConfigDir(dir);
    expect(result.ok && result.config.groups.groups['service-desk'].members[0]).toMatchObject({
      calendar: 'office-shanghai',
      absences: [{ from: '2026-12-28', to: '2026-12-31', reason: '年假' }],
    });
  });

  it('warns when one person has different availability in two groups', async () => {
    dir = await copyShippedConfig([
      liNaWith('calendar: office-shanghai'),
      {
        file: 'groups.yaml',
        find: '      - { id: liu.yang, name: 刘洋, email: liu.yang@corp.example }',
        replace: '      - { id: liu.yang, name: 刘洋, email: liu.yang@corp.example }\n      - { id: li.na, name: 李娜, email: li.na@corp.example }',
      },
    ]);
    const result = await loadConfigDir(dir);
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.config.warnings.filter((w) => w.file.endsWith('groups.yaml')) : [];
    expect(warnings.map((w) => [w.path, w.severity, w.message])).toEqual([
      [
        'groups.desktop.members[2]',
        'warning',
        "'li.na' has a different calendar or absences here than in group 'service-desk', so one group may see them present while the other sees them away",
      ],
    ]);
  });
});
