// Turns one parsed mail into what the mailbox workflow needs to decide on it: who wrote it (from
// the directory), whether it is automated, whether the sender may open tickets, and the texts.
// Pure: the activity that fetched the mail calls it, so config is read there, not in the workflow.
import type { DirectoryConfig } from '../config/schema/directory';
import { findPerson } from '../config/schema/directory';
import type { Requester } from '../ticket/intake';
import { INTAKE_LIMITS } from '../ticket/intakeLimits';
import { normaliseAddress } from './address';
import { recogniseBounce, type Bounce } from './bounce';
import { spamReasons, type SpamReason } from './spam';
import { classifyAutomation, type AutomationOverrideSchema, type AutomationReason } from './automation';
import type { InboundMail } from './inboundMail';
import { trimQuotedReply } from './quote';
import { decideSender, type SenderDecision } from './senderPolicy';
import type { z } from 'zod';

export interface TriageRules {
  deskAddresses: string[];
  deskDomains: string[];
  automationOverrides: Array<z.infer<typeof AutomationOverrideSchema>>;
  allowDomains: string[];
  denyPatterns: string[];
  allowPatterns: string[];
}

/**
 * Attachment metadata kept on the ticket. The content is in the attachment store under `sha256`
 * when `stored` (mail/attachmentStore.ts), never in the workflow history.
 */
export interface MailAttachmentMeta {
  filename: string | null;
  contentType: string;
  sizeBytes: number;
  inline: boolean;
  sha256: string;
  tooLarge: boolean;
  /**
   * Set by the fetch activity (mail/keepAttachments.ts). Optional because histories recorded
   * before attachments were stored lack it: there the content is only in the processed folder.
   */
  stored?: boolean;
  /** Why the content was not stored, e.g. "larger than the limit of 10485760 bytes". */
  notStoredReason?: string;
}

export interface TriagedMail {
  kind: 'mail';
  uid: number;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  /** the whole text (for a new ticket's description) */
  text: string;
  /** the text without quoted history (for a comment); absent when it equals `text` */
  replyText?: string;
  textFromHtml: boolean;
  requester: Requester;
  automation: { automated: boolean; reasons: AutomationReason[]; overriddenBy?: string };
  /**
   * Marked as spam by the filter in front of the mailbox (mail/spam.ts). Absent in fetch results
   * recorded before spam was recognised, which the workflow therefore handles as it did then.
   */
  spam?: { reasons: SpamReason[] };
  /** A bounce of a mail (mail/bounce.ts); absent, like `spam`, in older recorded results. */
  bounce?: Bounce;
  sender: SenderDecision;
  attachments: MailAttachmentMeta[];
  receivedAt: string;
}

export interface UnusableMail {
  kind: 'unusable';
  uid: number;
  messageId: string | null;
  reason: string;
}

export type MailTriage = TriagedMail | UnusableMail;

// Limits of the intake schema (ticket/intake.ts): longer texts are cut, not refused.
const MAX_TITLE = INTAKE_LIMITS.title;
const MAX_DESCRIPTION = INTAKE_LIMITS.description;

export function triageMail(
  mail: InboundMail,
  uid: number,
  internalDate: Date,
  rules: TriageRules,
  directory: DirectoryConfig | undefined,
): MailTriage {
  // Automated mail first: a bounce from `MAILER-DAEMON` (no domain) or a mail with an empty
  // return path is set aside as what it is, not parked as a mail without a sender.
  const automation = classifyAutomation(mail, {
    deskAddresses: rules.deskAddresses,
    deskDomains: rules.deskDomains,
    overrides: rules.automationOverrides,
  });
  // parseInboundMail recovered the sender (From, else Reply-To, else Sender) in the normal form
  // ticket creation accepts (mail/address.ts).
  const spam = spamReasons(mail.headers);
  const bounce = recogniseBounce(mail, { automation, deskAddresses: rules.deskAddresses });
  const address = normaliseAddress(mail.from?.address) ?? '';
  if (!address && !automation.automated && spam.length === 0) {
    const written = mail.fromAsWritten?.address || mail.fromAsWritten?.name || mail.from?.address;
    return { kind: 'unusable', uid, messageId: mail.messageId, reason: written ? `sender address '${written}' is not usable` : 'the mail has no sender address (From)' };
  }
  const person = address ? findPerson(directory, address) : undefined;
  const requester: Requester = {
    // An automated mail without a usable sender still gets a name (it never reaches a ticket).
    name: (
      (person?.name ?? mail.from?.name ?? '').trim() || address || mail.fromAsWritten?.name || mail.fromAsWritten?.address || 'unknown sender'
    ).slice(0, INTAKE_LIMITS.name),
    email: address,
    ...(person?.department ? { department: person.department } : {}),
    ...(person?.employeeId ? { employeeId: person.employeeId } : {}),
    ...(person?.phone ? { phone: person.phone } : {}),
    ...(person?.vip ? { vip: true } : {}),
    ...(person?.language ? { language: person.language } : {}),
  };
  const text = mail.text.trim().slice(0, MAX_DESCRIPTION);
  const replyText = trimQuotedReply(mail.text).trim().slice(0, MAX_DESCRIPTION);
  return {
    kind: 'mail',
    uid,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    subject: mail.subject.slice(0, MAX_TITLE),
    text,
    ...(replyText !== text ? { replyText } : {}),
    textFromHtml: mail.textFromHtml,
    requester,
    automation,
    ...(spam.length ? { spam: { reasons: spam } } : {}),
    ...(bounce ? { bounce } : {}),
    sender: decideSender(address, { allowDomains: rules.allowDomains, denyPatterns: rules.denyPatterns, allowPatterns: rules.allowPatterns }),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      inline: a.inline,
      sha256: a.sha256,
      tooLarge: a.tooLarge,
    })),
    receivedAt: (mail.date ? new Date(mail.date) : internalDate).toISOString(),
  };
}

export { titleFromMail } from './title';
