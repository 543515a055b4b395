// Puts the content of a triaged mail's attachments into the attachment store and says on each
// attachment's metadata whether it was stored, and if not, why. Runs in the fetch activity
// before the batch goes to the workflow, so a ticket never lists content that is not on disk.
import { AttachmentHashMismatchError, type AttachmentStore } from './attachmentStore';
import type { InboundMail } from './inboundMail';
import type { MailAttachmentMeta, TriagedMail } from './triage';

export interface AttachmentLimits {
  /** per file: larger attachments were parsed without content (InboundAttachment.tooLarge) */
  maxAttachmentBytes: number;
  /** all stored attachments of one mail together */
  maxAttachmentBytesPerMail: number;
}

/**
 * `triaged` must come from `parsed` (triageMail keeps the attachments in order). A failing
 * write rejects: the activity fails and is retried with the mail still in the inbox, instead
 * of the ticket listing an attachment whose content was silently dropped.
 */
export async function keepAttachments(triaged: TriagedMail, parsed: InboundMail, store: AttachmentStore, limits: AttachmentLimits): Promise<TriagedMail> {
  if (!triaged.attachments.length) return triaged;
  // Automated mail and spam never reach a ticket (workflows/mailbox.ts): storing them would only fill the disk.
  if (triaged.automation.automated) return { ...triaged, attachments: triaged.attachments.map((a) => notStored(a, 'automated mail is not added to tickets')) };
  if (triaged.spam) return { ...triaged, attachments: triaged.attachments.map((a) => notStored(a, 'spam is not added to tickets')) };
  let total = 0;
  const attachments: MailAttachmentMeta[] = [];
  for (const [index, meta] of triaged.attachments.entries()) {
    const content = parsed.attachments[index]?.contentBase64;
    if (meta.tooLarge || content === undefined) {
      attachments.push(notStored(meta, `larger than the limit of ${limits.maxAttachmentBytes} bytes`));
      continue;
    }
    const bytes = Buffer.from(content, 'base64');
    if (total + bytes.byteLength > limits.maxAttachmentBytesPerMail) {
      attachments.push(notStored(meta, `the mail's attachments together exceed the limit of ${limits.maxAttachmentBytesPerMail} bytes per mail`));
      continue;
    }
    try {
      await store.put(meta.sha256, bytes);
    } catch (err) {
      // Deterministic, so a retry could never help: say so on the ticket instead of blocking the inbox.
      if (err instanceof AttachmentHashMismatchError) {
        attachments.push(notStored(meta, 'the content does not match its checksum'));
        continue;
      }
      throw err;
    }
    total += bytes.byteLength;
    attachments.push({ ...meta, stored: true });
  }
  return { ...triaged, attachments };
}

function notStored(meta: MailAttachmentMeta, reason: string): MailAttachmentMeta {
  return { ...meta, stored: false, notStoredReason: reason };
}
