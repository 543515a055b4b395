// Turns a ticket as an admin describes it (a test case's `given`, or `itdesk route` flags) into
// the intake the desk routes, filling the requester from directory.yaml when the address is known.
import type { DirectoryPerson } from '../config/schema/directory';
import type { RoutableTicket } from '../routing';
import type { TicketIntake } from '../ticket/intake';

/** Stands in for a requester the admin did not name; never a deliverable address. */
export const ANONYMOUS_REQUESTER = 'requester@example.invalid';

// What the admin wrote wins over the directory, so a case can say "same person, but VIP".
export function intakeForRoutable(ticket: RoutableTicket, person?: DirectoryPerson): TicketIntake {
  const email = (ticket.requester.email ?? person?.email ?? ANONYMOUS_REQUESTER).toLowerCase();
  return {
    requester: {
      name: person?.name ?? email,
      email,
      department: ticket.requester.department ?? person?.department,
      employeeId: person?.employeeId,
      phone: person?.phone,
      vip: ticket.requester.vip ?? person?.vip,
      language: person?.language,
    },
    channel: ticket.channel,
    title: ticket.title,
    description: ticket.description,
    category: ticket.category,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priority: ticket.priority,
    mailbox: ticket.mailbox,
    affectedSystem: ticket.affectedSystem,
    location: ticket.requester.location ?? person?.location,
  };
}
