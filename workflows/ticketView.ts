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
    // Tickets opened before the service model were all incidents.
    type: rest.type ?? 'incident',
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
    ...(view.watchers?.length ? [`watchers ${view.watchers.map((w) => `${w.who} (${w.updates})`).join(', ')}`] : []),
    ...(view.followUp ? [`follow-up **${view.followUp.status}** · owner ${view.followUp.owner?.id ?? '—'} · due ${view.followUp.dueAt ?? '—'}`] : []),
    ...serviceRequestLines(view),
    ...milestoneLines(view),
    '',
    ...majorIncidentLines(view),
    '| clock | state | due | |',
    '|---|---|---|---|',
    clocks,
  ].join('\n');
}

/** The latest workaround or containment and the visit still to come, for the Temporal UI. */
function milestoneLines(view: TicketView): string[] {
  const lines: string[] = [];
  const workaround = view.workarounds?.at(-1);
  if (workaround) lines.push(`${workaround.kind} ${workaround.at}${workaround.metResolution ? ' (met the resolution clock)' : ''}: ${workaround.note.slice(0, 200)}`);
  const visit = view.visits?.find((v) => v.status === 'booked');
  if (visit) lines.push(`on-site visit **booked** for ${visit.scheduledAt} at ${visit.place} (${visit.site}) · engineer ${visit.engineer ?? '—'}`);
  return lines;
}

/** Major incidents (issue #12) in the Temporal UI: what it is, or what it is part of. */
function majorIncidentLines(view: TicketView): string[] {
  const mi = view.majorIncident;
  if (mi) {
    const linked = mi.linked.filter((l) => l.status === 'linked').map((l) => l.number);
    return [`**major incident** (${mi.status}): ${mi.reason} · ${linked.length} affected ticket(s)${linked.length ? `: ${linked.slice(0, 20).join(', ')}` : ''} · ${mi.broadcasts.length} update(s) sent`, ''];
  }
  return view.affectedBy ? [`part of the major incident **${view.affectedBy.number}** (${view.affectedBy.title})`, ''] : [];
}

/** A request's item, approval steps and checklist, for the Temporal UI's summary. */
function serviceRequestLines(view: TicketView): string[] {
  if (view.type !== 'request') return [];
  const lines = [`service request${view.request ? `: ${view.request.label.en} (${view.request.item})` : ''}`];
  for (const step of view.approvalSteps ?? [])
    lines.push(`- approval ${step.step + 1}: ${step.approver?.name ?? 'nobody'} — ${step.status}${step.decidedAt ? ` ${step.decidedAt}` : ''}`);
  if (view.tasks?.length) lines.push(`- tasks done ${view.tasks.filter((t) => t.done).length}/${view.tasks.length}`);
  return lines;
}
