// The ticket tag in mail subjects (`[IT-000123]`): finding it in whatever a mail client made
// of the subject, and adding it to outbound subjects exactly once.

export const TICKET_PREFIX = 'IT';
const TICKET_DIGITS = 6;

/**
 * The canonical ticket number (`IT-000123`) for `IT-000123`, `it-123`, `123` or 123;
 * null for anything else. Short numbers are zero-padded to six digits, longer ones kept.
 */
export function formatTicketNumber(value: string | number): string | null {
  // The desk's prefix is configurable (desk.yaml ticketPrefix); a number that names its
  // prefix keeps it, a bare number gets the default one.
  const match = /^\s*(?:([a-z]{1,6})\s*[-_]?\s*)?(\d{1,12})\s*$/i.exec(String(value));
  if (!match) return null;
  const digits = String(Number(match[2]));
  if (digits === '0') return null;
  return `${(match[1] ?? TICKET_PREFIX).toUpperCase()}-${digits.padStart(TICKET_DIGITS, '0')}`;
}

// Brackets: ASCII [] (full-width ［］ become ASCII under NFKC), CJK 【】 〔〕 〖〗.
// Separators: none, space, "-" or "_" (full-width forms fold to ASCII under NFKC too).
const TAG = /[[【〔〖]\s*IT\s*[-_]?\s*(\d{1,12})\s*[\]】〕〗]/i;

/**
 * The ticket number tagged in a subject, or null. Reply/forward prefixes (`Re:`, `回复：`,
 * `答复:`, `转发:`, `Fwd:` ...) need no special handling because the tag is searched
 * anywhere; when a subject carries several tags the first (outermost, newest) wins.
 */
export function findTicketTag(subject: string | null | undefined, prefix: string = TICKET_PREFIX): string | null {
  if (!subject) return null;
  const match = tagPattern(prefix).exec(subject.normalize('NFKC'));
  return match ? formatTicketNumber(`${prefix}-${match[1]}`) : null;
}

// The desk's prefix is configurable (desk.yaml ticketPrefix), so the tag pattern is built per prefix.
function tagPattern(prefix: string): RegExp {
  if (prefix.toUpperCase() === TICKET_PREFIX) return TAG;
  if (!/^[A-Za-z]{1,6}$/.test(prefix)) throw new InvalidTicketNumberError(prefix);
  return new RegExp(TAG.source.replace('IT', prefix), 'i');
}

// Leading reply/forward markers of Western and Chinese clients, possibly repeated or counted
// (`Re[2]:`), with ASCII or full-width colons.
const REPLY_PREFIXES =
  /^(?:\s*(?:re|fw|fwd|aw|wg|sv|vs|antw|回复|回覆|答复|答覆|转发|轉發|轉寄)\s*(?:\[\d+\]|\(\d+\))?\s*[:：])+\s*/i;

export class InvalidTicketNumberError extends Error {
  constructor(value: string | number) {
    super(`not a ticket number: ${String(value)}`);
    this.name = 'InvalidTicketNumberError';
  }
}

/**
 * The subject with the ticket's tag, added once: a subject already tagged with this ticket
 * (in any bracket style) is returned unchanged. The tag goes after any reply/forward
 * prefixes so clients still show `Re: [IT-000123] ...`.
 */
export function tagSubject(ticketNumber: string | number, subject: string | null | undefined): string {
  const number = formatTicketNumber(ticketNumber);
  if (number === null) throw new InvalidTicketNumberError(ticketNumber);
  const text = (subject ?? '').trim();
  if (findTicketTag(text) === number) return text;
  const tag = `[${number}]`;
  const prefix = REPLY_PREFIXES.exec(text)?.[0] ?? '';
  const rest = text.slice(prefix.length);
  const joined = [prefix.trimEnd(), tag, rest].filter((part) => part !== '').join(' ');
  return joined;
}
