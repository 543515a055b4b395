// Tiers and dispatch (issue #12): the next tier of a category's ladder, the seniority the dispatch
// table asks for and whom it falls back to, routing rules that match on priority, and what
// `config check` says about ladders and the table. Every case is a row.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssignee, type AssignmentConfig } from '../../routing/chooseAssignee';
import { seniorityOrder, wantedSeniority } from '../../routing/dispatch';
import { nextTier } from '../../routing/tiers';
import { configCheck } from '../../cli/configCheck';
import { runDeskRoutingCases } from '../../cli/deskRoutingCases';
import { DeskRoutingCasesSchema } from '../../config/schema/routingCases';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import type { GroupsConfig, Person } from '../../config/schema/groups';
import type { RoutingConfig } from '../../routing';
import { copyShippedConfig, removeCopy, withoutDir, type ConfigEdit } from '../support/configCopy';
import { router } from './routing-support';
import type { TicketSummary } from '../../ticket/summary';
import { inQueue, matchesFilters, type QueueRow } from '../../web/workbench/queues';

let shipped: LoadedConfig;
beforeAll(async () => {
  shipped = await loadConfigOrThrow('config');
});

describe('the next tier of a ticket', () => {
  const cases = [
    { given: 'hardware at the service desk', category: 'hardware', group: 'service-desk', expect: 'desktop' },
    { given: 'hardware at desktop support', category: 'hardware', group: 'desktop', expect: 'infrastructure' },
    { given: 'hardware already with the L3 experts', category: 'hardware', group: 'infrastructure', expect: null },
    { given: 'account at identity & access climbs to security', category: 'account', group: 'identity-access', expect: 'security' },
    { given: 'a network ticket parked with desktop (L2, off the ladder) climbs above L2', category: 'network', group: 'desktop', expect: 'infrastructure' },
    { given: 'security goes from the desk straight to L3', category: 'security', group: 'service-desk', expect: 'security' },
    { given: 'an unknown category has no ladder', category: 'constructor', group: 'service-desk', expect: null },
  ];
  it.each(cases)('$given', ({ category, group, expect: wanted }) => {
    const next = nextTier(shipped, category, group);
    expect(next.found ? next.to.group : null, next.why).toBe(wanted);
    if (next.found) expect(next.why).toContain(`${group} (`);
  });

  it('says why there is none at the top', () => {
    expect(nextTier(shipped, 'hardware', 'infrastructure')).toMatchObject({
      found: false,
      why: 'infrastructure (L3) is the top of the hardware ladder (service-desk → desktop → infrastructure)',
    });
  });
});

describe('the dispatch table', () => {
  it.each([
    { priority: 'P1', expect: 'senior' },
    { priority: 'P2', expect: 'senior' },
    { priority: 'P3', expect: 'desk' },
    { priority: 'P4', expect: 'junior' },
    { priority: 'P9', expect: undefined },
  ])('asks for $expect engineers at $priority (shipped config)', ({ priority, expect: wanted }) => {
    expect(wantedSeniority(shipped.routing.dispatch, priority)).toBe(wanted);
  });

  it.each([
    { wanted: 'senior', expect: ['senior', 'desk', 'junior'] },
    { wanted: 'desk', expect: ['desk', 'senior', 'junior'] },
    { wanted: 'junior', expect: ['junior', 'desk', 'senior'] },
  ] as const)('falls back from $wanted to the nearest more senior first', ({ wanted, expect: order }) => {
    expect(seniorityOrder(wanted)).toEqual(order);
  });
});

