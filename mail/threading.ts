// Decides whether a received mail belongs to an existing ticket or opens a new one.
// Order: subject tag, then In-Reply-To, then References (newest first).
import type { InboundMail } from './inboundMail';
import { ticketNumberFromDeskMessageId } from './messageId';
import { findTicketTag } from './ticketTag';

export interface ThreadingLookup {
  /** the ticket a Message-ID (normal form) was sent or received for, if the desk knows it */
  ticketByMessageId: (id: string) => string | null;
}

export type ThreadingDecision =
  | {
      kind: 'existing';
      ticketNumber: string;
      via: 'subject-tag' | 'in-reply-to' | 'references' | 'desk-message-id';
      /** the referenced Message-ID that matched; absent for a subject tag */
      matchedMessageId?: string;
    }
  | { kind: 'new' };

export function decideThreading(
  mail: Pick<InboundMail, 'subject' | 'inReplyTo' | 'references'>,
  lookup: ThreadingLookup,
  deskDomains: readonly string[],
  /** the desk's ticket prefix (desk.yaml ticketPrefix); `IT` when not given */
  ticketPrefix?: string,
): ThreadingDecision {
  const tagged = findTicketTag(mail.subject, ticketPrefix);
  if (tagged) return { kind: 'existing', ticketNumber: tagged, via: 'subject-tag' };

  // References lists the oldest first; the newest reference is the nearest ancestor.
  const candidates: Array<{ id: string; via: 'in-reply-to' | 'references' }> = [
    ...(mail.inReplyTo ? [{ id: mail.inReplyTo, via: 'in-reply-to' as const }] : []),
    ...[...mail.references].reverse().map((id) => ({ id, via: 'references' as const })),
  ];
  for (const { id, via } of candidates) {
    // The index is authoritative (it knows received mails and merged tickets); decoding our own
    // id format is the fallback for a send the index has not recorded.
    const indexed = lookup.ticketByMessageId(id);
    if (indexed) return { kind: 'existing', ticketNumber: indexed, via, matchedMessageId: id };
    const decoded = ticketNumberFromDeskMessageId(id, deskDomains);
    if (decoded) return { kind: 'existing', ticketNumber: decoded, via: 'desk-message-id', matchedMessageId: id };
  }
  return { kind: 'new' };
}
