// The admin's config tools: `config test` runs routing.cases.yaml through the desk's real
// routing, `route` explains one ticket, `config schema` exports JSON Schemas for editors.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configCheck } from '../../cli/configCheck';
import { configSchema, jsonSchemaOf, schemaFileName } from '../../cli/configSchema';
import { configTest } from '../../cli/configTest';
import { route } from '../../cli/route';
import { CONFIG_FILES, OPTIONAL_RUNTIME_FILES } from '../../config/files';
import { OPTIONAL_CONFIG_FILES } from '../../config/optionalFiles';
import { copyShippedConfig, removeCopy, SHIPPED_CONFIG_DIR, withoutDir, type ConfigEdit } from '../support/configCopy';

const DIRECTORY = `people:
  - { email: Zhang.San@corp.example, name: 张三, department: 总经办, location: 上海总部, vip: true }
  - { email: li.si@corp.example, name: 李四, department: 财务部 }
`;

async function run(command: (args: string[], out: (line: string) => void) => Promise<number>, args: string[], dir?: string) {
  const lines: string[] = [];
  const exitCode = await command(args, (line) => lines.push(dir ? withoutDir(dir, line) : line));
  return { exitCode, lines };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeCopy(dir);
  dir = undefined;
});

async function copyWith(...edits: ConfigEdit[]) {
  dir = await copyShippedConfig(edits);
  return dir;
}