describe('choosing an assignee by the dispatch table', () => {
  const AT = new Date('2026-12-29T10:00:00+08:00'); // a Tuesday morning in Shanghai
  const person = (id: string, extra: Partial<Person> = {}): Person => ({ id, name: id, email: `${id}@corp.example`, ...extra });
  const contact = { name: 'lead', email: 'lead@corp.example' };
  const onLeave = { absences: [{ from: '2026-12-28', to: '2026-12-31', reason: '年假' }] };
  const team = (members: Person[]): GroupsConfig => ({ itManager: contact, groups: { ops: { name: 'Ops', escalationContact: contact, members } } });
  const fewestOpen = (ids: string[]): RoutingConfig['assignment'] => ({ ops: { strategy: 'fewest-open', members: ids.map((id) => ({ id, skills: [] })) } });
  const config = (members: Person[], dispatch: RoutingConfig['dispatch'] = { P1: 'senior', P2: 'senior', P3: 'desk', P4: 'junior' }): AssignmentConfig => ({
    ...shipped,
    groups: team(members),
    routing: { ...shipped.routing, assignment: fewestOpen(members.map((m) => m.id)), dispatch },
  });
  const staffed = [person('jun', { seniority: 'junior' }), person('des'), person('sen', { seniority: 'senior' })];

  const cases = [
    { given: 'P1 goes to the senior engineer', members: staffed, priority: 'P1', expect: 'sen', used: 'senior', why: /^dispatch P1 → senior: fewest open: sen/ },
    { given: 'P3 to the desk engineer (no seniority stated = desk)', members: staffed, priority: 'P3', expect: 'des', used: 'desk', why: /^dispatch P3 → desk: / },
    { given: 'P4 to the junior engineer', members: staffed, priority: 'P4', expect: 'jun', used: 'junior', why: /^dispatch P4 → junior: / },
    {
      given: 'P4 with the junior on leave goes up to desk, and says so',
      members: [person('jun', { seniority: 'junior', ...onLeave }), person('des'), person('sen', { seniority: 'senior' })],
      priority: 'P4',
      expect: 'des',
      used: 'desk',
      why: /no junior engineer available \(jun away\); fell back to desk/,
    },
    {
      given: 'P1 without any senior falls back to desk before junior',
      members: [person('jun', { seniority: 'junior' }), person('des')],
      priority: 'P1',
      expect: 'des',
      used: 'desk',
      why: /no senior engineer in 'ops'; fell back to desk/,
    },
    {
      given: 'P3 with only seniors and juniors goes to a senior, not down',
      members: [person('jun', { seniority: 'junior' }), person('sen', { seniority: 'senior' })],
      priority: 'P3',
      expect: 'sen',
      used: 'senior',
      why: /fell back to senior/,
    },
    {
      given: 'nobody present at all: no assignee, every step named',
      members: [person('sen', { seniority: 'senior', ...onLeave })],
      priority: 'P2',
      expect: null,
      used: null,
      why: /no senior engineer available \(sen away\); no desk engineer in 'ops'; no junior engineer in 'ops'/,
    },
  ] as const;
  it.each(cases)('$given', ({ members, priority, expect: wanted, used, why }) => {
    const decision = chooseAssignee(config([...members]), { groupId: 'ops', skills: [], ticketNumber: 'IT-000007', openCounts: {}, at: AT, priority });
    expect(decision.assignee, decision.why).toBe(wanted);
    expect(decision.dispatch).toEqual({ priority, wanted: wantedSeniority(config([...members]).routing.dispatch, priority), used });
    expect(decision.why).toMatch(why);
  });

  it('picks among every member as before without a table or a priority', () => {
    const withoutTable = chooseAssignee(config(staffed, {}), { groupId: 'ops', skills: [], ticketNumber: 'IT-000007', openCounts: { jun: 3, des: 2, sen: 1 }, at: AT, priority: 'P4' });
    expect(withoutTable).toMatchObject({ assignee: 'sen', strategy: 'fewest-open' });
    expect(withoutTable.dispatch).toBeUndefined();
    const withoutPriority = chooseAssignee(config(staffed), { groupId: 'ops', skills: [], ticketNumber: 'IT-000007', openCounts: { jun: 3, des: 2, sen: 1 }, at: AT });
    expect(withoutPriority.assignee).toBe('sen');
  });

  it('turns round-robin among the chosen seniority only', () => {
    const members = [person('d1'), person('s1', { seniority: 'senior' }), person('d2')];
    const roundRobin: AssignmentConfig = {
      ...config(members),
      routing: { ...shipped.routing, assignment: { ops: { strategy: 'round-robin', members: members.map((m) => ({ id: m.id, skills: [] })) } }, dispatch: { P3: 'desk' } },
    };
    const picks = ['IT-000010', 'IT-000011', 'IT-000012'].map(
      (ticketNumber) => chooseAssignee(roundRobin, { groupId: 'ops', skills: [], ticketNumber, openCounts: {}, at: AT, priority: 'P3' }).assignee,
    );
    expect(picks).toEqual(['d1', 'd2', 'd1']);
  });
});

