// What each role is answered with: staff see the whole ticket, a requester the requester view
// (ticket/requesterView.ts). Every route that returns a ticket or its SLA clocks answers
// through here, so no route can forget it. Lists hold only public fields (TicketSummary).
import type { SlaExplanation } from '../sla/explain';
import { requesterSlaExplanation, requesterView } from '../ticket/requesterView';
import type { TicketView } from '../ticket/state';
import type { Principal } from './auth';

export function ticketFor(principal: Principal, ticket: TicketView) {
  return principal.role === 'requester' ? requesterView(ticket) : ticket;
}

export function slaFor(principal: Principal, explained: SlaExplanation) {
  return principal.role === 'requester' ? requesterSlaExplanation(explained) : explained;
}
