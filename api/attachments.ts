// GET /api/tickets/{number}/attachments/{sha256}: the content of an attachment that arrived by
// mail, from the attachment store. Readable by whoever may read the ticket, and only for a
// SHA-256 the ticket lists: the store is shared by all tickets, the ticket is the permission.
import { Hono } from 'hono';
import type { ConfigSource } from '../config/source';
import { attachmentStoreOf, SHA256_HEX, type AttachmentStore } from '../mail/attachmentStore';
import type { MailAttachmentMeta } from '../mail/triage';
import type { TicketView } from '../ticket/state';
import type { AuthEnv } from './auth';
import { downloadHeaders } from './downloadHeaders';
import { problems } from './problem';
import { assertMayRead } from './tickets';
import type { TicketService } from './ticketService';

/** `store` for tests; by default the directory mail.yaml names now, as the fetch activity uses. */
export function attachmentsRouter(service: TicketService, config: ConfigSource, store?: AttachmentStore, log: (line: string) => void = console.error) {
  const app = new Hono<AuthEnv>();
  app.get('/:number/attachments/:sha256', async (c) => {
    const number = c.req.param('number');
    const sha256 = c.req.param('sha256');
    const ticket = await service.read(number);
    assertMayRead(c.get('principal'), ticket.intake.requester.email, number);
    const meta = SHA256_HEX.test(sha256) ? listedAttachment(ticket, sha256) : undefined;
    if (!meta) throw problems.notFound(`ticket ${number} has no attachment ${sha256}`);
    if (meta.stored === false) throw problems.attachmentNotStored(`not stored: ${meta.notStoredReason ?? 'no reason recorded'}`);

    const attachments = store ?? attachmentStoreOf(config.current());
    const bytes = await attachments.read(sha256);
    if (!bytes) {
      // Recorded before the desk stored attachments: the content only exists in the mail.
      if (meta.stored === undefined)
        throw problems.attachmentNotStored('not stored: received before the desk kept attachment content; it is in the original mail in the processed folder');
      log(`attachment ${sha256} of ${number} is listed as stored but not in ${attachments.dir}: is attachmentsDir shared storage for every worker and API host?`);
      throw problems.attachmentMissing(`attachment ${sha256} is listed as stored but cannot be found; the desk log says where it was looked for`);
    }
    // readFile's Buffer is backed by a plain ArrayBuffer (never a SharedArrayBuffer) as Hono's type wants.
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(meta, bytes.byteLength));
  });
  return app;
}

/**
 * The ticket's entry for this content: from the opening mail and replies (ticket.mail) or from a
 * comment by mail. The same file may arrive several times; an entry whose content was stored wins.
 */
export function listedAttachment(ticket: Pick<TicketView, 'mail' | 'comments'>, sha256: string): MailAttachmentMeta | undefined {
  const all = [...(ticket.mail?.attachments ?? []), ...ticket.comments.flatMap((c) => c.attachments ?? [])].filter((a) => a.sha256 === sha256);
  return all.find((a) => a.stored === true) ?? all.find((a) => a.stored === undefined) ?? all[0];
}
