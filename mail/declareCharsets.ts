// Makes a mail say what its 8-bit text is before mailparser reads it: header values written as
// raw bytes in a legacy charset, and body text parts without a (usable) charset, are detected
// (mail/detectCharset.ts) and rewritten as UTF-8. Mailparser would read both as UTF-8 and turn
// GBK, Big5 or Shift_JIS bytes into U+FFFD or the wrong characters.
import { isUtf8 } from 'node:buffer';
import { candidateOf, decodeUndeclared, detectCharset } from './detectCharset';
import { headerLines, markHeadersChanged, partContent, replacePartContent, type MimePart } from './mimeParts';

// What mailparser shows as the mail's text (its textTypes): other parts are attachments, whose
// bytes must stay exactly as sent (their SHA-256 identifies the stored file).
const BODY_TEXT_TYPES = new Set(['text/plain', 'text/html']);
// A label that cannot describe 8-bit bytes is no label.
const NO_LABEL = new Set(['', 'usascii', 'ascii', 'us']);

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

  // Raw 8-bit headers are short: judged together (subject and sender name were written by one
  // client) and with what the bodies say, they are read far more reliably than one by one.
  const rawValues = parts.flatMap(headerLines).map((l) => headerValueBytes(l.line)).filter(needsDecoding);
  const together = rawValues.length ? detectCharset(Buffer.concat(rawValues.flatMap((v) => [v, Buffer.from(' ')])), { preferred: [...declared, ...detected] }) : null;
  const hints = [...declared, ...detected, ...(together ? [together.charset] : [])];
  for (const part of parts) {
    for (const line of headerLines(part)) {
      const value = headerValueBytes(line.line);
      if (!needsDecoding(value)) continue;
      const name = line.line.slice(0, line.line.length - value.length);
      line.line = name + Buffer.from(decodeUndeclared(value, { preferred: hints }), 'utf8').toString('latin1');
      markHeadersChanged(part);
      changed = true;
    }
  }
  return changed;
}

function undeclaredBodyText({ node }: MimePart): boolean {
  if (node.multipart) return false;
  const type = node.contentType || 'text/plain'; // RFC 2045: no Content-Type means text/plain
  if (!BODY_TEXT_TYPES.has(type)) return false;
  if (node.disposition && node.disposition !== 'inline') return false;
  return NO_LABEL.has((node.charset || '').toLowerCase().replace(/[^a-z]/g, ''));
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
