// Message-ID handling: one normal form for ids we receive, and the desk's own outbound ids,
// which encode the ticket number so a reply threads even when the id index has no record of it.
import { formatTicketNumber } from './ticketTag';

export class InvalidDeskMessageIdInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDeskMessageIdInputError';
  }
}

/**
 * The normal form used everywhere in the desk (index keys, InboundMail fields, look-ups):
 * no angle brackets, no surrounding space, domain part lowercased (domains are
 * case-insensitive; the local part is kept as sent because it may be case-sensitive).
 * Returns null for a value that holds no id at all.
 */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  const bare = (bracketed ? bracketed[1] : value).replace(/\s+/g, '');
  if (!bare) return null;
  const at = bare.lastIndexOf('@');
  if (at < 0) return bare;
  return bare.slice(0, at) + '@' + bare.slice(at + 1).toLowerCase();
}

/**
 * All ids of a References-style header, oldest first as written. Ids are taken from
 * `<...>` groups, so missing separators (`<a@x><b@y>`) and comments are tolerated; a header
 * without brackets falls back to whitespace-separated tokens.
 */
export function parseMessageIdList(header: string | null | undefined): string[] {
  if (!header) return [];
  const bracketed = [...header.matchAll(/<([^<>]*)>/g)].map((m) => m[1]);
  const tokens = bracketed.length > 0 ? bracketed : header.split(/\s+/);
  const ids = tokens.map((t) => normaliseMessageId(t)).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

// Event keys end up in the local part of an address-like id, so only dot-atom-safe characters.
const EVENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const MAX_READABLE_EVENT_KEY = 100;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const DESK_LOCAL_PART = /^([a-z]{1,6}-\d+)\.(.+)$/i;

export interface DeskMessageIdInput {
  /** e.g. `IT-000123` (or `123`, formatted the same way) */
  ticketNumber: string | number;
  /** what the mail is about, unique within the ticket: `ack`, `comment-17`, `assigned-zhang.wei`; any text */
  eventKey: string;
  /** the desk's mail domain, e.g. `desk.example.com` */
  domain: string;
}

/**
 * The Message-ID of one outbound mail, e.g. `<it-000123.ack@desk.example.com>`.
 * Deterministic on purpose: a retried send reuses the id, so a recipient's client and the
 * desk's own intake see one message, not two. Any event key gives a valid RFC 5322 msg-id
 * (safeEventKey); only a ticket number or domain that is not one throws, and those come
 * from the desk itself.
 */
export function deskMessageId({ ticketNumber, eventKey, domain }: DeskMessageIdInput): string {
  const number = formatTicketNumber(ticketNumber);
  if (number === null) {
    throw new InvalidDeskMessageIdInputError(`not a ticket number: ${String(ticketNumber)}`);
  }
  const host = domain.trim().toLowerCase();
  if (!DOMAIN.test(host)) {
    throw new InvalidDeskMessageIdInputError(`not a mail domain: ${JSON.stringify(domain)}`);
  }
  return `<${number.toLowerCase()}.${safeEventKey(eventKey)}@${host}>`;
}

/**
 * An event key fit for the local part of a msg-id (dot-atom-text). Event keys carry names from
 * outside (`assigned-<member id>`), and a name such as `张伟`, one with a space, a NUL or a lone
 * surrogate made the id invalid and the send fail forever. A key that is already safe and short
 * stays as it is, so ids of mails sent before do not change; any other key keeps its safe
 * characters for the reader and gains a hash of the whole key, so different keys stay different.
 */
export function safeEventKey(eventKey: string): string {
  if (EVENT_KEY.test(eventKey) && eventKey.length <= MAX_READABLE_EVENT_KEY) return eventKey;
  const readable = eventKey.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 40);
  return `${readable || 'key'}.h${hashUtf16(eventKey)}`;
}

/**
 * 64 bits of FNV-1a over the UTF-16 code units (lone surrogates included, so no two strings
 * share an input), as 16 hex digits. Hand-written because this file also runs in the mailbox
 * workflow's sandbox, where node:crypto is not available; this is an id, not a secret.
 */
function hashUtf16(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    low ^= text.charCodeAt(i);
    // Multiply the 64-bit (high, low) by the FNV prime 0x100000001b3 = 2^40 + 0x1b3.
    const lowTimesPrime = Math.imul(low, 0x1b3);
    const carry = Math.floor(((low >>> 0) * 0x1b3) / 0x1_0000_0000);
    high = (Math.imul(high, 0x1b3) + carry + (low << 8)) | 0;
    low = lowTimesPrime;
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/**
 * The ticket number a desk-made Message-ID points to, or null when the id is not one of
 * ours (other domain, other shape). Accepts the id with or without angle brackets.
 */
export function ticketNumberFromDeskMessageId(id: string, deskDomains: readonly string[]): string | null {
  const normalised = normaliseMessageId(id);
  if (!normalised) return null;
  const at = normalised.lastIndexOf('@');
  if (at < 0) return null;
  const domain = normalised.slice(at + 1);
  if (!deskDomains.some((d) => d.trim().toLowerCase() === domain)) return null;
  const local = DESK_LOCAL_PART.exec(normalised.slice(0, at));
  return local ? formatTicketNumber(local[1]) : null;
}
