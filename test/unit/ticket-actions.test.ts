// The action contracts: one schema per action gives the API body and the update's argument.
import { describe, expect, it } from 'vitest';
import { actionByRoute, ticketActions, type TicketActionName } from '../../ticket/actions';
import { argumentProblem } from '../../ticket/argumentCheck';

const agent = { role: 'agent', id: 'li.na' } as const;

describe('actionByRoute', () => {
  const cases: Array<{ given: string; expect: TicketActionName | undefined }> = [
    { given: 'assign', expect: 'assign' },
    { given: 'comments', expect: 'comment' },
    { given: 'priority', expect: 'changePriority' },
    { given: 'category', expect: 'changeCategory' },
    { given: 'approval', expect: 'decideApproval' },
    { given: 'comment', expect: undefined }, // the update's name is not a route
    { given: 'constructor', expect: undefined },
    { given: '__proto__', expect: undefined },
    { given: 'toString', expect: undefined },
    { given: 'hasOwnProperty', expect: undefined },
  ];
  it.each(cases)('$given → $expect', ({ given, expect: expected }) => expect(actionByRoute(given)).toBe(expected));

  it('gives every action its own route and update name', () => {
    const routes = Object.values(ticketActions).map((a) => a.route);
    expect(new Set(routes).size).toBe(routes.length);
    for (const [name, spec] of Object.entries(ticketActions)) expect(spec.update).toBe(name);
  });
});

describe('argumentProblem', () => {
  const cases: Array<{ name: TicketActionName; args: unknown; problem: RegExp | undefined }> = [
    { name: 'assign', args: { actor: agent, assignee: 'wu.qiang' }, problem: undefined },
    { name: 'assign', args: { actor: agent }, problem: /give group and\/or assignee/ },
    { name: 'assign', args: { actor: agent, assignee: '张伟' }, problem: /assignee: a member id/ },
    { name: 'assign', args: { actor: agent, assignee: 'x'.repeat(2049) }, problem: /assignee/ },
    { name: 'assign', args: { actor: agent, group: 'constructor ' }, problem: /group: a group id/ },
    { name: 'respond', args: { actor: agent, message: '   ' }, problem: /message/ },
    { name: 'respond', args: { message: '已收到' }, problem: /actor/ },
    { name: 'comment', args: { actor: agent, body: '备注', visibility: 'secret' }, problem: /visibility/ },
    { name: 'comment', args: { actor: agent, body: '备注' }, problem: undefined }, // public by default
    { name: 'changePriority', args: { actor: agent, priority: 'P0', reason: '影响面扩大' }, problem: /priority: a priority such as P2/ },
    { name: 'pend', args: { actor: agent, reason: 'lunch', note: '午休' }, problem: /reason/ },
    { name: 'close', args: { actor: agent, confirmation: 'agent-on-behalf', note: '电话确认' }, problem: undefined },
    { name: 'close', args: { actor: agent, note: '电话确认' }, problem: /confirmation/ },
    { name: 'rate', args: { actor: { role: 'requester', id: 'alice@corp.example' }, rating: 'great' }, problem: /rating/ },
    { name: 'decideApproval', args: { actor: agent, decision: 'maybe' }, problem: /decision/ },
    { name: 'cancel', args: { actor: { role: 'root', id: 'x' }, reason: '重复' }, problem: /actor\.role/ },
    { name: 'resolve', args: { actor: agent, resolutionNote: '已更换', extra: 1 }, problem: /extra|Unrecognized/i },
  ];
  it.each(cases)('$name $args', ({ name, args, problem }) => {
    const found = argumentProblem(name, args);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('checks the same body the API takes, plus the actor', () => {
    const body = { resolutionNote: '更换证书后恢复', code: 'fixed' };
    expect(ticketActions.resolve.body.safeParse(body).success).toBe(true);
    expect(ticketActions.resolve.body.safeParse({ ...body, actor: agent }).success).toBe(false); // callers never name the actor
    expect(argumentProblem('resolve', { ...body, actor: agent })).toBeUndefined();
  });
});
