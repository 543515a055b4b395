// A new ticket as its plan makes it (ticket/newTicketState.ts).
import { describe, expect, it } from 'vitest';
import { newTicketState } from '../../ticket/newTicketState';
import type { TicketIntake } from '../../ticket/intake';
import type { TicketPlan } from '../../ticket/state';

const intake = { requester: { name: '张三', email: 'alice@corp.example' }, channel: 'api', title: '新员工入职', description: '' } as TicketIntake;
const base = { priority: 'P3', category: 'account', group: 'service-desk', assignee: null, clocks: {} } as unknown as TicketPlan;
const tasks = [{ id: 'accounts', label: { 'zh-CN': '开通账号', en: 'Accounts' }, members: ['wang.fang'] }];

describe('newTicketState', () => {
  const cases: Array<{ given: string; plan: TicketPlan; mail?: boolean; expected: Record<string, unknown>; absent: string[] }> = [
    { given: 'an unassigned incident of an older plan', plan: base, expected: { status: 'new', priority: 'P3', group: 'service-desk', assignee: null }, absent: ['type', 'request', 'tasks', 'mail'] },
    { given: 'a plan that names the assignee', plan: { ...base, assignee: 'li.na' }, expected: { status: 'assigned', assignee: 'li.na' }, absent: ['tasks'] },
    {
      given: 'a catalogue request with a checklist',
      plan: { ...base, type: 'request', request: { item: 'new-staff-setup', label: { 'zh-CN': '新员工入职', en: 'New staff' }, checklist: tasks } } as TicketPlan,
      expected: { type: 'request', request: { item: 'new-staff-setup', label: { 'zh-CN': '新员工入职', en: 'New staff' } }, tasks },
      absent: ['mail'],
    },
    {
      given: 'a request without tasks',
      plan: { ...base, type: 'request', request: { item: 'permission', label: { 'zh-CN': '权限', en: 'Permission' }, checklist: [] } } as TicketPlan,
      expected: { type: 'request' },
      absent: ['tasks'],
    },
    { given: 'a mail thread', plan: base, mail: true, expected: { mail: { subject: 'x' } }, absent: [] },
  ];
  it.each(cases)('$given', ({ plan, mail, expected, absent }) => {
    const state = newTicketState({ number: 'IT-000001', intake, plan, at: '2026-12-01T02:00:00.000Z', ...(mail ? { mail: { subject: 'x' } as never } : {}) });
    expect(state).toMatchObject({ number: 'IT-000001', createdAt: '2026-12-01T02:00:00.000Z', updatedAt: '2026-12-01T02:00:00.000Z', timeline: [], clocks: [], reopenCount: 0, ...expected });
    for (const key of absent) expect(state).not.toHaveProperty(key);
  });

  it('copies the planned tasks, so ticking one off never changes the plan', () => {
    const plan = { ...base, request: { item: 'x', label: { 'zh-CN': 'x', en: 'x' }, checklist: tasks } } as TicketPlan;
    const state = newTicketState({ number: 'IT-000002', intake, plan, at: '2026-12-01T02:00:00.000Z' });
    expect(state.tasks![0]).not.toBe(plan.request!.checklist[0]);
  });
});
