// MIME parts sent with Content-Transfer-Encoding x-uuencode (Outlook Express, old Unix mailers):
// mailparser does not know the encoding and would keep the encoded text as the attachment.
import { headerLines, markHeadersChanged, partContent, replacePartContent, type MimePart } from './mimeParts';
import { uudecode } from './uuencode';

const UUENCODE_NAMES = new Set(['x-uuencode', 'uuencode', 'x-uue', 'uue']);

/** Decodes such parts in place (sent on as base64); true when anything changed. */
export async function decodeUuencodedParts(parts: MimePart[]): Promise<boolean> {
  let changed = false;
  for (const part of parts) {
    if (part.node.multipart || !UUENCODE_NAMES.has(String(part.node.encoding || '').toLowerCase())) continue;
    const file = uudecode((await partContent(part)).toString('latin1'));
    if (file === null) continue; // not really uuencode: left as it came
    if (!part.node.filename && file.filename) nameFile(part, file.filename);
    replacePartContent(part, file.bytes);
    changed = true;
  }
  return changed;
}

/** The name on the `begin` line, for a part whose headers name no file. */
function nameFile(part: MimePart, filename: string): void {
  const lines = headerLines(part);
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].key === 'content-disposition') lines.splice(i, 1);
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  lines.push({ key: 'content-disposition', line: `Content-Disposition: attachment; filename*=utf-8''${encoded}` });
  markHeadersChanged(part);
}
