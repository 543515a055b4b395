// Reads the report parts of a received mail: the per-recipient blocks of a delivery status
// notification (RFC 3464) and the identity of mails embedded in it (the bounced original).
import { parseAddressHeader } from 'mailparser';
import { normaliseAddress } from './address';
import type { DeliveryStatus, EmbeddedMail } from './inboundMail';
import { normaliseMessageId } from './messageId';

/** The unfolded fields of header-like text (a header block or one DSN block), in order. */
function fields(block: string): Array<[name: string, value: string]> {
  return block
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')
    .flatMap((line) => {
      const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/.exec(line);
      return m ? [[m[1].toLowerCase(), m[2].trim()] as [string, string]] : [];
    });
}

/** `rfc822; alice@corp.example` → the address; `smtp; 550 …` → `550 …`. */
const typed = (value: string) => value.replace(/^[a-z0-9-]+\s*;\s*/i, '').trim();

/** The per-recipient blocks of a message/delivery-status part. */
export function readDeliveryStatus(content: string): DeliveryStatus[] {
  // Per-message fields come first, then a block per recipient; some servers leave out the
  // blank line between them, so any block naming a recipient counts.
  const blocks = content.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return blocks.flatMap((block) => {
    const f = new Map(fields(block));
    const recipient = normaliseAddress(typed(f.get('final-recipient') ?? f.get('original-recipient') ?? ''));
    if (!recipient) return [];
    return [{ recipient, action: f.get('action')?.toLowerCase() ?? null, status: f.get('status') ?? null, diagnostic: f.has('diagnostic-code') ? typed(f.get('diagnostic-code')!) : null }];
  });
}

/** Message-ID and recipients of an embedded mail, from its header block. */
export function readEmbeddedHeaders(content: string): EmbeddedMail {
  const head = content.replace(/\r\n?/g, '\n').split(/\n\s*\n/)[0];
  const f = fields(head);
  const messageId = normaliseMessageId(f.find(([name]) => name === 'message-id')?.[1]);
  const to = f
    .filter(([name]) => name === 'to')
    .flatMap(([, value]) => parseAddressHeader(value).value.flatMap((e) => normaliseAddress(e.address) ?? []));
  return { messageId, to };
}
