// Major incidents (issue #12), the pure parts: which open major incident a new mail names, what
// `config check` says about sla.yaml `majorIncident`, the clocks a declared ticket gets, a routing
// rule that declares one, and the routing test expectation for it.
import { rm } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configCheck } from '../../cli/configCheck';
import { route } from '../../cli/route';
import { copyShippedConfig } from '../support/configCopy';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { majorIncidentProblems } from '../../config/majorIncidentReferences';
import { SlaSchema } from '../../config/schema/sla';
import { matchMajorIncident, type OpenMajorIncident } from '../../mail/majorIncidentMatch';
import { runRoutingCases, RoutingCasesSchema } from '../../routing/configTest';
import { ticketActions } from '../../ticket/actions';
import { TicketIntakeSchema } from '../../ticket/intake';
import { planTicket } from '../../ticket/plan';
import { router } from './routing-support';

const vpn: OpenMajorIncident = { number: 'IT-000010', keywords: ['VPN', '远程办公'], declaredAt: '2026-12-01T01:00:00Z' };
const erp: OpenMajorIncident = { number: 'IT-000011', keywords: ['财务系统', 'ERP'], declaredAt: '2026-12-01T02:00:00Z' };
const vpnAgain: OpenMajorIncident = { number: 'IT-000012', keywords: ['vpn'], declaredAt: '2026-12-01T03:00:00Z' };

describe('matching a new request to an open major incident', () => {
  const cases = [
    { name: 'a keyword in the subject', text: 'VPN 连不上了', open: [vpn, erp], expect: { number: 'IT-000010', keywords: ['VPN'] } },
    { name: 'case does not matter', text: 'my vpn is down', open: [erp, vpn], expect: { number: 'IT-000010', keywords: ['VPN'] } },
    { name: 'full-width letters are the same letters', text: 'ＶＰＮ无法连接', open: [vpn], expect: { number: 'IT-000010', keywords: ['VPN'] } },
    { name: 'a Chinese keyword anywhere in the text', text: '今天早上财务系统打不开', open: [vpn, erp], expect: { number: 'IT-000011', keywords: ['财务系统'] } },
    { name: 'a Latin keyword only as a whole word', text: 'the VPNs-old client is installed', open: [vpn], expect: null },
    { name: 'a Latin keyword inside a longer word does not match', text: 'ERPNext 报错', open: [erp], expect: null },
    { name: 'a Latin keyword right beside Chinese text matches', text: '登录ERP失败', open: [erp], expect: { number: 'IT-000011', keywords: ['ERP'] } },
    { name: 'the incident with more matching keywords wins', text: 'VPN 断了，无法远程办公', open: [vpnAgain, vpn], expect: { number: 'IT-000010', keywords: ['VPN', '远程办公'] } },
    { name: 'equal matches: the newer declaration wins', text: 'VPN down', open: [vpn, vpnAgain], expect: { number: 'IT-000012', keywords: ['vpn'] } },
    { name: 'nothing matches', text: '三楼打印机卡纸', open: [vpn, erp], expect: null },
    { name: 'no open major incident', text: 'VPN 连不上', open: [], expect: null },
    { name: 'whitespace runs in a keyword phrase match any whitespace', text: 'mail   server down', open: [{ ...vpn, keywords: ['mail server'] }], expect: { number: 'IT-000010', keywords: ['mail server'] } },
  ];
  it.each(cases)('$name', ({ text, open, expect: expected }) => {
    expect(matchMajorIncident(text, open)).toEqual(expected);
  });
});