describe('itdesk config test', () => {
  it('passes every case shipped in config/routing.cases.yaml', async () => {
    const { exitCode, lines } = await run(configTest, [SHIPPED_CONFIG_DIR]);
    const summary = lines.at(-1)!;
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(summary).toMatch(/^(\d+) passed, 0 failed \(\1 cases in routing\.cases\.yaml, config version [0-9a-f]{12}\)$/);
    expect(Number(summary.split(' ')[0])).toBeGreaterThanOrEqual(12);
    expect(exitCode).toBe(0);
  });

  it('prints a field-by-field diff and fails when routing disagrees with a case', async () => {
    const cases = `- name: printer jam
  given: { title: 打印机卡纸 }
  expect: { group: desktop, priority: P3 }
- name: wrong expectations about a server outage
  given: { title: 服务器宕机, description: 文件服务器宕机 }
  expect: { priority: P3, group: desktop, declined: true, slaPolicy: standard, assigneeStrategy: round-robin, workaroundMeets: [workaround], resolutionEndsAt: confirmation }
`;
    const copy = await copyWith({ file: 'routing.cases.yaml', write: cases });
    const { exitCode, lines } = await run(configTest, [copy], copy);
    expect(exitCode).toBe(1);
    expect(lines.slice(0, 9)).toEqual([
      'PASS  printer jam',
      'FAIL  wrong expectations about a server outage',
      '      priority: expected P3, got P1',
      '      group: expected desktop, got infrastructure',
      '      declined: expected declined, got not declined',
      '      assigneeStrategy: expected round-robin, got fewest-open',
      '      workaroundMeets: expected [workaround], got [containment, workaround]',
      '      resolutionEndsAt: expected confirmation, got resolve',
      expect.stringMatching(/^ {6}matched rules: .*infrastructure-outage; priority: keyword override .* → P1$/),
    ]);
    expect(lines.at(-1)).toMatch(/^1 passed, 1 failed \(2 cases/);
  });

  it('checks the watchers a case names, and their updates', async () => {
    const cases = `- name: a VIP ticket is watched by the IT manager
  given: { title: 笔记本蓝屏, requester: { vip: true } }
  expect: { watchers: [it-manager@corp.example] }
- name: wrong watchers
  given: { title: 电脑中毒了 }
  expect: { watchers: [{ watcher: security-lead@corp.example, updates: resolution }, ciso@corp.example] }
`;
    const copy = await copyWith({ file: 'routing.cases.yaml', write: cases });
    const { exitCode, lines } = await run(configTest, [copy], copy);
    expect(exitCode).toBe(1);
    expect(lines.slice(0, 5)).toEqual([
      'PASS  a VIP ticket is watched by the IT manager',
      'FAIL  wrong watchers',
      '      watchers: expected security-lead@corp.example to get resolution updates, got all (rule security-incident)',
      '      watchers: expected to include ciso@corp.example, got [security-lead@corp.example]',
      expect.stringMatching(/^ {6}matched rules: /),
    ]);
  });

  it('fills the requester from directory.yaml by mail address', async () => {
    const cases = `- name: the general manager's office is VIP
  given: { title: 笔记本蓝屏, requester: { email: zhang.san@corp.example } }
  expect: { priority: P2, tags: [vip], rule: vip-watch }
- name: finance is not
  given: { title: 笔记本蓝屏, requester: { email: li.si@corp.example } }
  expect: { priority: P3 }
`;
    const copy = await copyWith({ file: 'routing.cases.yaml', write: cases }, { file: 'directory.yaml', write: DIRECTORY });
    const { exitCode, lines } = await run(configTest, [copy], copy);
    expect(lines.slice(0, 2)).toEqual(["PASS  the general manager's office is VIP", 'PASS  finance is not']);
    expect(exitCode).toBe(0);
  });

  it('rejects an expectation that checks nothing', async () => {
    const copy = await copyWith({ file: 'routing.cases.yaml', write: '- name: empty\n  given: { title: VPN 连不上 }\n  expect: {}\n' });
    const { exitCode, lines } = await run(configTest, [copy], copy);
    expect(lines[0]).toBe("routing.cases.yaml:3:3: [0].expect: 'expect' must name at least one thing to check");
    expect(exitCode).toBe(1);
  });

  it('runs no case while the test file itself has errors', async () => {
    const cases = `- name: a case with a typo
  given: { title: VPN 连不上 }
  expect: { groupp: network }
`;
    const copy = await copyWith({ file: 'routing.cases.yaml', write: cases });
    const { exitCode, lines } = await run(configTest, [copy], copy);
    expect(lines).toEqual([
      "routing.cases.yaml:3:13: [0].expect.groupp: unknown key 'groupp'",
      '1 error(s) in the test files: no case was run',
    ]);
    expect(exitCode).toBe(1);
  });

  it('says so when there is nothing to test, while config check accepts the directory', async () => {
    const copy = await copyWith({ file: 'routing.cases.yaml', remove: true });
    const tested = await run(configTest, [copy], copy);
    expect(tested.lines).toEqual(['no test cases: routing.cases.yaml does not exist (see docs/admin-guide.md)']);
    expect(tested.exitCode).toBe(1);
    const checked = await run(configCheck, [copy], copy);
    expect(checked.exitCode).toBe(0);
    expect(checked.lines.at(-1)).toMatch(/^config OK: .*\(version [0-9a-f]{12}\)$/);
  });
});

describe('itdesk route', () => {
  const at = ['--at', '2026-09-30T10:00:00+08:00'];

  it('explains the decision and every rule it tried', async () => {
    const { exitCode, lines } = await run(route, ['--title', 'VPN 连不上', '--channel', 'mail', '--config', SHIPPED_CONFIG_DIR, ...at]);
    expect(exitCode).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        'ticket    "VPN 连不上" via mail, received 2026-09-30T10:00:00+08:00',
        'requester (none given)',
        '  declined  no',
        '  category  network',
        '  priority  P3  (matrix: impact individual × urgency medium → P3)',
        '  group     network  (set by the rules; assignment: round-robin)',
        '  sla       policy standard: response 2h on office-shanghai, resolution 8h on office-shanghai',
        '  service   a workaround meets no clock; resolution ends at resolve; on-site arrival within 2h (same site) / 24h (other office) on always',
        expect.stringMatching(/^ {2}✗ vip-watch +requester is not VIP$/),
        expect.stringMatching(/^ {2}✓ network +keyword 'vpn' in title$/),
        expect.stringMatching(/^ {2}· 3 later rule\(s\) not evaluated: 'network' matched without continue/),
      ]),
    );
  });

  it('looks the sender up in directory.yaml and applies the VIP bump', async () => {
    const copy = await copyWith({ file: 'directory.yaml', write: DIRECTORY });
    const { exitCode, lines } = await run(route, ['--title', '笔记本蓝屏', '--from', 'zhang.san@corp.example', '--config', copy, ...at], copy);
    expect(exitCode).toBe(0);
    expect(lines).toContain('requester 张三 <zhang.san@corp.example> (总经办, 上海总部, VIP), from directory.yaml');
    expect(lines).toContain('  priority  P2  (matrix: impact individual × urgency medium → P3; VIP requester: raised P3 → P2)');
    expect(lines).toContain('  watchers  it-manager@corp.example (all, rule vip-watch)');
  });

  it('uses the bare address when there is no directory', async () => {
    const { lines } = await run(route, ['--title', '申请 ERP 权限', '--from', 'wang.wu@corp.example', '--config', SHIPPED_CONFIG_DIR, ...at]);
    expect(lines).toContain('requester wang.wu@corp.example (no directory.yaml)');
    expect(lines).toContain('  tags      needs-approval');
  });

  it('shows a declined ticket with its reason and rule', async () => {
    const { lines } = await run(route, ['--title', '安装盗版软件', '--config', SHIPPED_CONFIG_DIR, ...at]);
    expect(lines).toContain("  declined  yes, by rule 'decline-pirated-software': 不支持安装盗版或未经批准的软件 (template decline-out-of-scope)");
  });

  it.each([
    { args: ['--title', 'x', '--channel', 'fax'], error: /^--channel: Invalid option: expected one of "api"\|"mail"/ },
    { args: ['--title', 'x', '--priority', 'P7'], error: /^--priority: / },
    { args: ['--title', 'x', '--at', 'tomorrow'], error: /^--at: not an ISO-8601 instant: tomorrow$/ },
    { args: ['--titel', 'x'], error: /^Unknown option '--titel'/ },
    { args: [], error: /^usage: itdesk route/ },
  ])('rejects $args with exit 2', async ({ args, error }) => {
    const { exitCode, lines } = await run(route, [...args, '--config', SHIPPED_CONFIG_DIR]);
    expect(exitCode).toBe(2);
    expect(lines[0]).toMatch(error);
  });
});

