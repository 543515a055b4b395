// uuencode, as old mailers still send it: as a MIME part with Content-Transfer-Encoding
// x-uuencode, or as `begin 644 name` … `end` blocks inside a plain text body.

export interface UuencodedFile {
  /** the name on the `begin` line; null when the line names none */
  filename: string | null;
  bytes: Buffer;
}

export interface UuencodedBlock extends UuencodedFile {
  /** where the block starts and ends in the text it was found in (end exclusive) */
  start: number;
  end: number;
}

// `begin 644 name` (the mode in 3 or 4 octal digits). `begin-base64` is another format.
const BEGIN = /^begin[ \t]+[0-7]{3,4}(?:[ \t]+(.*?))?[ \t]*$/;
const BEGIN_LINE = /^begin[ \t]+[0-7]{3,4}[ \t]+\S.*$/gm;

/** The bytes of one uuencoded line, or null when the line is not uuencode. */
function decodeLine(line: string): Buffer | null {
  // A blank line is the zero-length line of an encoder whose space a transport stripped.
  if (line.trim() === '') return Buffer.alloc(0);
  const length = (line.charCodeAt(0) - 32) & 63;
  const body = line.slice(1);
  if (/[^\x20-\x60]/.test(body)) return null;
  // Transports strip trailing spaces (the zero digit of old encoders): missing digits are zero.
  // Digits past the length (padding, a checksum character) are ignored.
  const digits = body.padEnd(Math.ceil(length / 3) * 4, ' ');
  const out = Buffer.alloc(Math.ceil(length / 3) * 3);
  for (let i = 0, o = 0; o < out.length; i += 4, o += 3) {
    const [a, b, c, d] = [0, 1, 2, 3].map((k) => (digits.charCodeAt(i + k) - 32) & 63);
    out[o] = (a << 2) | (b >> 4);
    out[o + 1] = ((b & 15) << 4) | (c >> 2);
    out[o + 2] = ((c & 3) << 6) | d;
  }
  return out.subarray(0, length);
}

/**
 * Decodes one uuencoded file: optional text before the `begin` line, the data lines, `end`.
 * Null when the text holds no complete, well-formed block.
 */
export function uudecode(text: string): UuencodedFile | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const beginAt = lines.findIndex((l) => BEGIN.test(l));
  if (beginAt < 0) return null;
  const name = BEGIN.exec(lines[beginAt])![1] ?? '';
  const chunks: Buffer[] = [];
  for (const line of lines.slice(beginAt + 1)) {
    if (line.trim() === 'end') return { filename: name === '' ? null : name, bytes: Buffer.concat(chunks) };
    const bytes = decodeLine(line);
    if (bytes === null) return null;
    chunks.push(bytes);
  }
  return null; // no `end`: cut off, not something to guess at
}

/** Every complete uuencoded block inside a plain text body, in order. */
export function findUuencodedBlocks(text: string): UuencodedBlock[] {
  const blocks: UuencodedBlock[] = [];
  for (const match of text.matchAll(BEGIN_LINE)) {
    if (blocks.length && match.index < blocks[blocks.length - 1].end) continue;
    const rest = text.slice(match.index);
    const endLine = /^end[ \t]*$/m.exec(rest);
    if (!endLine) break;
    const end = match.index + endLine.index + endLine[0].length;
    const file = uudecode(text.slice(match.index, end));
    if (file) blocks.push({ ...file, start: match.index, end });
  }
  return blocks;
}
