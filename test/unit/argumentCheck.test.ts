// The workflow's zod-free check of update arguments (issue #10) must say what the zod contracts
// say: generated from them, current, and agreeing with them on valid and broken arguments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionArgumentsModule } from '../../ticket/actionArgumentsSource';
import { ACTION_ARGUMENTS } from '../../ticket/actionArguments.generated';
import { ACTION_FACTS, type TicketActionName } from '../../ticket/actionFacts';
import { ticketActions } from '../../ticket/actions';
import { argumentProblem } from '../../ticket/argumentCheck';
import { checkJsonSchema, KNOWN_KEYWORDS, type JsonSchema } from '../../ticket/jsonSchemaCheck';

const agent = { role: 'agent', id: 'li.na' };
const requester = { role: 'requester', id: 'alice@corp.example' };

/** One valid argument per action, as the API sends it. */
const VALID: Record<TicketActionName, Record<string, unknown>> = {
  assign: { actor: agent, group: 'network', assignee: 'wu.qiang', reason: '网络组处理' },
  respond: { actor: agent, message: '已收到' },
  comment: { actor: requester, body: '补充一张截图', visibility: 'public' },
  changePriority: { actor: agent, priority: 'P2', reason: '影响整个部门' },
  changeCategory: { actor: agent, category: 'hardware', reason: '是硬件问题' },
  pend: { actor: agent, reason: 'vendor', note: '等待厂商' },
  resume: { actor: agent, note: '厂商已回复' },
  resolve: { actor: agent, resolutionNote: '更换了网线', code: 'fixed' },
  reopen: { actor: requester, reason: '又坏了', round: 0 },
  close: { actor: requester, confirmation: 'requester', note: '好了' },
  cancel: { actor: requester, reason: '不需要了' },
  decline: { actor: agent, reason: '个人设备不在服务范围' },
  rate: { actor: requester, rating: 'basically_satisfied', comment: '还行' },
  decideApproval: { actor: agent, decision: 'approve', comment: '同意', nonce: 'abc123' },
  escalateTier: { actor: agent, reason: '需要二线' },
  addHelper: { actor: agent, helper: 'wu.qiang', note: '一起看' },
  removeHelper: { actor: agent, helper: 'wu.qiang' },
  completeTask: { actor: agent, task: 'accounts', note: '已开通' },
  recordWorkaround: { actor: agent, kind: 'workaround', note: '先用备用打印机' },
  bookVisit: { actor: agent, scheduledAt: '2026-12-02T09:30:00+08:00', place: '三楼 301', site: 'same-site', engineer: 'wu.qiang' },
  cancelVisit: { actor: agent, reason: '用户请假' },
  recordArrival: { actor: agent },
  declareMajorIncident: { actor: agent, reason: '邮件系统全公司中断', keywords: ['邮件', 'Exchange'] },
  linkTickets: { actor: agent, tickets: ['IT-000123', 'IT-000124'] },
  linkToMajorIncident: { actor: agent, majorIncident: 'IT-000100', reason: '同一故障' },
  broadcastMajorIncidentUpdate: { actor: agent, message: '预计 30 分钟恢复' },
  addWatcher: { actor: requester, address: 'dave@corp.example', updates: 'resolution' },
  removeWatcher: { actor: requester, address: 'dave@corp.example' },
  recordFollowUp: { actor: agent, outcome: '已回访' },
};

/** Ways to break an argument, each applied to every action's valid one. */
const BREAKS: Array<[string, (args: Record<string, unknown>) => unknown]> = [
  ['no actor', ({ actor: _a, ...rest }) => rest],
  ['an unknown role', (a) => ({ ...a, actor: { role: 'root', id: 'x' } })],
  ['an empty actor id', (a) => ({ ...a, actor: { role: 'agent', id: '' } })],
  ['an extra field', (a) => ({ ...a, extra: 1 })],
  ['not an object', () => '备注'],
  ['null', () => null],
  ...(['message', 'body', 'reason', 'note', 'resolutionNote', 'outcome', 'place'] as const).flatMap((field): Array<[string, (a: Record<string, unknown>) => unknown]> => [
    [`blank ${field}`, (a) => (field in a ? { ...a, [field]: '   ' } : a)],
    [`a number for ${field}`, (a) => (field in a ? { ...a, [field]: 42 } : a)],
    [`an overlong ${field}`, (a) => (field in a ? { ...a, [field]: 'x'.repeat(20_001) } : a)],
  ]),
  ['a bad id', (a) => ('assignee' in a ? { ...a, assignee: '张伟' } : 'helper' in a ? { ...a, helper: 'Li Na' } : 'group' in a ? { ...a, group: 'constructor ' } : a)],
  ['a bad priority', (a) => ('priority' in a ? { ...a, priority: 'P0' } : a)],
  ['an unknown option', (a) => ('rating' in a ? { ...a, rating: 'great' } : 'visibility' in a ? { ...a, visibility: 'secret' } : 'kind' in a ? { ...a, kind: 'fix' } : a)],
  ['a bad time', (a) => ('scheduledAt' in a ? { ...a, scheduledAt: '明天上午' } : a)],
  ['a negative round', (a) => ('round' in a ? { ...a, round: -1 } : a)],
  ['a fractional round', (a) => ('round' in a ? { ...a, round: 0.5 } : a)],
  ['no tickets', (a) => ('tickets' in a ? { ...a, tickets: [] } : a)],
  ['a bad ticket number', (a) => ('tickets' in a ? { ...a, tickets: ['it-1'] } : 'majorIncident' in a ? { ...a, majorIncident: 'IT-1' } : a)],
  ['a one-letter keyword', (a) => ('keywords' in a ? { ...a, keywords: ['x'] } : a)],
  ['not an address', (a) => ('address' in a ? { ...a, address: 'dave' } : a)],
  ['no group nor assignee', (a) => ('group' in a ? { actor: a.actor } : a)],
];