describe('itdesk config schema', () => {
  const allFiles = [...Object.values(CONFIG_FILES), ...Object.values(OPTIONAL_RUNTIME_FILES), ...Object.values(OPTIONAL_CONFIG_FILES)];

  it('writes one JSON Schema per config file', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'itdesk-schema-'));
    try {
      const { exitCode } = await run(configSchema, [outDir]);
      expect(exitCode).toBe(0);
      expect((await readdir(outDir)).sort()).toEqual(allFiles.map((f) => schemaFileName(f.file)).sort());
      const sla = JSON.parse(await readFile(join(outDir, 'sla.schema.json'), 'utf8'));
      // Input shape: durations are the strings admins type, with a pattern editors can check.
      const p1 = sla.properties.policies.additionalProperties.properties.targets.additionalProperties.properties.response;
      expect(p1).toMatchObject({ type: 'string', pattern: expect.stringContaining('\\d+h') });
      expect(sla.additionalProperties).toBe(false);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('keeps config/schema-json in step with the zod schemas', async () => {
    for (const { file, schema } of allFiles) {
      const committed = await readFile(join(SHIPPED_CONFIG_DIR, 'schema-json', schemaFileName(file)), 'utf8');
      expect(JSON.parse(committed), `${file}: run \`npx itdesk config schema\``).toEqual(jsonSchemaOf(file, schema as never));
    }
  });

  it('points every shipped YAML file at its schema on the first line', async () => {
    for (const name of (await readdir(SHIPPED_CONFIG_DIR)).filter((n) => n.endsWith('.yaml'))) {
      const firstLine = (await readFile(join(SHIPPED_CONFIG_DIR, name), 'utf8')).split('\n')[0];
      expect(firstLine).toBe(`# yaml-language-server: $schema=./schema-json/${schemaFileName(name)}`);
    }
  });
});
