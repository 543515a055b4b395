// The visibility query behind "fewest open": running tickets of one assignee that load them.
import { describe, expect, it } from 'vitest';
import { openTicketsQuery } from '../../routing/openTickets';

describe('counting an engineer’s open tickets', () => {
  const cases = [
    {
      given: 'a member id',
      assignee: 'chen.jie',
      expect: "WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND Assignee = 'chen.jie' AND TicketStatus IN ('assigned', 'in_progress', 'pending')",
    },
    {
      given: 'an id with a quote (config forbids it, the query must still not break out)',
      assignee: "o'brien",
      expect: "WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND Assignee = 'o''brien' AND TicketStatus IN ('assigned', 'in_progress', 'pending')",
    },
  ];
  it.each(cases)('for $given', ({ assignee, expect: expected }) => {
    expect(openTicketsQuery(assignee)).toBe(expected);
  });
});