describe('routing rules that match on priority', () => {
  const route = router([
    { name: 'outage', when: { keywords: ['宕机'] }, then: { impact: 'company', urgency: 'critical', tags: ['outage'] }, continue: true },
    { name: 'urgent', when: { priority: ['P1', 'P2'] }, then: { tags: ['urgent'], watchers: ['duty-supervisor@corp.example'] }, continue: true },
    { name: 'low', when: { priority: 'P4' }, then: { group: 'service-desk' } },
  ]);
  const cases = [
    { given: '服务器宕机 (P1 from the rule before)', ticket: { title: '服务器宕机' }, tags: ['outage', 'urgent'], group: 'service-desk', why: 'priority is P1' },
    { given: 'an individual medium ticket is P3: neither matches', ticket: { title: '鼠标坏了' }, tags: [], group: 'service-desk', why: 'priority is P3, not P1 or P2' },
    { given: 'a stated P2 matches urgent', ticket: { title: '鼠标坏了', priority: 'P2' as const }, tags: ['urgent'], group: 'service-desk', why: 'priority is P2' },
    { given: 'low urgency is P4', ticket: { title: '怎么设置签名', urgency: 'low' as const }, tags: [], group: 'service-desk', why: 'priority is P4, not P1 or P2' },
  ];
  it.each(cases)('$given', ({ ticket, tags, why }) => {
    const decision = route(ticket);
    expect(decision.tags).toEqual(tags);
    expect(decision.trace.find((t) => t.rule === 'urgent')?.why).toContain(why.split(' (')[0]);
  });

  it('a P4 rule sees the matrix priority', () => {
    const decision = route({ title: '怎么设置签名', urgency: 'low' });
    expect(decision.matchedRules).toEqual(['low']);
    expect(decision.trace.at(-1)).toEqual({ rule: 'low', matched: true, why: 'priority is P4' });
  });
});

describe('config check of tiers and dispatch', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await removeCopy(dir);
    dir = undefined;
  });
  const replace = (file: string, find: string, replacement: string): ConfigEdit => ({ file, find, replace: replacement });
  const cases = [
    {
      given: 'a ladder naming an unknown group',
      edit: replace('categories.yaml', 'tiers: [service-desk, network, infrastructure]', 'tiers: [service-desk, netwrok, infrastructure]'),
      expect: /^categories\.yaml:\d+:\d+: categories\.network\.tiers\[1\]: unknown group 'netwrok' \(known: /,
      exit: 1,
    },
    {
      given: 'a ladder that does not climb',
      edit: replace('categories.yaml', 'tiers: [service-desk, network, infrastructure]', 'tiers: [service-desk, infrastructure, network]'),
      expect: /^categories\.yaml:\d+:\d+: categories\.network\.tiers\[2\]: 'network' \(L2\) is not above 'infrastructure' \(L3\)/,
      exit: 1,
    },
    {
      given: 'a ladder group without a tier',
      edit: replace('groups.yaml', '    name: 网络组 / Network\n    tier: L2\n', '    name: 网络组 / Network\n'),
      expect: /^categories\.yaml:\d+:\d+: categories\.network\.tiers\[1\]: group 'network' has no tier in groups\.yaml/,
      exit: 1,
    },
    {
      given: 'a tier that is not L1–L3',
      edit: replace('groups.yaml', '    name: 网络组 / Network\n    tier: L2\n', '    name: 网络组 / Network\n    tier: L4\n'),
      expect: /^groups\.yaml:\d+:\d+: groups\.network\.tier: /,
      exit: 1,
    },
    {
      given: 'a seniority the table does not know',
      edit: replace('groups.yaml', 'seniority: junior }', 'seniority: trainee }'),
      expect: /^groups\.yaml:\d+:\d+: groups\.desktop\.members\[3\]\.seniority: /,
      exit: 1,
    },
    {
      given: 'a dispatch table asking for a seniority nobody has (a warning)',
      edit: replace('groups.yaml', 'seniority: junior }', 'seniority: desk }'),
      expect: /^routing\.yaml:\d+:\d+: dispatch\.P4: warning: no member in groups\.yaml is junior: P4 tickets always fall back/,
      exit: 0,
    },
    {
      given: "the category's own group missing from its ladder (a warning)",
      edit: replace('categories.yaml', 'tiers: [service-desk, business-apps, infrastructure]', 'tiers: [service-desk, infrastructure]'),
      expect: /^categories\.yaml:\d+:\d+: categories\.business-app\.tiers: warning: the category's own group 'business-apps' is not on its ladder/,
      exit: 0,
    },
  ];
  it.each(cases)('$given', async ({ edit, expect: wanted, exit }) => {
    dir = await copyShippedConfig([edit]);
    const lines: string[] = [];
    expect(await configCheck([dir], (line) => lines.push(withoutDir(dir!, line)))).toBe(exit);
    expect(lines.some((line) => wanted.test(line)), lines.join('\n')).toBe(true);
  });
});

