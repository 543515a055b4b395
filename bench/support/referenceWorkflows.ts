// The raw reference of bench/ticketCost.ts: the smallest ticket-shaped thing Temporal can do —
// an intake that starts a child which runs three activities and upserts search attributes twice.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild, upsertSearchAttributes } from '@temporalio/workflow';

const status = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
const priority = defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD);

const act = proxyActivities<{ step(input: string): Promise<string> }>({ startToCloseTimeout: '30s' });

export async function referenceIntake(id: string): Promise<string> {
  await startChild(referenceTicket, { workflowId: `reference-ticket-${id}`, args: [id], parentClosePolicy: ParentClosePolicy.ABANDON });
  return id;
}

export async function referenceTicket(id: string): Promise<void> {
  const plan = await act.step(`plan ${id}`);
  upsertSearchAttributes([{ key: priority, value: 'P3' }, { key: status, value: 'assigned' }]);
  await act.step(`assign ${plan}`);
  await act.step(`ack ${plan}`);
  upsertSearchAttributes([{ key: status, value: 'in_progress' }]);
}
