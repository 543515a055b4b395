// A service request's fulfilment checklist (catalogue.yaml `checklist`): engineers tick off their
// tasks, and when the last one is done the ticket resolves itself with a note listing the work,
// and the requester is told as with any resolution. Workflow code only; the tasks were fixed in
// the plan at open, so nothing here reads config. Tickets without tasks never reach this code.
import type { ClockEvent } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import { nextStatus } from '../ticket/lifecycle';
import type { TicketState, TicketTask } from '../ticket/state';
import type { RequesterNotices } from './requesterNotices';
import { iso, type TicketCore } from './ticketCore';

type CompleteTaskArgs = ActionArgs<'completeTask'>;

export interface ChecklistFlow {
  /** Throws (with a message for the caller) when this actor may not tick off this task now. */
  check(args: CompleteTaskArgs): void;
  /** Ticks the task off; resolves the ticket when it was the last one. */
  complete(args: CompleteTaskArgs): Promise<void>;
}

export function checklistFlow(core: TicketCore, deps: { requester: RequesterNotices }): ChecklistFlow {
  return {
    check(a) {
      const { state } = core;
      const tasks = state.tasks;
      if (!tasks?.length) throw new Error(`ticket ${state.number} has no checklist`);
      if (state.status === 'pending' && state.pendingReason === 'approval') throw new Error('the request is still waiting for approval');
      const task = tasks.find((t) => t.id === a.task);
      if (!task) throw new Error(`no task '${a.task}' on ${state.number} (tasks: ${tasks.map((t) => t.id).join(', ')})`);
      if (task.done) throw new Error(`task '${task.id}' was already done by ${task.done.by.id} at ${task.done.at}`);
      const allowed = a.actor.role === 'admin' || a.actor.id === state.assignee || task.members.includes(a.actor.id);
      if (!allowed) throw new Error(`task '${task.id}' is for ${task.group ? `the ${task.group} group` : `the ${state.group} group`} or the assignee`);
    },

    async complete(a) {
      const { state } = core;
      const task = state.tasks!.find((t) => t.id === a.task)!;
      task.done = { at: iso(Date.now()), by: a.actor, ...(a.note ? { note: a.note } : {}) };
      const from = state.status;
      state.status = nextStatus('completeTask', from);
      const left = state.tasks!.filter((t) => !t.done).length;
      core.record(a.actor, 'task-done', {
        ...(state.status !== from ? { from, to: state.status } : {}),
        reason: a.note,
        detail: { task: task.id, label: task.label.en, left },
      });
      if (left === 0) await resolveByChecklist(a.actor);
    },
  };

  async function resolveByChecklist(actor: CompleteTaskArgs['actor']): Promise<void> {
    const { state } = core;
    const from = state.status;
    state.status = 'resolved';
    state.pendingReason = undefined;
    const note = checklistResolutionNote(state.tasks!);
    state.resolution = { note, code: 'checklist', at: iso(Date.now()), by: actor };
    core.record(actor, 'resolve', { from, to: 'resolved', reason: 'every task of the checklist is done', detail: { code: 'checklist' } });
    deps.requester.notify('resolved', `resolved-${state.reopenCount}`);
    await core.refreshClocks(resolvingEvents(state));
  }
}

/** What the requester reads in the resolution: each task, who did it, and their note. */
export function checklistResolutionNote(tasks: readonly TicketTask[]): string {
  const lines = tasks.map((t) => `- ${t.label['zh-CN']} / ${t.label.en}: ${t.done?.by.id ?? '—'}${t.done?.note ? ` — ${t.done.note}` : ''}`);
  return ['已完成全部事项 / Every task is done:', ...lines].join('\n');
}

/** The clock events of a resolution (as the resolve action sends them). */
function resolvingEvents(state: TicketState): ClockEvent[] {
  const response = state.clocks.find((c) => c.name === 'response');
  return [
    ...(response && response.state !== 'met' ? [{ type: 'meet', clock: 'response' } as ClockEvent] : []),
    { type: 'meet', clock: 'resolution' },
    { type: 'stop', clock: 'update' },
  ];
}
