// Where a notice of a ticket sits in the ticket's mail thread: its own Message-ID (fixed per
// event, so a retry reuses it) and the In-Reply-To / References that put it under the
// requester's conversation. Pure; the requester's and the watchers' notices share it, so a
// watcher's client threads the ticket exactly as the requester's does.
import { deskMessageId } from './messageId';

// References grow with every reply; clients need the root and the nearest ancestors, not all.
const MAX_REFERENCES = 10;

/** The thread as a notice snapshot carries it (RequesterMailInput['ticket']['mail']). */
export interface NoticeThread {
  /** null while the requester has not written to us: the desk's acknowledgement is the root */
  sourceMessageId: string | null;
  references: string[];
  lastInboundMessageId: string | null;
}

export interface ThreadHeaders {
  /** `<…>` */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export function noticeThreadHeaders(input: { ticketNumber: string; eventKey: string; domain: string; thread: NoticeThread }): ThreadHeaders {
  const { ticketNumber, eventKey, domain, thread: mail } = input;
  const messageId = deskMessageId({ ticketNumber, eventKey, domain });
  // Without a mail from the requester, our acknowledgement is the root every later mail answers.
  const root = mail.sourceMessageId ?? deskMessageId({ ticketNumber, eventKey: 'ack', domain }).slice(1, -1);
  const parent = mail.lastInboundMessageId ?? root;
  const thread = [...mail.references, root, parent].filter((id) => `<${id}>` !== messageId);
  const references = [...new Set(thread)].slice(-MAX_REFERENCES).map((id) => `<${id}>`);
  return {
    messageId,
    ...(`<${parent}>` !== messageId ? { inReplyTo: `<${parent}>` } : {}),
    ...(references.length ? { references } : {}),
  };
}
