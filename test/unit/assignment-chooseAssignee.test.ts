// chooseAssignee: members away on leave or outside their working calendar are skipped; round-robin
// turns follow the ticket number; fewest-open and skills weigh the open counts they are given.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  availableMembers,
  chooseAssignee,
  InvalidTicketNumberError,
  needsOpenCounts,
  UnknownAssignmentGroupError,
  type AssignmentConfig,
} from '../../routing/chooseAssignee';
import { loadConfigOrThrow } from '../../config/load';
import type { GroupsConfig, Person } from '../../config/schema/groups';
import type { RoutingConfig } from '../../routing';

/** Tuesday 29 December 2026 in Shanghai. */
const TUESDAY_MORNING = new Date('2026-12-29T10:00:00+08:00');
const TUESDAY_EVENING = new Date('2026-12-29T20:00:00+08:00');
/** Just after midnight on New Year's Day in Shanghai, still 31 December in UTC. */
const NEW_YEAR_SHANGHAI = new Date('2027-01-01T00:30:00+08:00');

const person = (id: string, extra: Partial<Person> = {}): Person => ({ id, name: id, email: `${id}@corp.example`, ...extra });
const contact = { name: 'lead', email: 'lead@corp.example' };

const groups: GroupsConfig = {
  itManager: contact,
  groups: {
    'service-desk': {
      name: 'L1',
      escalationContact: contact,
      members: [
        person('li.na', { calendar: 'office-shanghai' }),
        person('zhao.lei', { absences: [{ from: '2026-12-28', to: '2026-12-31', reason: '年假' }] }),
        person('qian.yu'),
      ],
    },
    desktop: {
      name: 'Desktop',
      escalationContact: contact,
      members: [person('chen.jie', { calendar: 'office-shanghai' }), person('liu.yang'), person('he.ping')],
    },
    network: { name: 'Network', escalationContact: contact, members: [person('zhang.wei'), person('sun.hao'), person('wu.qiang')] },
    unstaffed: { name: 'No assignment section', escalationContact: contact, members: [person('zhou.min')] },
  },
};

const assignment: RoutingConfig['assignment'] = {
  'service-desk': { strategy: 'round-robin', members: [{ id: 'li.na', skills: [] }, { id: 'zhao.lei', skills: [] }, { id: 'qian.yu', skills: [] }] },
  desktop: { strategy: 'fewest-open', members: [{ id: 'chen.jie', skills: [] }, { id: 'liu.yang', skills: [] }, { id: 'he.ping', skills: [] }] },
  network: {
    strategy: 'skills',
    members: [
      { id: 'zhang.wei', skills: ['vpn', 'wifi'] },
      { id: 'sun.hao', skills: ['VPN', 'firewall'] },
      { id: 'wu.qiang', skills: ['wifi'] },
    ],
  },
};

let config: AssignmentConfig;
beforeAll(async () => {
  const shipped = await loadConfigOrThrow('config');
  config = { ...shipped, groups, routing: { ...shipped.routing, assignment } };
});

const available = (groupId: string, at: Date) =>
  availableMembers(config, groupId, at)
    .filter((m) => m.available)
    .map((m) => m.id);

describe('who is available', () => {
  const cases = [
    { given: 'a working morning during zhao.lei’s leave', groupId: 'service-desk', at: TUESDAY_MORNING, expect: ['li.na', 'qian.yu'] },
    { given: 'the evening: li.na works office hours only', groupId: 'service-desk', at: TUESDAY_EVENING, expect: ['qian.yu'] },
    {
      given: 'New Year in Shanghai while UTC is still on the last day of leave',
      groupId: 'service-desk',
      at: NEW_YEAR_SHANGHAI,
      expect: ['zhao.lei', 'qian.yu'], // li.na: half past midnight is outside office hours
    },
    { given: 'the first morning of leave, which is still the evening before in UTC', groupId: 'service-desk', at: new Date('2026-12-28T07:00:00+08:00'), expect: ['qian.yu'] },
    { given: 'a group routing.yaml does not staff', groupId: 'unstaffed', at: TUESDAY_MORNING, expect: [] },
  ];
  it.each(cases)('on $given: $expect', ({ groupId, at, expect: expected }) => {
    expect(available(groupId, at)).toEqual(expected);
  });

  it('says why a member is away', () => {
    const away = availableMembers(config, 'service-desk', TUESDAY_EVENING).filter((m) => !m.available);
    expect(away.map((m) => [m.id, m.awayBecause])).toEqual([
      ['li.na', 'outside working hours of office-shanghai'],
      ['zhao.lei', 'away 2026-12-28 to 2026-12-31 (年假)'],
    ]);
  });

  it('refuses a group groups.yaml does not define', () => {
    expect(() => availableMembers(config, 'no-such-group', TUESDAY_MORNING)).toThrow(UnknownAssignmentGroupError);
  });
});

