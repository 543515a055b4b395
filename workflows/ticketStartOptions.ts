// What every ticket workflow starts with besides its input: its id, the search attributes the
// queues need before its first task runs, the memo and the summary the Temporal UI lists.
// Pure: used by the legacy intake workflow and by the desk's starter (temporal/ticketStarter.ts).
import type { TicketIntake } from '../ticket/intake';
import { ticketWorkflowId } from './messages';
import { TicketSearch } from './searchAttributes';

export function ticketStartOptions(number: string, intake: TicketIntake) {
  return {
    workflowId: ticketWorkflowId(number),
    typedSearchAttributes: [
      { key: TicketSearch.number, value: number },
      { key: TicketSearch.status, value: 'new' },
      { key: TicketSearch.requester, value: intake.requester.email },
    ],
    memo: { title: intake.title, requester: `${intake.requester.name} <${intake.requester.email}>` },
    staticSummary: `${number} ${intake.title}`.slice(0, 200),
  };
}
