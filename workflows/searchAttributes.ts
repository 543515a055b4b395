// Typed keys of the custom search attributes (registered from temporal.yaml), shared by the
// workflow that writes them and the API that filters by them.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TicketSearch = {
  number: defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD),
  priority: defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD),
  category: defineSearchAttributeKey('TicketCategory', SearchAttributeType.KEYWORD),
  group: defineSearchAttributeKey('AssignmentGroup', SearchAttributeType.KEYWORD),
  assignee: defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD),
  requester: defineSearchAttributeKey('Requester', SearchAttributeType.KEYWORD),
  responseDue: defineSearchAttributeKey('SlaResponseDue', SearchAttributeType.DATETIME),
  resolutionDue: defineSearchAttributeKey('SlaResolutionDue', SearchAttributeType.DATETIME),
  breached: defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL),
} as const;
