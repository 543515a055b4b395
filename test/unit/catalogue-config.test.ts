// catalogue.yaml mistakes an admin could make, each a small edit of the shipped file: `config
// check` must fail (or warn) and point at the file, line and column, with the path and why.
import { afterEach, describe, expect, it } from 'vitest';
import { configCheck } from '../../cli/configCheck';
import { copyShippedConfig, positionIn, removeCopy, withoutDir, type ConfigEdit } from '../support/configCopy';

const FILE = 'catalogue.yaml';
const replace = (find: string, replacement: string, file = FILE): ConfigEdit => ({ file, find, replace: replacement });

const cases: Array<{ name: string; edits: ConfigEdit[]; at: string; path: string; message: string | RegExp; warning?: true }> = [
  {
    name: 'an item of an unknown category',
    edits: [replace('    category: software\n', '    category: sofware\n')],
    at: 'category: sofware',
    path: 'items.software-installation.category',
    message: /^unknown category 'sofware' \(known: hardware, software/,
  },
  {
    name: 'an item for an unknown group',
    edits: [replace('    category: other\n    group: service-desk\n', '    category: other\n    group: helpdesk\n')],
    at: 'group: helpdesk',
    path: 'items.new-staff-setup.group',
    message: /^unknown group 'helpdesk'/,
  },
  {
    name: 'a task for an unknown group',
    edits: [replace('group: identity-access }\n      - { id: computer', 'group: iam }\n      - { id: computer')],
    at: 'group: iam }',
    path: 'items.new-staff-setup.checklist[0].group',
    message: /^unknown group 'iam'/,
  },
  {
    name: 'a system owner who is nobody',
    edits: [replace('owner: zhang.wei }', 'owner: zhang.san }')],
    at: 'owner: zhang.san',
    path: 'systems.vpn.owner',
    message: "'zhang.san' is not a member of any group in groups.yaml",
  },
  {
    name: 'a system owner step naming a field the item lacks',
    edits: [replace('{ role: systemOwner, field: system }, label: { zh-CN: 系统负责人审批, en: System owner } }\n    checklist:\n      - { id: grant', '{ role: systemOwner, field: sytem }, label: { zh-CN: 系统负责人审批, en: System owner } }\n    checklist:\n      - { id: grant')],
    at: 'field: sytem',
    path: 'items.permission.approvals[1].approver.field',
    message: /^the item has no field 'sytem' \(fields: system, access/,
  },
  {
    name: 'a system owner step reading a text field',
    edits: [replace('{ name: system, label: { zh-CN: 系统, en: System }, type: system, required: true }\n      - { name: access', '{ name: system, label: { zh-CN: 系统, en: System }, type: text, required: true }\n      - { name: access')],
    at: 'field: system }, label: { zh-CN: 系统负责人审批, en: System owner } }\n    checklist:\n      - { id: grant',
    path: 'items.permission.approvals[1].approver.field',
    message: "field 'system' is a text field; a system owner needs a system field",
  },
  {
    name: 'IT approval by the lead of an unknown group',
    edits: [replace('{ role: groupLead, group: desktop }, label: { zh-CN: IT 审批（软件合规）', '{ role: groupLead, group: desk }, label: { zh-CN: IT 审批（软件合规）')],
    at: 'group: desk }',
    path: 'items.software-installation.approvals[1].approver.group',
    message: /^unknown group 'desk'/,
  },
  {
    name: 'an approver who is no member',
    edits: [replace('{ role: groupLead, group: desktop }, label: { zh-CN: IT 审批（资产）', '{ role: person, person: boss }, label: { zh-CN: IT 审批（资产）')],
    at: 'person: boss',
    path: 'items.hardware.approvals[1].approver.person',
    message: "'boss' is not a member of any group in groups.yaml",
  },
  {
    name: 'a choice field without choices',
    edits: [replace("- { name: quantity, label: { zh-CN: 数量, en: Quantity }, type: number", "- { name: quantity, label: { zh-CN: 数量, en: Quantity }, type: choice")],
    at: '{ name: quantity',
    path: 'items.hardware.fields[1].choices',
    message: 'a choice field needs its choices',
  },
  {
    name: 'a field written twice',
    edits: [replace("      - { name: version, label: { zh-CN: 版本, en: Version }, type: text }", "      - { name: software, label: { zh-CN: 版本, en: Version }, type: text }")],
    at: '{ name: software, label: { zh-CN: 版本',
    path: 'items.software-installation.fields[1]',
    message: "duplicate field 'software' (already fields[0])",
  },
  {
    name: 'a field name that is no camelCase',
    edits: [replace('name: startDate', 'name: start-date')],
    at: 'name: start-date',
    path: 'items.new-staff-setup.fields[3].name',
    message: 'camelCase, e.g. startDate',
  },
  {
    name: 'a reminder after the timeout',
    edits: [replace('{ approver: { role: lineManager }, label: { zh-CN: 直属上级审批, en: Line manager } }\n      - { approver: { role: groupLead, group: desktop }, label: { zh-CN: IT 审批（资产）', '{ approver: { role: lineManager }, reminderAfter: 4d, label: { zh-CN: 直属上级审批, en: Line manager } }\n      - { approver: { role: groupLead, group: desktop }, label: { zh-CN: IT 审批（资产）')],
    at: 'reminderAfter: 4d',
    path: 'items.hardware.approvals[0].reminderAfter',
    message: 'the reminder must come before the timeout',
  },
  {
    name: 'line-manager steps while the directory names no manager (a warning)',
    edits: [],
    at: 'role: lineManager }, label: { zh-CN: 直属上级审批, en: Line manager } }\n      - { approver: { role: groupLead, group: desktop }, label: { zh-CN: IT 审批（软件合规）',
    path: 'items.software-installation.approvals[0].approver.role',
    message: /^warning: no person in directory.yaml names a manager/,
    warning: true,
  },
];

const ISSUE_LINE = /^(?<file>[^:]+):(?<line>\d+):(?<col>\d+): (?<path>\S+): (?<message>.*)$/;

describe('config check of catalogue.yaml', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await removeCopy(dir);
    dir = undefined;
  });

  it.each(cases)('$name', async ({ edits, at, path, message, warning }) => {
    dir = await copyShippedConfig(edits);
    const lines: string[] = [];
    const exitCode = await configCheck([dir], (line) => lines.push(withoutDir(dir!, line)));
    expect(exitCode, lines.join('\n')).toBe(warning ? 0 : 1);
    const { line, col } = await positionIn(dir, FILE, at);
    const here = lines
      .map((text) => ISSUE_LINE.exec(text)?.groups)
      .filter((g) => g && g.file === FILE && Number(g.line) === line && Number(g.col) === col && g.path === path)
      .map((g) => g!.message);
    expect(here, `no issue at ${FILE}:${line}:${col}: ${path}\n${lines.join('\n')}`).not.toEqual([]);
    if (typeof message === 'string') expect(here).toContain(message);
    else expect(here.some((m) => message.test(m)), here.join('\n')).toBe(true);
  });

  it('passes without a warning once the directory names managers', async () => {
    dir = await copyShippedConfig([{ file: 'directory.yaml', write: 'people:\n  - { email: alice@corp.example, name: 张三, manager: bob@corp.example }\n' }]);
    const lines: string[] = [];
    expect(await configCheck([dir], (line) => lines.push(line))).toBe(0);
    expect(lines.filter((l) => l.includes('catalogue.yaml'))).toEqual([]);
  });

  it('is optional: a desk without catalogue.yaml has no requests to choose and still passes', async () => {
    dir = await copyShippedConfig([{ file: FILE, remove: true }]);
    const lines: string[] = [];
    expect(await configCheck([dir], (line) => lines.push(line)), lines.join('\n')).toBe(0);
  });
});
