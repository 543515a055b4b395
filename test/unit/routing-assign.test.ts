// pickAssignee: round-robin skipping absent members, fewest open tickets with ties by member
// order, and skills-then-fewest-open; null with a reason when nobody fits.
import { describe, expect, it } from 'vitest';
import { pickAssignee, type AssignableMember } from '../../routing/assign';

const here = (id: string, skills: string[] = []): AssignableMember => ({ id, skills, available: true });
const away = (id: string, skills: string[] = []): AssignableMember => ({ id, skills, available: false });

describe('round-robin', () => {
  const cases = [
    { given: 'no one assigned yet', members: [here('zhang.wei'), here('li.na')], lastAssigned: undefined, expect: 'zhang.wei' },
    { given: 'the first had the last ticket', members: [here('zhang.wei'), here('li.na')], lastAssigned: 'zhang.wei', expect: 'li.na' },
    { given: 'the last had the last ticket (wraps)', members: [here('zhang.wei'), here('li.na')], lastAssigned: 'li.na', expect: 'zhang.wei' },
    { given: 'the next one is on leave', members: [here('zhang.wei'), away('li.na'), here('wang.fang')], lastAssigned: 'zhang.wei', expect: 'wang.fang' },
    { given: 'only the last assignee is in', members: [here('zhang.wei'), away('li.na')], lastAssigned: 'zhang.wei', expect: 'zhang.wei' },
    { given: 'the last assignee has left the group', members: [here('zhang.wei'), here('li.na')], lastAssigned: 'former.staff', expect: 'zhang.wei' },
  ];
  it.each(cases)('when $given, picks $expect', ({ members, lastAssigned, expect: expected }) => {
    expect(pickAssignee({ strategy: 'round-robin', members }, { lastAssigned, openCounts: {} }, []).assignee).toBe(expected);
  });

  it('says who was skipped', () => {
    const choice = pickAssignee(
      { strategy: 'round-robin', members: [here('zhang.wei'), away('li.na'), here('wang.fang')] },
      { lastAssigned: 'zhang.wei', openCounts: {} },
      [],
    );
    expect(choice.why).toBe('round-robin: wang.fang is next after zhang.wei (skipped absent li.na)');
  });
});

describe('fewest open', () => {
  const cases: Array<{ given: string; openCounts: Record<string, number>; members: AssignableMember[]; expect: string }> = [
    { given: 'clear winner', openCounts: { a: 3, b: 1, c: 2 }, members: [here('a'), here('b'), here('c')], expect: 'b' },
    { given: 'a tie, broken by member order', openCounts: { a: 2, b: 1, c: 1 }, members: [here('a'), here('b'), here('c')], expect: 'b' },
    { given: 'no counts yet (all zero)', openCounts: {}, members: [here('a'), here('b')], expect: 'a' },
    { given: 'the least busy is absent', openCounts: { a: 3, b: 0, c: 2 }, members: [here('a'), away('b'), here('c')], expect: 'c' },
  ];
  it.each(cases)('with $given, picks $expect', ({ openCounts, members, expect: expected }) => {
    expect(pickAssignee({ strategy: 'fewest-open', members }, { openCounts }, []).assignee).toBe(expected);
  });

  it('explains the count', () => {
    const choice = pickAssignee({ strategy: 'fewest-open', members: [here('a'), here('b')] }, { openCounts: { a: 4, b: 2 } }, []);
    expect(choice.why).toBe('fewest open: b has 2 open, the fewest of 2 available members');
  });
});

describe('skills', () => {
  const members = [here('sun.hao', ['vpn', 'firewall']), here('zhou.min', ['WiFi', 'VPN']), away('qian.yu', ['vpn', 'wifi'])];
  const cases: Array<{ needs: string[]; openCounts: Record<string, number>; expect: string | null }> = [
    { needs: ['vpn'], openCounts: { 'sun.hao': 5, 'zhou.min': 2 }, expect: 'zhou.min' },
    { needs: ['vpn'], openCounts: { 'sun.hao': 1, 'zhou.min': 1 }, expect: 'sun.hao' },
    { needs: ['vpn', 'firewall'], openCounts: { 'sun.hao': 9 }, expect: 'sun.hao' },
    { needs: ['wifi', 'vpn'], openCounts: {}, expect: 'zhou.min' },
    { needs: [], openCounts: { 'sun.hao': 3, 'zhou.min': 2 }, expect: 'zhou.min' },
    { needs: ['oracle'], openCounts: {}, expect: null },
  ];
  it.each(cases)('needing [$needs] picks $expect', ({ needs, openCounts, expect: expected }) => {
    expect(pickAssignee({ strategy: 'skills', members }, { openCounts }, needs).assignee).toBe(expected);
  });

  it('explains who had the skills, and who could not be found', () => {
    expect(pickAssignee({ strategy: 'skills', members }, { openCounts: {} }, ['vpn', 'firewall']).why).toBe(
      'skills: sun.hao has vpn, firewall; fewest open: sun.hao has 0 open, the fewest of 1 qualified member',
    );
    expect(pickAssignee({ strategy: 'skills', members }, { openCounts: {} }, ['oracle']).why).toBe(
      'no available member has all of: oracle',
    );
  });
});

describe('nobody available', () => {
  it.each(['round-robin', 'fewest-open', 'skills'] as const)('%s returns null with a reason', (strategy) => {
    expect(pickAssignee({ strategy, members: [away('a'), away('b')] }, { openCounts: {} }, [])).toEqual({
      assignee: null,
      why: 'no member of the group is available',
    });
  });
});
