// A new ticket as its plan makes it: status, routing, and what a catalogue item brings (type,
// request, fulfilment tasks). Pure (test/unit/newTicketState.test.ts); the workflow adds its
// clocks, timeline and notices.
import type { TicketIntake } from './intake';
import type { TicketPlan, TicketState } from './state';

export function newTicketState(opening: { number: string; intake: TicketIntake; plan: TicketPlan; at: string; mail?: TicketState['mail'] }): TicketState {
  const { number, intake, plan, at, mail } = opening;
  return {
    number,
    intake,
    createdAt: at,
    updatedAt: at,
    status: plan.assignee ? 'assigned' : 'new',
    priority: plan.priority,
    category: plan.category,
    group: plan.group,
    assignee: plan.assignee,
    plan,
    clocks: [],
    schedule: [],
    comments: [],
    timeline: [],
    reopenCount: 0,
    escalations: [],
    ...(mail ? { mail } : {}),
    // Plans made before the service model carry no type: those tickets keep their old shape.
    ...(plan.type ? { type: plan.type } : {}),
    ...(plan.request ? { request: { item: plan.request.item, label: plan.request.label } } : {}),
    ...(plan.request?.checklist.length ? { tasks: plan.request.checklist.map((task) => ({ ...task })) } : {}),
  };
}