describe('the generated argument schemas', () => {
  it('are current with the zod contracts (npm run generate:action-arguments)', () => {
    expect(readFileSync('ticket/actionArguments.generated.ts', 'utf8')).toBe(actionArgumentsModule());
  });

  it('cover every action and use only keywords the check knows', () => {
    expect(Object.keys(ACTION_ARGUMENTS).sort()).toEqual(Object.keys(ACTION_FACTS).sort());
    const seen = new Set<string>();
    const walk = (schema: JsonSchema) => {
      for (const [key, value] of Object.entries(schema)) {
        seen.add(key);
        if (key === 'properties') Object.values(value as Record<string, JsonSchema>).forEach(walk);
        else if (key === 'items') walk(value as JsonSchema);
        else if (key === 'anyOf') (value as JsonSchema[]).forEach(walk);
      }
    };
    Object.values(ACTION_ARGUMENTS).forEach(walk);
    expect([...seen].filter((k) => !KNOWN_KEYWORDS.has(k))).toEqual([]);
  });
});

describe('argumentProblem agrees with the zod contract', () => {
  const cases = (Object.keys(VALID) as TicketActionName[]).flatMap((name) => [
    { name, how: 'valid', args: VALID[name] as unknown },
    ...BREAKS.map(([how, breakIt]) => ({ name, how, args: breakIt({ ...VALID[name] }) })),
  ]);
  it.each(cases)('$name, $how', ({ name, args }) => {
    const zodSays = ticketActions[name].args.safeParse(args).success;
    const problem = argumentProblem(name, args);
    expect(problem === undefined, `zod ${zodSays ? 'accepts' : 'rejects'}, the check says ${problem ?? 'fine'}`).toBe(zodSays);
  });

  it('has a valid argument for every action', () => {
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(ACTION_FACTS).sort());
    for (const [name, args] of Object.entries(VALID)) expect(ticketActions[name as TicketActionName].args.safeParse(args).success, name).toBe(true);
  });
});

describe('checkJsonSchema', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^[a-z]+$', problem: 'lower-case letters' },
      n: { type: 'integer', minimum: 0, maximum: 9 },
      tags: { type: 'array', items: { type: 'string', notBlank: true }, maxItems: 2 },
      who: { anyOf: [{ type: 'string', mailAddress: true }, { type: 'null' }] },
    },
    required: ['id'],
    additionalProperties: false,
  };
  const cases: Array<{ value: unknown; problems: string[] }> = [
    { value: { id: 'abc' }, problems: [] },
    { value: {}, problems: ['id: required'] },
    { value: { id: 'ABC' }, problems: ['id: lower-case letters'] },
    { value: { id: 'a', n: 1.5 }, problems: ['n: expected integer, got number'] },
    { value: { id: 'a', n: 10 }, problems: ['n: at most 9'] },
    { value: { id: 'a', tags: ['x', ' '] }, problems: ['tags.1: must not be blank'] },
    { value: { id: 'a', tags: ['x', 'y', 'z'] }, problems: ['tags: at most 2 item(s)'] },
    { value: { id: 'a', who: null }, problems: [] },
    { value: { id: 'a', who: 'dave' }, problems: ['who: not a usable mail address'] },
    { value: { id: 'a', constructor: 1 }, problems: ['constructor: unknown field'] },
    { value: { id: 'a', __proto__: { x: 1 } }, problems: [] }, // an object literal's prototype, not a field
    { value: [], problems: ['expected object, got array'] },
  ];
  it.each(cases)('$value', ({ value, problems }) => {
    expect(checkJsonSchema(schema, value).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))).toEqual(problems);
  });
});
