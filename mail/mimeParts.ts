// A raw mail as a flat list of MIME parts (mailsplit nodes with their body chunks), for the few
// rewrites the desk makes before mailparser reads a mail (mail/prepareRawMail.ts). Parts left
// alone come out of joinParts byte for byte as they went in.
import { Joiner, Splitter, type MimeNode } from '@zone-eu/mailsplit';

type BodyChunk = { type: 'body' | 'data'; value: Buffer };
type Chunk = MimeNode | BodyChunk;

export interface MimePart {
  node: MimeNode;
  /** `body`: the part's content as sent; `data`: boundaries and the lines around them */
  chunks: BodyChunk[];
}

export async function splitParts(raw: Buffer): Promise<MimePart[]> {
  // Embedded messages (bounced originals, forwarded mails) stay one opaque part: they are attachments.
  const splitter = new Splitter({ ignoreEmbedded: true });
  splitter.end(raw);
  const parts: MimePart[] = [];
  for await (const chunk of splitter as AsyncIterable<Chunk>) {
    if (chunk.type === 'node') parts.push({ node: chunk, chunks: [] });
    else parts.at(-1)?.chunks.push(chunk);
  }
  return parts;
}

export async function joinParts(parts: readonly MimePart[]): Promise<Buffer> {
  const joiner = new Joiner();
  for (const part of parts) {
    joiner.write(part.node);
    for (const chunk of part.chunks) joiner.write(chunk);
  }
  joiner.end();
  const out: Buffer[] = [];
  for await (const bytes of joiner as AsyncIterable<Buffer>) out.push(bytes);
  return Buffer.concat(out);
}

/** The header lines of a part (one byte per latin1 character); edit them, then call markChanged. */
export function headerLines(part: MimePart) {
  return part.node.headers ? part.node.headers.getList() : [];
}

export function markHeadersChanged(part: MimePart): void {
  if (part.node.headers) part.node.headers.changed = true;
}

/** A part's content without its transfer encoding (base64, quoted-printable; others as sent). */
export async function partContent(part: MimePart): Promise<Buffer> {
  const decoder = part.node.getDecoder();
  for (const chunk of part.chunks) if (chunk.type === 'body') decoder.write(chunk.value);
  decoder.end();
  const out: Buffer[] = [];
  for await (const bytes of decoder as AsyncIterable<Buffer>) out.push(bytes);
  return Buffer.concat(out);
}

/** Replaces a part's content by `bytes`, sent as base64 (the header says so). */
export function replacePartContent(part: MimePart, bytes: Buffer): void {
  const lines = headerLines(part);
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].key === 'content-transfer-encoding') lines.splice(i, 1);
  lines.push({ key: 'content-transfer-encoding', line: 'Content-Transfer-Encoding: base64' });
  markHeadersChanged(part);
  const encoded = (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  // The separator chunks (boundaries and the blank lines around them) stay where they were.
  part.chunks = [{ type: 'body', value: Buffer.from(encoded + '\r\n') }, ...part.chunks.filter((c) => c.type !== 'body')];
}
