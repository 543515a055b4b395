// Serves a ticket's attachment to a web page: listed on the ticket (mail) or uploaded on the
// portal, content from the shared attachment store, with the API's download headers.
import type { Context } from 'hono';
import { listedAttachment } from '../api/attachments';
import { downloadHeaders } from '../api/downloadHeaders';
import { problems } from '../api/problem';
import { SHA256_HEX } from '../mail/attachmentStore';
import type { TicketView } from '../ticket/state';
import { portalAttachmentsOf } from './portal/uploads';
import type { WebDeps } from './webDeps';

/** `ticket` is what the reader may see (for a requester: public comments only). */
export async function sendAttachment(c: Context, deps: WebDeps, ticket: Pick<TicketView, 'number' | 'mail' | 'comments'>, sha256: string) {
  if (!SHA256_HEX.test(sha256)) throw problems.notFound('no such attachment');
  const listed = listedAttachment(ticket, sha256);
  const uploaded = listed ? undefined : (await portalAttachmentsOf(deps.store.db, ticket.number)).find((a) => a.sha256 === sha256);
  const meta = listed ?? (uploaded && { filename: uploaded.filename, contentType: uploaded.contentType, sha256, stored: true });
  if (!meta || meta.stored === false) throw problems.notFound('no such attachment');
  const bytes = await deps.attachments().read(sha256);
  if (!bytes) throw problems.notFound('attachment content missing');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(meta, bytes.byteLength));
}