describe('the response team in the queues', () => {
  const base: TicketSummary = {
    number: 'IT-000001', title: 't', requester: 'a@corp.example', status: 'assigned', priority: 'P3', category: 'hardware',
    group: 'desktop', assignee: 'chen.jie', slaResponseDue: null, slaResolutionDue: null, breached: false,
  };
  const row = (over: Partial<TicketSummary>): QueueRow => ({ ...base, ...over, clocks: [], minLeftSeconds: null, level: null });
  const viewer = { memberId: 'he.ming', groups: ['desktop'] };
  const cases = [
    { given: 'owned by someone else, nobody helping', summary: {}, mine: false, filtered: false },
    { given: 'he.ming helps', summary: { helpers: ['liu.yang', 'he.ming'] }, mine: true, filtered: true },
    { given: 'he.ming owns it', summary: { assignee: 'he.ming' }, mine: true, filtered: true },
    { given: 'someone else helps', summary: { helpers: ['liu.yang'] }, mine: false, filtered: false },
  ];
  it.each(cases)('$given', ({ summary, mine, filtered }) => {
    expect(inQueue('mine', row(summary), viewer)).toBe(mine);
    expect(matchesFilters({ ...base, ...summary }, { assignee: 'he.ming' })).toBe(filtered);
  });
});

describe('routing cases that assert tier, next tier and dispatch', () => {
  const cases = [
    { expect: { tier: 'L2', nextTier: 'infrastructure', dispatch: 'desk' }, diff: [] },
    { expect: { tier: 'L1' }, diff: ['tier: expected L1, got L2'] },
    { expect: { nextTier: 'none' }, diff: [/^nextTier: expected none, got infrastructure \(desktop \(L2\) → infrastructure \(L3\)/] },
    { expect: { dispatch: 'senior' }, diff: ['dispatch: expected senior, got desk'] },
  ];
  it.each(cases)('$expect', ({ expect: expectation, diff }) => {
    const parsed = DeskRoutingCasesSchema.parse([{ name: 'printer', given: { title: '打印机卡纸' }, expect: expectation }]);
    const [result] = runDeskRoutingCases(shipped, parsed, () => new Date('2026-09-30T10:00:00+08:00'));
    expect(result.diff).toHaveLength(diff.length);
    diff.forEach((want, i) => (typeof want === 'string' ? expect(result.diff[i]).toBe(want) : expect(result.diff[i]).toMatch(want)));
    expect(result.passed).toBe(diff.length === 0);
  });
});
