// Makes a mail say what its 8-bit text is before mailparser reads it. Text that names no usable
// charset — header values written as raw bytes, encoded words and RFC 2231 values labelled
// `unknown-8bit` (what gateways write when they wrap raw bytes) or nothing, body text parts
// without a charset — is detected (mail/detectCharset.ts) and rewritten as UTF-8. Mailparser
// would read it as UTF-8 and turn GBK, Big5 or Shift_JIS bytes into U+FFFD or wrong characters.
import { isUtf8 } from 'node:buffer';
import { candidateOf, decodeUndeclared, detectCharset } from './detectCharset';
import { headerLines, markHeadersChanged, partContent, replacePartContent, type MimePart } from './mimeParts';

// What mailparser shows as the mail's text (its textTypes): other parts are attachments, whose
// bytes must stay exactly as sent (their SHA-256 identifies the stored file).
const BODY_TEXT_TYPES = new Set(['text/plain', 'text/html']);
// Labels that say nothing about 8-bit bytes: none, ASCII (which has none), and what gateways and
// mailers write when they do not know (`unknown-8bit`, `x-unknown`, `x-user-defined`, `default`).
const NO_LABEL = new Set(['', 'usascii', 'ascii', 'us', 'unknown', 'unknown8bit', 'xunknown', 'xuserdefined', 'default']);
const saysNothing = (label: string | false | null | undefined) => NO_LABEL.has((label || '').toLowerCase().replace(/[^a-z0-9]/g, ''));