describe('round-robin follows the ticket number', () => {
  const cases = [
    { ticketNumber: 'IT-000300', at: TUESDAY_MORNING, expect: 'li.na', why: '300 mod 2 = 0 among li.na, qian.yu' },
    { ticketNumber: 'IT-000301', at: TUESDAY_MORNING, expect: 'qian.yu', why: '301 mod 2 = 1 among li.na, qian.yu' },
    { ticketNumber: 'IT-000302', at: TUESDAY_MORNING, expect: 'li.na', why: '302 mod 2 = 0' },
    { ticketNumber: 'IT-000300', at: TUESDAY_EVENING, expect: 'qian.yu', why: '300 mod 1 = 0 among qian.yu' },
    { ticketNumber: 'IT-000007', at: new Date('2027-01-05T10:00:00+08:00'), expect: 'zhao.lei', why: '7 mod 3 = 1 among li.na, zhao.lei, qian.yu' },
  ];
  it.each(cases)('$ticketNumber at $at goes to $expect', ({ ticketNumber, at, expect: expected, why }) => {
    const decision = chooseAssignee(config, { groupId: 'service-desk', skills: [], ticketNumber, openCounts: {}, at });
    expect(decision.assignee).toBe(expected);
    expect(decision.strategy).toBe('round-robin');
    expect(decision.why).toContain(why);
  });

  it('gives the same answer every time it is asked about the same ticket (replay)', () => {
    const ask = () => chooseAssignee(config, { groupId: 'service-desk', skills: [], ticketNumber: 'IT-000123', openCounts: {}, at: TUESDAY_MORNING });
    expect(ask()).toEqual(ask());
  });

  it('refuses a number without a sequence', () => {
    expect(() => chooseAssignee(config, { groupId: 'service-desk', skills: [], ticketNumber: 'draft', openCounts: {}, at: TUESDAY_MORNING })).toThrow(
      InvalidTicketNumberError,
    );
  });
});

describe('fewest open and skills', () => {
  const cases: Array<{ given: string; groupId: string; skills: string[]; openCounts: Record<string, number>; at: Date; expect: string | null }> = [
    { given: 'the least busy desktop engineer', groupId: 'desktop', skills: [], openCounts: { 'chen.jie': 4, 'liu.yang': 1, 'he.ping': 2 }, at: TUESDAY_MORNING, expect: 'liu.yang' },
    { given: 'the least busy one who is at work', groupId: 'desktop', skills: [], openCounts: { 'chen.jie': 0, 'liu.yang': 3, 'he.ping': 2 }, at: TUESDAY_EVENING, expect: 'he.ping' },
    { given: 'a VPN ticket, case-insensitive skills', groupId: 'network', skills: ['vpn'], openCounts: { 'zhang.wei': 5, 'sun.hao': 1 }, at: TUESDAY_MORNING, expect: 'sun.hao' },
    { given: 'a skill nobody has', groupId: 'network', skills: ['mainframe'], openCounts: {}, at: TUESDAY_MORNING, expect: null },
  ];
  it.each(cases)('picks $expect for $given', ({ groupId, skills, openCounts, at, expect: expected }) => {
    expect(chooseAssignee(config, { groupId, skills, ticketNumber: 'IT-000001', openCounts, at }).assignee).toBe(expected);
  });

  it('mentions who was not available in the reason', () => {
    const decision = chooseAssignee(config, { groupId: 'desktop', skills: [], ticketNumber: 'IT-000001', openCounts: {}, at: TUESDAY_EVENING });
    expect(decision.why).toBe('fewest open: liu.yang has 0 open, the fewest of 2 available members (not available: chen.jie outside working hours of office-shanghai)');
  });
});

describe('groups without an assignment section', () => {
  it('leaves the ticket in the group queue and says so', () => {
    const decision = chooseAssignee(config, { groupId: 'unstaffed', skills: [], ticketNumber: 'IT-000001', openCounts: {}, at: TUESDAY_MORNING });
    expect(decision).toEqual({ assignee: null, strategy: null, why: expect.stringContaining('no assignment section') });
  });
});

describe('which strategies need open counts', () => {
  const cases = [
    { strategy: 'round-robin', expect: false },
    { strategy: 'fewest-open', expect: true },
    { strategy: 'skills', expect: true },
  ] as const;
  it.each(cases)('$strategy: $expect', ({ strategy, expect: expected }) => {
    expect(needsOpenCounts(strategy)).toBe(expected);
  });
});
