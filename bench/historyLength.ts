// History length of a ticket that stays open through 100 updates (public comments, internal
// notes and priority changes), and whether it continued as new. Run: npx tsx bench/historyLength.ts [updates=100]
import { getTicketQuery, ticketUpdates, ticketWorkflowId } from '../workflows/messages';
import { startBenchDesk } from './support/benchDesk';

const UPDATES = Number(process.argv[2] ?? 100);
const desk = await startBenchDesk('history', {});
const agent = { role: 'agent', id: 'li.na' } as const;

try {
  const { ticket } = await desk.tickets.create({
    requester: { name: '张三', email: 'alice@corp.example', department: '财务部', employeeId: 'E1001', phone: '8001' },
    channel: 'api', title: '报销系统偶尔超时', description: 'history bench', category: 'business-app', priority: 'P3',
  } as never);
  const priorities = ['P2', 'P3'];
  const t0 = Date.now();
  for (let i = 0; i < UPDATES; i++) {
    if (i % 5 === 4) await desk.tickets.act(ticket.number, ticketUpdates.changePriority, { actor: agent, priority: priorities[(i / 5) % 2 | 0], reason: `re-assessed #${i}` });
    else if (i % 2) await desk.tickets.act(ticket.number, ticketUpdates.comment, { actor: agent, body: `内部备注 #${i}`, visibility: 'internal' });
    else await desk.tickets.act(ticket.number, ticketUpdates.comment, { actor: agent, body: `进展更新 #${i}`, visibility: 'public' });
  }
  const handle = desk.client.workflow.getHandle(ticketWorkflowId(ticket.number));
  const view = await handle.query(getTicketQuery);
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const description = await handle.describe();
  const continued = events.some((e) => e.workflowExecutionContinuedAsNewEventAttributes) || Boolean(description.raw.workflowExecutionInfo?.firstRunId && description.runId !== description.raw.workflowExecutionInfo.firstRunId);
  console.log(`${UPDATES} updates in ${Date.now() - t0} ms; ticket ${ticket.number} is ${view.status}, ${view.comments.length} comments, ${view.timeline.length} timeline entries`);
  console.log(`history of the current run: ${events.length} events, ${description.historyLength} by describe, ${description.raw.workflowExecutionInfo?.historySizeBytes} bytes`);
  console.log(`continued as new: ${continued ? 'yes' : 'no'} (the workflow continues as new when the server suggests it, ~4K events / 4 MB by default)`);
} finally {
  await desk.stop();
}