// RFC 2047 encoded word: =?charset*lang?B|Q?text?=
const ENCODED_WORD = /=\?([^?*\s]*)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;
// One RFC 2231 extended parameter or continuation segment: `; name*=…`, `; name*0*=…`, `; name*1=…`.
const EXTENDED_PARAM = /;[ \t]*(?:\r?\n[ \t]+)?([A-Za-z0-9!#$&+.^_`{|}~-]+)\*(?:(\d+)(\*)?|)=("[^"]*"|[^;\s]*)/g;

/** Rewrites the parts in place; true when anything changed. */
export async function declareCharsets(parts: MimePart[]): Promise<boolean> {
  const declared = parts.map((p) => p.node.charset).filter((c): c is string => typeof c === 'string' && candidateOf(c) !== null);

  let changed = false;
  const detected: string[] = [];
  for (const part of parts) {
    if (!undeclaredBodyText(part)) continue;
    const bytes = await partContent(part);
    const guess = detectCharset(bytes, { preferred: declared });
    if (guess === null || guess.charset === 'utf-8') continue; // ASCII or UTF-8: mailparser reads it right
    detected.push(guess.charset);
    labelUtf8(part);
    replacePartContent(part, Buffer.from(guess.text, 'utf8'));
    changed = true;
  }

  // Undeclared header text is short: judged together (subject, sender name and file names were
  // written by one client) and with what the bodies say, it is read far more reliably than piece
  // by piece.
  const lines = parts.flatMap((part) => headerLines(part).map((line) => ({ part, line })));
  const undeclared = lines.flatMap(({ line }) => undeclaredHeaderBytes(line.line));
  if (undeclared.length === 0) return changed;
  const together = detectCharset(Buffer.concat(undeclared.flatMap((v) => [v, Buffer.from(' ')])), { preferred: [...declared, ...detected] });
  const decode = (bytes: Buffer) => decodeUndeclared(bytes, { preferred: [...declared, ...detected, ...(together ? [together.charset] : [])] });
  for (const { part, line } of lines) {
    const rewritten = rewriteHeaderLine(line.line, decode);
    if (rewritten === line.line) continue;
    line.line = rewritten;
    markHeadersChanged(part);
    changed = true;
  }
  return changed;
}

/** The undeclared 8-bit byte strings of one header line: raw value, encoded words, RFC 2231 values. */
function undeclaredHeaderBytes(line: string): Buffer[] {
  const value = headerValueBytes(line);
  if (needsDecoding(value)) return [value];
  const words = [...line.matchAll(ENCODED_WORD)].filter((m) => saysNothing(m[1])).map((m) => wordBytes(m[2], m[3]));
  const params = [...extendedParams(line).values()].filter((p) => saysNothing(p.charset)).map((p) => p.bytes);
  return [...words, ...params].filter((b) => b.some((byte) => byte >= 0x80));
}

/** The header line with its undeclared 8-bit text decoded by `decode` and written as UTF-8. */
function rewriteHeaderLine(line: string, decode: (bytes: Buffer) => string): string {
  const value = headerValueBytes(line);
  if (needsDecoding(value)) return line.slice(0, line.length - value.length) + Buffer.from(decode(value), 'utf8').toString('latin1');
  let out = line.replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
    const bytes = wordBytes(encoding, text);
    if (!saysNothing(charset) || !bytes.some((b) => b >= 0x80)) return word;
    return `=?UTF-8?B?${Buffer.from(decode(bytes), 'utf8').toString('base64')}?=`;
  });
  for (const [name, param] of extendedParams(out)) {
    if (!saysNothing(param.charset) || !param.bytes.some((b) => b >= 0x80)) continue;
    for (const segment of param.segments) out = out.replace(segment, '');
    out = `${out.replace(/\s+$/, '')}; ${name}*=utf-8''${percentEncode(Buffer.from(decode(param.bytes), 'utf8'))}`;
  }
  return out;
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

interface ExtendedParam {
  charset: string;
  bytes: Buffer;
  /** the texts of the line that make up the parameter, to remove when it is rewritten */
  segments: string[];
}

/** RFC 2231 parameters of a header line by name, continuation segments joined in order. */
function extendedParams(line: string): Map<string, ExtendedParam> {
  const found = new Map<string, Array<{ index: number; encoded: boolean; value: string; text: string }>>();
  for (const m of line.matchAll(EXTENDED_PARAM)) {
    const name = m[1].toLowerCase();
    const index = m[2] === undefined ? 0 : Number(m[2]);
    const encoded = m[2] === undefined || m[3] === '*';
    found.set(name, [...(found.get(name) ?? []), { index, encoded, value: m[4].replace(/^"(.*)"$/, '$1'), text: m[0] }]);
  }
  const params = new Map<string, ExtendedParam>();
  for (const [name, segments] of found) {
    const ordered = segments.sort((a, b) => a.index - b.index);
    const first = /^([^']*)'[^']*'(.*)$/.exec(ordered[0].value);
    if (!first || !ordered[0].encoded) continue; // the first segment must say charset'language'
    const pieces = [first[2], ...ordered.slice(1).map((s) => s.value)];
    const bytes = Buffer.concat(pieces.map((piece, i) => (i === 0 || ordered[i].encoded ? percentDecode(piece) : Buffer.from(piece, 'latin1'))));
    params.set(name, { charset: first[1], bytes, segments: ordered.map((s) => s.text) });
  }
  return params;
}

const percentDecode = (text: string) => Buffer.from(text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
const percentEncode = (bytes: Buffer) => [...bytes].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function undeclaredBodyText({ node }: MimePart): boolean {
  if (node.multipart) return false;
  const type = node.contentType || 'text/plain'; // RFC 2045: no Content-Type means text/plain
  if (!BODY_TEXT_TYPES.has(type)) return false;
  if (node.disposition && node.disposition !== 'inline') return false;
  return saysNothing(node.charset);
}

/** The bytes of a header line after `Name:` (lines hold one byte per latin1 character). */
function headerValueBytes(line: string): Buffer {
  return Buffer.from(line.slice(line.indexOf(':') + 1), 'latin1');
}

/** 8-bit bytes that are not UTF-8: mailparser would misread them. */
function needsDecoding(value: Buffer): boolean {
  return value.some((b) => b >= 0x80) && !isUtf8(value);
}

/** Sets (or adds) `charset=utf-8` in the part's Content-Type, keeping its other parameters. */
function labelUtf8(part: MimePart): void {
  const lines = headerLines(part);
  const contentType = lines.find((l) => l.key === 'content-type');
  if (!contentType) lines.push({ key: 'content-type', line: 'Content-Type: text/plain; charset=utf-8' });
  else if (/;\s*charset\s*=/i.test(contentType.line)) contentType.line = contentType.line.replace(/(;\s*charset\s*=\s*)("[^"]*"|[^;\s]*)/i, '$1utf-8');
  else contentType.line = contentType.line.replace(/\s*$/, '; charset=utf-8');
  markHeadersChanged(part);
}
