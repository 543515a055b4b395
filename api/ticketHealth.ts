// A ticket whose workflow cannot make progress: its workflow task fails again and again (a
// deploy whose code cannot replay the ticket's history, a bug that throws in workflow code).
// The workflow cannot answer for itself then, so the API shows what visibility still knows —
// the last published search attributes and memo — with the reason, instead of a 500.
import type { WorkflowExecutionDescription, WorkflowExecutionInfo } from '@temporalio/client';

/** Failed attempts of one workflow task before a ticket counts as stuck (one may be a crash). */
export const STUCK_AFTER_ATTEMPTS = 3;

export interface TicketSummary {
  number: string;
  title: string;
  requester: string;
  status: string;
  priority: string;
  category: string;
  group: string;
  assignee: string | null;
  slaResponseDue: string | null;
  slaResolutionDue: string | null;
  breached: boolean;
  /** Known for archived tickets and for open ones listed by period. */
  createdAt?: string;
  closedAt?: string | null;
  /** Where the entry came from: the search attributes of a workflow, or the sqlite archive. */
  source?: 'live' | 'archive';
}

export interface TicketHealth {
  state: 'stuck';
  /** Attempts of the workflow task that keeps failing. */
  attempts: number;
  /** Since when that task has been scheduled, ISO-8601. */
  since: string | null;
  reason: string;
}

export type StuckTicketView = TicketSummary & { createdAt: string; health: TicketHealth; temporal: { workflowId: string; runId: string } };

/** The ticket's row as the search attributes and memo show it. */
export function summaryFromExecution(execution: Pick<WorkflowExecutionInfo, 'typedSearchAttributes' | 'memo'>): TicketSummary {
  const attributes = execution.typedSearchAttributes.getAll();
  const get = (name: string) => attributes.find((pair) => pair.key.name === name)?.value as unknown;
  const date = (name: string) => {
    const value = get(name) as Date | undefined;
    return value ? new Date(value).toISOString() : null;
  };
  const memo = (execution.memo ?? {}) as { title?: string };
  return {
    number: String(get('TicketNumber') ?? ''),
    title: memo.title ?? '',
    requester: String(get('Requester') ?? ''),
    status: String(get('TicketStatus') ?? ''),
    priority: String(get('TicketPriority') ?? ''),
    category: String(get('TicketCategory') ?? ''),
    group: String(get('AssignmentGroup') ?? ''),
    assignee: (get('Assignee') as string | undefined) ?? null,
    slaResponseDue: date('SlaResponseDue'),
    slaResolutionDue: date('SlaResolutionDue'),
    breached: Boolean(get('SlaBreached')),
  };
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
