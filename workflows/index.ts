// Every workflow the ticket worker registers.
export { ticketWorkflow } from './ticket';
export { ticketAftercareWorkflow } from './ticketAftercare';
export { openTicketWorkflow } from './openTicket';
export { mailboxWorkflow } from './mailbox';
