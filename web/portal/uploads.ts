// Files attached on the portal: the same limits as mail attachments (the mailbox's
// maxAttachmentBytes per file and maxAttachmentBytesPerMail per request) and the same
// content-addressed store (mail/attachmentStore.ts). Which ticket lists which upload is kept
// in the web store until tickets can record attachments themselves.
import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../../config/load';
import { MailboxSchema } from '../../config/schema/mailboxes';
import type { AttachmentStore } from '../../mail/attachmentStore';
import type { Db } from '../../store/db';

export interface UploadLimits {
  perFile: number;
  perRequest: number;
}

const MAILBOX_DEFAULTS = MailboxSchema.shape;

/** The first mailbox's limits (where a mail with the same files would arrive), else mail's defaults. */
export function uploadLimits(config: Pick<LoadedConfig, 'mailboxes'>): UploadLimits {
  const mailbox = config.mailboxes.mailboxes[0];
  return {
    perFile: mailbox?.maxAttachmentBytes ?? (MAILBOX_DEFAULTS.maxAttachmentBytes.parse(undefined) as number),
    perRequest: mailbox?.maxAttachmentBytesPerMail ?? (MAILBOX_DEFAULTS.maxAttachmentBytesPerMail.parse(undefined) as number),
  };
}

export interface PortalAttachment {
  sha256: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export type UploadCheck = { ok: true; files: Array<PortalAttachment & { bytes: Uint8Array }> } | { ok: false; problems: Array<{ name: string; limit: number; kind: 'tooLarge' | 'tooMuch' }> };

/** Reads the posted files (empty file inputs are skipped) and checks them against the limits. */
export async function checkUploads(files: File[], limits: UploadLimits): Promise<UploadCheck> {
  const chosen = files.filter((f) => f.size > 0 || f.name);
  const problems: Array<{ name: string; limit: number; kind: 'tooLarge' | 'tooMuch' }> = [];
  for (const f of chosen) if (f.size > limits.perFile) problems.push({ name: f.name, limit: limits.perFile, kind: 'tooLarge' });
  const total = chosen.reduce((sum, f) => sum + f.size, 0);
  if (!problems.length && total > limits.perRequest) problems.push({ name: '', limit: limits.perRequest, kind: 'tooMuch' });
  if (problems.length) return { ok: false, problems };
  const out = [];
  for (const f of chosen) {
    if (f.size === 0) continue;
    const bytes = new Uint8Array(await f.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    out.push({ sha256, filename: (f.name || 'attachment').split(/[/\\]/).pop()!.slice(0, 255), contentType: f.type || 'application/octet-stream', sizeBytes: bytes.byteLength, bytes });
  }
  return { ok: true, files: out };
}

/** Stores the content, then lists it on the ticket (a repeated submit lists nothing twice). */
export async function keepUploads(store: AttachmentStore, db: Db, ticketNumber: string, uploadedBy: string, files: Array<PortalAttachment & { bytes: Uint8Array }>, now: Date): Promise<void> {
  for (const file of files) {
    await store.put(file.sha256, file.bytes);
    await db.run(
      'INSERT OR IGNORE INTO portal_attachments (ticket_number, sha256, filename, content_type, size_bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [ticketNumber, file.sha256, file.filename, file.contentType, file.sizeBytes, uploadedBy, now.toISOString()],
    );
  }
}

export async function portalAttachmentsOf(db: Db, ticketNumber: string): Promise<Array<PortalAttachment & { uploadedAt: string }>> {
  return db.all('SELECT sha256, filename, content_type AS contentType, size_bytes AS sizeBytes, uploaded_at AS uploadedAt FROM portal_attachments WHERE ticket_number = ? ORDER BY uploaded_at', [ticketNumber]);
}

/** Human sizes for limits and lists: 10 MB, 340 KB (the attachment list uses the same). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