describe('config check of sla.yaml majorIncident', () => {
  const base = {
    calendar: 'always',
    resolution: '4h',
    communicationInterval: '30m',
    escalation: { communication: [{ at: '100%', notify: ['dutySupervisor'] }] },
    notify: ['itManager'],
    departmentHeads: [{ department: '财务部', name: '王敏', email: 'finance-head@corp.example' }],
  };
  const sla = (block: unknown) => SlaSchema.parse({ pauseResolutionWhilePending: [], defaultPolicy: 'p', policies: {}, majorIncident: block });
  const known = { calendars: new Set(['always']), groups: new Set(['network']) };
  const cases = [
    { name: 'a sound block', block: base, expect: [] },
    { name: 'an unknown calendar', block: { ...base, calendar: 'nights' }, expect: [{ path: ['majorIncident', 'calendar'], severity: 'error', message: "unknown calendar 'nights' (known: always)" }] },
    {
      name: 'a level that hands over to an unknown group',
      block: { ...base, escalation: { communication: [{ at: '100%', notify: ['assignee'], reassignTo: 'nobody' }] } },
      expect: [{ path: ['majorIncident', 'escalation', 'communication', 0, 'reassignTo'], severity: 'error', message: "unknown group 'nobody' (known: network)" }],
    },
    {
      name: 'a communication interval as long as the resolution target',
      block: { ...base, communicationInterval: '4h' },
      expect: [{ path: ['majorIncident', 'communicationInterval'], severity: 'warning', message: expect.stringContaining('is not shorter than the resolution target 4h') }],
    },
    {
      name: 'a communication clock that tells nobody',
      block: { ...base, escalation: {} },
      expect: [{ path: ['majorIncident', 'escalation', 'communication'], severity: 'warning', message: expect.stringContaining('no level notifies anyone') }],
    },
    {
      name: 'nobody told at declaration',
      block: { ...base, notify: [], departmentHeads: [] },
      expect: [{ path: ['majorIncident', 'notify'], severity: 'warning', message: expect.stringContaining('nobody is told') }],
    },
    {
      name: 'a department head listed twice',
      block: { ...base, departmentHeads: [...base.departmentHeads, { department: '财务二部', name: '王敏', email: 'Finance-Head@corp.example' }] },
      expect: [{ path: ['majorIncident', 'departmentHeads', 1, 'email'], severity: 'warning', message: expect.stringContaining('already listed (departmentHeads[0])') }],
    },
  ];
  it.each(cases)('$name', ({ block, expect: expected }) => {
    expect(majorIncidentProblems(sla(block), known)).toEqual(expected);
  });

  it('refuses a misspelt key and a department head without an address', () => {
    expect(SlaSchema.safeParse({ pauseResolutionWhilePending: [], defaultPolicy: 'p', policies: {}, majorIncident: { ...base, comunicationInterval: '1h' } }).success).toBe(false);
    expect(SlaSchema.safeParse({ pauseResolutionWhilePending: [], defaultPolicy: 'p', policies: {}, majorIncident: { ...base, departmentHeads: [{ department: 'x', name: 'y' }] } }).success).toBe(false);
  });
});

describe('the plan of a declared major incident', () => {
  let config: LoadedConfig;
  beforeAll(async () => {
    config = await loadConfigOrThrow('config');
  });
  const intake = () => TicketIntakeSchema.parse({ requester: { name: '王伟', email: 'wang.wei@corp.example' }, title: 'VPN 连不上', category: 'network' });

  it('takes resolution and communication clocks from sla.yaml majorIncident, keeping the response clock', () => {
    const block = config.sla.majorIncident!;
    const plain = planTicket(config, intake(), { priority: 'P1' });
    const declared = planTicket(config, intake(), { priority: 'P1', majorIncident: true });
    expect(declared.clocks.response).toEqual(plain.clocks.response);
    expect(declared.clocks.resolution).toMatchObject({ calendarId: block.calendar, targetSeconds: block.resolution });
    expect(declared.clocks.update).toMatchObject({ calendarId: block.calendar, targetSeconds: block.communicationInterval });
    expect(declared.clocks.update!.levels.map((l) => [l.key, l.notify])).toEqual(block.escalation.communication.map((l) => [l.at !== undefined ? `${l.at}%` : expect.stringMatching(/^\+/), l.notify]));
    // A major incident never waits for working hours.
    expect(declared.clocks.update!.levels.every((l) => !l.quiet)).toBe(true);
  });

  it('keeps the priority clocks when the config has no majorIncident block', () => {
    const without = { ...config, sla: { ...config.sla, majorIncident: undefined } };
    expect(planTicket(without, intake(), { priority: 'P1', majorIncident: true }).clocks).toEqual(planTicket(without, intake(), { priority: 'P1' }).clocks);
  });

  it('carries a declaration by routing rule, and none for any other ticket', () => {
    expect(planTicket(config, intake()).declareMajorIncident).toBeUndefined();
    const withRule = {
      ...config,
      routing: {
        ...config.routing,
        rules: [{ name: 'core-vpn-down', when: { keywords: ['全公司 VPN'] }, then: { majorIncident: { reason: '全公司 VPN 中断', keywords: ['VPN'] } }, continue: true }, ...config.routing.rules],
      },
    } as LoadedConfig;
    const declaring = TicketIntakeSchema.parse({ requester: { name: '王伟', email: 'wang.wei@corp.example' }, title: '全公司 VPN 中断了' });
    expect(planTicket(withRule, declaring).declareMajorIncident).toEqual({ rule: 'core-vpn-down', reason: '全公司 VPN 中断', keywords: ['VPN'] });
  });
});

