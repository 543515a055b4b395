// Turns the workflow's ticket state into the view queries and the API return, and the short
// markdown summary the Temporal UI shows as the workflow's current details.
import type { ClockView } from '../sla/clock';
import type { TicketState, TicketView } from '../ticket/state';

/** Clock views are computed by the clock activity; the workflow caches the last ones. */
export function toTicketView(state: TicketState, clockViews: ClockView[], slaComputedAt: string): TicketView {
  const { schedule, plan, ...rest } = state;
  return {
    ...rest,
    sla: clockViews,
    slaComputedAt,
    breached: clockViews.some((c) => c.breached),
    configVersion: plan.configVersion,
    slaPolicy: plan.slaPolicy,
    nextEscalation: schedule[0] ?? null,
  };
}

export function currentDetails(view: TicketView): string {
  const clocks = view.sla
    .map((c) => `| ${c.name} | ${c.state} | ${c.dueAt ?? '—'} | ${c.breached ? '**breached**' : 'ok'} |`)
    .join('\n');
  return [
    `**${view.number}** ${view.intake.title}`,
    '',
    `status **${view.status}** · ${view.priority} · ${view.category} · group ${view.group} · assignee ${view.assignee ?? '—'}${view.helpers?.length ? ` · helpers ${view.helpers.join(', ')}` : ''}`,
    `requester ${view.intake.requester.name} <${view.intake.requester.email}>`,
    '',
    '| clock | state | due | |',
    '|---|---|---|---|',
    clocks,
  ].join('\n');
}
