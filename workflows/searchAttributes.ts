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
  /** The response team besides the assignee (issue #12): each helper's queue lists the ticket. */
  helpers: defineSearchAttributeKey('TicketHelpers', SearchAttributeType.KEYWORD_LIST),
  /** `open` / `resolved` on a declared major incident; the major incident's number on a ticket linked to it. */
  majorIncident: defineSearchAttributeKey('MajorIncident', SearchAttributeType.KEYWORD),
} as const;

/** Temporal terminates a workflow that writes a Keyword over 2,048 bytes; stay well below. */
export const KEYWORD_MAX_BYTES = 1_000;

/**
 * A keyword value that fits: the API and the mail intake bound every input already, this is the
 * last line, so no value that slipped past can terminate a ticket. Cut on a code point boundary.
 */
export function fitKeyword(value: string): string {
  if (value.length * 3 <= KEYWORD_MAX_BYTES) return value; // fits even if every unit were 3 bytes
  let bytes = 0;
  let out = '';
  for (const char of value) {
    const size = char.codePointAt(0)! < 0x80 ? 1 : char.codePointAt(0)! < 0x800 ? 2 : char.codePointAt(0)! < 0x10000 ? 3 : 4;
    if (bytes + size > KEYWORD_MAX_BYTES) break;
    bytes += size;
    out += char;
  }
  return out;
}