describe('a routing rule that declares a major incident', () => {
  const route = router([
    { name: 'erp-down', when: { keywords: ['ERP 宕机'] }, then: { majorIncident: { reason: 'ERP 全部不可用', keywords: ['ERP'] } }, continue: true },
    { name: 'printer', when: { keywords: ['打印机'] }, then: { category: 'hardware', group: 'desktop' } },
  ]);
  const cases = [
    { name: 'a declaring rule that matched passes majorIncident: true', given: { title: 'ERP 宕机' }, expect: { majorIncident: true }, diff: [] },
    { name: 'reports a major incident that was not declared', given: { title: '打印机卡纸' }, expect: { majorIncident: true }, diff: ['majorIncident: expected a major incident, got none'] },
    { name: 'reports an unexpected declaration with its rule', given: { title: 'ERP 宕机' }, expect: { majorIncident: false }, diff: ["majorIncident: expected none, got one declared by rule 'erp-down'"] },
  ];
  const results = runRoutingCases(RoutingCasesSchema.parse(cases.map(({ diff: _diff, ...c }) => c)), (t, at) => route(t, at));
  it.each(cases.map((c, i) => ({ ...c, result: results[i] })))('$name', ({ name, diff, result }) => {
    expect(result).toEqual({ name, passed: diff.length === 0, diff });
  });
  it('records the declaring rule in the decision', () => {
    expect(route({ title: 'ERP 宕机' }).majorIncident).toEqual({ reason: 'ERP 全部不可用', keywords: ['ERP'], rule: 'erp-down' });
  });
});

describe('the major incident actions', () => {
  const cases = [
    { action: 'declareMajorIncident', body: { reason: 'VPN 网关宕机', keywords: ['VPN'] }, ok: true },
    { action: 'declareMajorIncident', body: { reason: '' }, ok: false },
    { action: 'declareMajorIncident', body: { reason: 'x', keywords: ['a'] }, ok: false }, // one letter would match everything
    { action: 'linkTickets', body: { tickets: ['IT-000001', 'IT-000002'] }, ok: true },
    { action: 'linkTickets', body: { tickets: [] }, ok: false },
    { action: 'linkTickets', body: { tickets: ['it-1'] }, ok: false },
    { action: 'linkToMajorIncident', body: { majorIncident: 'IT-000001' }, ok: true },
    { action: 'linkToMajorIncident', body: { majorIncident: 'IT-000001', extra: 1 }, ok: false },
    { action: 'broadcastMajorIncidentUpdate', body: { message: '已恢复 80%' }, ok: true },
    { action: 'broadcastMajorIncidentUpdate', body: { message: '   ' }, ok: false },
  ] as const;
  it.each(cases)('$action $body → $ok', ({ action, body, ok }) => {
    expect(ticketActions[action].body.safeParse(body).success).toBe(ok);
  });
});

describe('the admin tools and sla.yaml majorIncident', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const run = async (command: typeof route, args: string[]) => {
    const lines: string[] = [];
    const exitCode = await command(args, (line) => lines.push(line));
    return { exitCode, lines };
  };

  it('config check names the file, line and path of an unknown calendar', async () => {
    dir = await copyShippedConfig([{ file: 'sla.yaml', find: 'majorIncident:\n  calendar: always', replace: 'majorIncident:\n  calendar: allways' }]);
    const { exitCode, lines } = await run(configCheck, [dir]);
    expect(exitCode).not.toBe(0);
    expect(lines.find((l) => l.includes('majorIncident.calendar'))).toMatch(/sla\.yaml:\d+:\d+: majorIncident\.calendar: unknown calendar 'allways'/);
  });

  it('route says a rule declares a major incident and which clocks it gets', async () => {
    dir = await copyShippedConfig([
      {
        file: 'routing.yaml',
        find: '  # - name: core-erp-down\n',
        replace: '  - name: core-erp-down\n    when: { keywords: [ERP 全部宕机] }\n    then: { majorIncident: { reason: ERP 全公司不可用, keywords: [ERP] } }\n    continue: true\n  # - name: core-erp-down\n',
      },
    ]);
    const { exitCode, lines } = await run(route, ['--title', 'ERP 全部宕机', '--config', dir, '--at', '2026-09-30T10:00:00+08:00']);
    expect(exitCode).toBe(0);
    expect(lines).toContain("  major incident  yes, by rule 'core-erp-down': ERP 全公司不可用 (keywords ERP)");
    expect(lines).toContain('                  → P1, resolution 4h, an update every 30m on always');
  });
});
