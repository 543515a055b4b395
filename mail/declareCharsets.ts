// Makes a raw mail say what its 8-bit text is before mailparser reads it: header values written
// as raw bytes in a legacy charset, and body text parts without a (usable) charset, are detected
// (mail/detectCharset.ts) and rewritten as UTF-8. Mailparser would read both as UTF-8 and turn
// GBK, Big5 or Shift_JIS bytes into U+FFFD or the wrong characters.
import { isUtf8 } from 'node:buffer';
import { Joiner, Splitter, type MimeNode } from '@zone-eu/mailsplit';
import { candidateOf, decodeUndeclared, detectCharset } from './detectCharset';

type Chunk = MimeNode | { type: 'body' | 'data'; value: Buffer };

// What mailparser shows as the mail's text (its textTypes): other parts are attachments, whose
// bytes must stay exactly as sent (their SHA-256 identifies the stored file).
const BODY_TEXT_TYPES = new Set(['text/plain', 'text/html']);
// A label that cannot describe 8-bit bytes is no label.
const NO_LABEL = new Set(['', 'usascii', 'ascii', 'us']);

interface Part {
  node: MimeNode;
  bodies: Array<{ type: 'body' | 'data'; value: Buffer }>;
}

/**
 * The mail with every undeclared 8-bit header value and body text part in UTF-8, or `raw` itself
 * when nothing needed it (the usual case: then not a byte changes).
 */
export async function declareCharsets(raw: Buffer): Promise<Buffer> {
  const parts = groupByPart(await split(raw));
  const declared = parts.map((p) => p.node.charset).filter((c): c is string => typeof c === 'string' && candidateOf(c) !== null);

  let changed = false;
  const detected: string[] = [];
  for (const part of parts) {
    if (!undeclaredBodyText(part.node)) continue;
    const bytes = await decodeTransfer(part);
    const guess = detectCharset(bytes, { preferred: declared });
    if (guess === null || guess.charset === 'utf-8') continue; // ASCII or UTF-8: mailparser reads it right
    detected.push(guess.charset);
    rewriteAsUtf8(part, decodeUndeclared(bytes, { preferred: declared }));
    changed = true;
  }

  // Raw 8-bit headers are short: judged together (subject and sender name were written by one
  // client) and with what the bodies say, they are read far more reliably than one by one.
  const rawValues = parts.flatMap((p) => headerLines(p.node)).map((l) => headerValueBytes(l.line)).filter(needsDecoding);
  const together = rawValues.length ? detectCharset(Buffer.concat(rawValues.flatMap((v) => [v, Buffer.from(' ')])), { preferred: [...declared, ...detected] }) : null;
  const hints = [...declared, ...detected, ...(together ? [together.charset] : [])];
  for (const part of parts) {
    for (const line of headerLines(part.node)) {
      const value = headerValueBytes(line.line);
      if (!needsDecoding(value)) continue;
      const name = line.line.slice(0, line.line.length - value.length);
      line.line = name + Buffer.from(decodeUndeclared(value, { preferred: hints }), 'utf8').toString('latin1');
      if (part.node.headers) part.node.headers.changed = true;
      changed = true;
    }
  }
  return changed ? join(parts) : raw;
}

async function split(raw: Buffer): Promise<Chunk[]> {
  // Embedded messages (bounced originals, forwarded mails) stay one opaque part: they are attachments.
  const splitter = new Splitter({ ignoreEmbedded: true });
  splitter.end(raw);
  const chunks: Chunk[] = [];
  for await (const chunk of splitter) chunks.push(chunk as Chunk);
  return chunks;
}

function groupByPart(chunks: Chunk[]): Part[] {
  const parts: Part[] = [];
  for (const chunk of chunks) {
    if (chunk.type === 'node') parts.push({ node: chunk, bodies: [] });
    else parts.at(-1)?.bodies.push(chunk);
  }
  return parts;
}

async function join(parts: Part[]): Promise<Buffer> {
  const joiner = new Joiner();
  for (const part of parts) {
    joiner.write(part.node);
    for (const body of part.bodies) joiner.write(body);
  }
  joiner.end();
  const out: Buffer[] = [];
  for await (const bytes of joiner) out.push(bytes as Buffer);
  return Buffer.concat(out);
}

function undeclaredBodyText(node: MimeNode): boolean {
  if (node.multipart) return false;
  const type = node.contentType || 'text/plain'; // RFC 2045: no Content-Type means text/plain
  if (!BODY_TEXT_TYPES.has(type)) return false;
  if (node.disposition && node.disposition !== 'inline') return false;
  return NO_LABEL.has((node.charset || '').toLowerCase().replace(/[^a-z]/g, ''));
}

function headerLines(node: MimeNode) {
  return node.headers ? node.headers.getList() : [];
}

/** The bytes of a header line after `Name:` (lines hold one byte per latin1 character). */
function headerValueBytes(line: string): Buffer {
  return Buffer.from(line.slice(line.indexOf(':') + 1), 'latin1');
}

/** 8-bit bytes that are not UTF-8: mailparser would misread them. */
function needsDecoding(value: Buffer): boolean {
  return value.some((b) => b >= 0x80) && !isUtf8(value);
}

/** A part's body without its transfer encoding (base64, quoted-printable). */
async function decodeTransfer(part: Part): Promise<Buffer> {
  const decoder = part.node.getDecoder();
  for (const body of part.bodies) if (body.type === 'body') decoder.write(body.value);
  decoder.end();
  const out: Buffer[] = [];
  for await (const bytes of decoder) out.push(bytes as Buffer);
  return Buffer.concat(out);
}

/** Replaces the part's body by `text` in UTF-8 (base64) and says so in its headers. */
function rewriteAsUtf8(part: Part, text: string): void {
  const headers = part.node.headers;
  if (!headers) return;
  const lines = headers.getList();
  const contentType = lines.find((l) => l.key === 'content-type');
  if (!contentType) lines.push({ key: 'content-type', line: 'Content-Type: text/plain; charset=utf-8' });
  else if (/;\s*charset\s*=/i.test(contentType.line)) contentType.line = contentType.line.replace(/(;\s*charset\s*=\s*)("[^"]*"|[^;\s]*)/i, '$1utf-8');
  else contentType.line = contentType.line.replace(/\s*$/, '; charset=utf-8');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].key === 'content-transfer-encoding') lines.splice(i, 1);
  lines.push({ key: 'content-transfer-encoding', line: 'Content-Transfer-Encoding: base64' });
  headers.changed = true;
  const encoded = (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  // Keep the separator chunks ('data': boundaries and the blank lines around them) in place.
  const rest = part.bodies.filter((b) => b.type !== 'body');
  part.bodies = [{ type: 'body', value: Buffer.from(encoded + '\r\n') }, ...rest];
}
