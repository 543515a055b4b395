// Recognises a bounce of the desk's own mail and reads what it says: who could not be reached,
// why, and which mail of the desk bounced. Mail servers bounce in many shapes: RFC 3464 reports
// (message/delivery-status with the original as message/rfc822 or text/rfc822-headers), the
// original attached to a plain mail (Exchange), quoted in the text (qmail, Chinese providers'
// 系统退信), or only named by In-Reply-To/References.
// Pure (the mailbox workflow imports the triage types): the report parts are read by
// mail/reportParts.ts while the mail is parsed.
import { localPartOf, normaliseAddress } from './address';
import type { AutomationVerdict } from './automation';
import type { MailReport } from './inboundMail';
import { normaliseMessageId } from './messageId';

/** A recognised bounce, as the mailbox hands it to the ticket of the mail that bounced. */
export interface Bounce {
  /** the address that could not be reached; '' when the bounce names none */
  recipient: string;
  /** enhanced status code (RFC 3463), e.g. `5.1.1` */
  status?: string;
  /** the receiving server's words, e.g. `550 5.1.1 User unknown` */
  diagnostic?: string;
  /** the bounced mail's Message-ID candidates, most reliable first (normal form) */
  originalMessageIds: string[];
}

const MAX_DIAGNOSTIC = 500;
// Signs that the machine writing is a mail server reporting on delivery. A null return path is
// not one: RFC 3834 asks auto-replies to use it too, and an out-of-office is no bounce.
const BOUNCE_SIGNS = new Set(['delivery-report', 'system-sender', 'bounce-subject']);
const AUTO_REPLY_SIGNS = new Set(['auto-reply-subject', 'x-autoreply', 'x-autorespond']);
// A quoted header line of the original in the text (qmail, Chinese providers).
const QUOTED_MESSAGE_ID = /^[ \t>]*Message-ID[ \t]*:[ \t]*(<[^<>\s]+>)/gim;
const ADDRESS_IN_TEXT = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ENHANCED_STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
// The line that says why: an SMTP reply (`550 …`) or an enhanced status code (`#5.1.1`).
const DIAGNOSTIC_LINE = /^.*(?:\b[45]\d\d[ -]\S|\b[45]\.\d{1,3}\.\d{1,3}\b).*$/m;

export interface BounceInput {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
  headers: { reportType: string | null };
  report: MailReport | null;
}

export interface BounceContext {
  automation: Pick<AutomationVerdict, 'automated' | 'reasons'>;
  /** the desk's own addresses: never the recipient that bounced */
  deskAddresses: readonly string[];
}

/**
 * The bounce a mail is, or null when it is none: not automated, not from a mail server, a read
 * receipt, or a report that nothing failed (a delay warning).
 */
export function recogniseBounce(mail: BounceInput, { automation, deskAddresses }: BounceContext): Bounce | null {
  if (!automation.automated || !automation.reasons.some((r) => BOUNCE_SIGNS.has(r)) || automation.reasons.some((r) => AUTO_REPLY_SIGNS.has(r))) return null;
  if (mail.headers.reportType !== null && mail.headers.reportType !== 'delivery-status') return null; // read receipts and the like
  const statuses = mail.report?.deliveryStatus ?? [];
  const failed = statuses.filter((s) => s.action === 'failed' || (s.action === null && s.status?.startsWith('5')));
  if (statuses.length > 0 && failed.length === 0) return null; // delayed, relayed, delivered: nothing bounced

  const quoted = [...mail.text.matchAll(QUOTED_MESSAGE_ID)].map((m) => m[1]);
  const originalMessageIds = [
    ...new Set(
      [
        ...(mail.report?.embedded ?? []).map((e) => e.messageId),
        ...quoted.map((id) => normaliseMessageId(id)),
        mail.inReplyTo,
        ...[...mail.references].reverse(),
      ].filter((id): id is string => id !== null && id !== mail.messageId),
    ),
  ];

  const first = failed[0];
  const desk = new Set(deskAddresses.map((a) => normaliseAddress(a) ?? a.toLowerCase()));
  const recipient = first?.recipient ?? recipientInText(mail.text, desk) ?? mail.report?.embedded.flatMap((e) => e.to)[0] ?? '';
  const status = first?.status ?? ENHANCED_STATUS.exec(mail.text)?.[1];
  const diagnostic = (first?.diagnostic ?? DIAGNOSTIC_LINE.exec(mail.text)?.[0])?.replace(/\s+/g, ' ').trim().slice(0, MAX_DIAGNOSTIC);
  return { recipient, ...(status ? { status } : {}), ...(diagnostic ? { diagnostic } : {}), originalMessageIds };
}

/** The first address in the bounce text that is neither the desk's nor a mail server's. */
function recipientInText(text: string, desk: ReadonlySet<string>): string | null {
  for (const match of text.matchAll(ADDRESS_IN_TEXT)) {
    const address = normaliseAddress(match[0]);
    if (address && !desk.has(address) && !['mailer-daemon', 'postmaster'].includes(localPartOf(address))) return address;
  }
  return null;
}
