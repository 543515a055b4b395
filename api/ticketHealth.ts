// A ticket whose workflow cannot make progress: its workflow task fails again and again (a
// deploy whose code cannot replay the ticket's history, a bug that throws in workflow code).
// The workflow cannot answer for itself then, so the API shows what visibility still knows —
// the last published search attributes and memo — with the reason, instead of a 500.
import type { WorkflowExecutionDescription, WorkflowExecutionInfo } from '@temporalio/client';
import type { TicketSummary } from '../ticket/summary';

/** Failed attempts of one workflow task before a ticket counts as stuck (one may be a crash). */
export const STUCK_AFTER_ATTEMPTS = 3;

export type { TicketSummary } from '../ticket/summary';

export interface TicketHealth {
  state: 'stuck';
  /** Attempts of the workflow task that keeps failing. */
  attempts: number;
  /** Since when that task has been scheduled, ISO-8601. */
  since: string | null;
  reason: string;
}

export type StuckTicketView = TicketSummary & { createdAt: string; health: TicketHealth; temporal: { workflowId: string; runId: string } };

/**
 * The ticket's row as its search attributes and memo show it, from a look-up of each by name
 * (the SDK's typed attributes, or the raw listing the queues read for speed).
 */
export function ticketSummary(attribute: (name: string) => unknown, title: unknown): TicketSummary {
  const date = (name: string) => {
    const value = attribute(name);
    return value instanceof Date || (typeof value === 'string' && value) ? new Date(value).toISOString() : null;
  };
  return {
    number: String(attribute('TicketNumber') ?? ''),
    title: typeof title === 'string' ? title : '',
    requester: String(attribute('Requester') ?? ''),
    status: String(attribute('TicketStatus') ?? ''),
    priority: String(attribute('TicketPriority') ?? ''),
    category: String(attribute('TicketCategory') ?? ''),
    group: String(attribute('AssignmentGroup') ?? ''),
    assignee: (attribute('Assignee') as string | undefined) ?? null,
    slaResponseDue: date('SlaResponseDue'),
    slaResolutionDue: date('SlaResolutionDue'),
    breached: attribute('SlaBreached') === true,
  };
}

/** The ticket's row from a described or listed execution (typed attributes, decoded memo). */
export function summaryFromExecution(execution: Pick<WorkflowExecutionInfo, 'typedSearchAttributes' | 'memo'>): TicketSummary {
  const attributes = execution.typedSearchAttributes.getAll();
  return ticketSummary((name) => attributes.find((pair) => pair.key.name === name)?.value, (execution.memo as { title?: unknown } | undefined)?.title);
}

/** The attempts of the running execution's failing workflow task, or 0 when none is failing. */
export function failingTaskAttempts(description: WorkflowExecutionDescription): number {
  if (description.status.name !== 'RUNNING') return 0;
  const attempts = description.raw.pendingWorkflowTask?.attempt ?? 0;
  return attempts >= STUCK_AFTER_ATTEMPTS ? attempts : 0;
}

export function stuckTicketView(description: WorkflowExecutionDescription, failure: string): StuckTicketView {
  const scheduled = description.raw.pendingWorkflowTask?.originalScheduledTime ?? description.raw.pendingWorkflowTask?.scheduledTime;
  const seconds = scheduled?.seconds ? Number(scheduled.seconds) : undefined;
  return {
    ...summaryFromExecution(description),
    createdAt: description.startTime.toISOString(),
    health: {
      state: 'stuck',
      attempts: failingTaskAttempts(description),
      since: seconds ? new Date(seconds * 1000).toISOString() : null,
      reason: `the ticket's workflow cannot make progress (${failure.split('\n')[0].slice(0, 500)}); operators: see docs/operations.md`,
    },
    temporal: { workflowId: description.workflowId, runId: description.runId },
  };
}
