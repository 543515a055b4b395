// mailboxes.yaml (optional): the service mailboxes the desk reads over IMAP, each with its own
// folders, loop guards, sender policy and reply rules. Secrets only by env-var name.
import { z } from 'zod';
import { compileAddressPattern } from '../../mail/addressPattern';
import { AutomationOverrideSchema } from '../../mail/automation';
import { DurationSchema } from './duration';

const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name');
const AddressPattern = z.string().min(1).superRefine((pattern, ctx) => {
  try {
    compileAddressPattern(pattern);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const MailboxSchema = z
  .object({
    /** Short name: the poller's workflow id is `mailbox-<id>`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(993),
    /** true: TLS from the first byte (993); false: plain, upgraded with STARTTLS when offered. */
    secure: z.boolean().default(true),
    user: z.string().min(1),
    passwordEnv: EnvName,
    inbox: z.string().min(1).default('INBOX'),
    processedFolder: z.string().min(1).default('itdesk/processed'),
    failedFolder: z.string().min(1).default('itdesk/failed'),
    /** Mail the spam filter marked (X-Spam-Flag: YES …): no ticket, no answer; created on first use. */
    spamFolder: z.string().min(1).default('Junk').describe('mail marked as spam by the filter in front of the mailbox goes here, without ticket or answer'),
    /** The desk's own addresses at this mailbox: mail from them is a loop, never a request. */
    deskAddresses: z.array(z.email().transform((a) => a.toLowerCase())).min(1),
    /** Fallback poll when IDLE is quiet or unsupported; also the longest single IDLE wait. */
    pollInterval: DurationSchema.default(60),
    /** Per file: a larger attachment keeps its metadata on the ticket, its content is not stored. */
    maxAttachmentBytes: z.number().int().nonnegative().default(10 * 1024 * 1024).describe('per attachment: larger files are listed on the ticket but their content is not stored'),
    /** All stored attachments of one mail together; the first ones in the mail are kept. */
    maxAttachmentBytesPerMail: z.number().int().nonnegative().default(25 * 1024 * 1024).describe('all stored attachments of one mail together; attachments past the limit are listed but not stored'),
    /** Domains whose people may open tickets by mail; default: the organisation's domains. */
    allowDomains: z.array(z.string().min(1)).optional(),
    denyPatterns: z.array(AddressPattern).default([]),
    allowPatterns: z.array(AddressPattern).default([]),
    /** Senders whose mail looks automated but is written by people (see docs/mail-rules.md). */
    automationOverrides: z.array(AutomationOverrideSchema).default([]),
    /** Acknowledgements to one sender: at most `max` per `per`. */
    ackRateLimit: z.object({ max: z.number().int().nonnegative(), per: DurationSchema }).strict().default({ max: 5, per: 3600 }),
    /** A requester's reply within this time after resolution reopens the ticket. */
    reopenWindow: DurationSchema.default(14 * 86_400),
    /** How many mails one fetch takes; smaller batches keep each history step short. */
    batchSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type MailboxConfig = z.output<typeof MailboxSchema>;

export const MailboxesSchema = z
  .object({
    /** The organisation's own mail domains (default: the domain of desk.yaml fromAddress). */
    organisationDomains: z.array(z.string().min(1)).default([]),
    mailboxes: z.array(MailboxSchema).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.mailboxes.forEach((mailbox, index) => {
      const first = seen.get(mailbox.id);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'id'], message: `mailbox '${mailbox.id}' is already defined (mailboxes[${first}])` });
      else seen.set(mailbox.id, index);
      if (new Set([mailbox.inbox, mailbox.processedFolder, mailbox.failedFolder]).size < 3)
        ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'failedFolder'], message: 'inbox, processedFolder and failedFolder must be three different folders' });
      else if ([mailbox.inbox, mailbox.processedFolder, mailbox.failedFolder].includes(mailbox.spamFolder))
        ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'spamFolder'], message: 'spamFolder must differ from inbox, processedFolder and failedFolder' });
    });
  });
export type MailboxesConfig = z.output<typeof MailboxesSchema>;

/** allowDomains as configured, else the organisation's domains, else the desk's own domain. */
export function allowedDomainsOf(mailbox: MailboxConfig, file: MailboxesConfig, deskFromAddress: string): string[] {
  if (mailbox.allowDomains) return mailbox.allowDomains;
  if (file.organisationDomains.length) return file.organisationDomains;
  return [deskFromAddress.slice(deskFromAddress.lastIndexOf('@') + 1).toLowerCase()];
}
