// Who wrote a mail, recovered the way a person reading it would: the first usable address of the
// From headers (a broken first From does not hide a good second one), else of Reply-To (where a
// reply from the person's own client would go), else of Sender.
import { parseAddressHeader, type EmailAddress } from 'mailparser';
import { normaliseAddress } from './address';
import type { MailAddress } from './inboundMail';
import { rawHeaderValues, type RawHeaderLine } from './rawHeader';

export type SenderSource = 'from' | 'reply-to' | 'sender';

export interface RecoveredSender {
  /** the sender, its address in normal form (mail/address.ts); null when no header names one */
  from: MailAddress | null;
  fromSource: SenderSource | null;
  /** the first From entry as written (address not checked), for loop checks and failure reasons */
  fromAsWritten: MailAddress | null;
}

const SOURCES: ReadonlyArray<[header: string, source: SenderSource]> = [
  ['from', 'from'],
  ['reply-to', 'reply-to'],
  ['sender', 'sender'],
];

export function recoverSender(lines: readonly RawHeaderLine[]): RecoveredSender {
  const written = entries(rawHeaderValues(lines, 'from'))[0];
  const fromAsWritten = written ? { name: written.name.trim(), address: (written.address ?? '').trim().toLowerCase() } : null;
  for (const [header, source] of SOURCES) {
    for (const entry of entries(rawHeaderValues(lines, header))) {
      const address = normaliseAddress(entry.address);
      if (address) return { from: { name: entry.name.trim(), address }, fromSource: source, fromAsWritten };
    }
  }
  return { from: null, fromSource: null, fromAsWritten };
}

/** The mailboxes of header values, groups flattened; each value parsed on its own. */
function entries(values: string[]): EmailAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((e) => (e.group ? flat(e.group) : [e]));
  return values.flatMap((value) => flat(parseAddressHeader(value).value));
}

/** Addresses of a list header (To, Cc, Reply-To) in normal form; unusable entries left out. */
export function addressList(lines: readonly RawHeaderLine[], header: string): MailAddress[] {
  return entries(rawHeaderValues(lines, header)).flatMap((e) => {
    const address = normaliseAddress(e.address);
    return address ? [{ name: e.name.trim(), address }] : [];
  });
}
