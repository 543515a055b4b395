// Reads top-level header values as they were written, and rescues headers that some Chinese
// clients send as raw 8-bit GBK instead of RFC 2047 encoded words.
import iconv from 'iconv-lite';

/** One raw header line as mailparser keeps it: bytes mapped 1:1 to latin1 characters. */
export interface RawHeaderLine {
  key: string;
  line: string;
}

/** The first value of a header, unfolded, without its name; null when absent. */
export function rawHeaderValue(lines: readonly RawHeaderLine[], name: string): string | null {
  const key = name.toLowerCase();
  const found = lines.find((l) => l.key === key);
  if (!found) return null;
  const colon = found.line.indexOf(':');
  return found.line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header written in raw 8-bit bytes that are not UTF-8, decoded with `fallbackCharset`
 * (GB18030 covers GB2312 and GBK). Null when the value is plain ASCII or valid UTF-8,
 * i.e. when the ordinary decoding is already right.
 */
export function decodeRaw8BitHeader(latin1Value: string, fallbackCharset: string): string | null {
  const bytes = Buffer.from(latin1Value, 'latin1');
  if (!bytes.some((b) => b >= 0x80)) return null;
  try {
    utf8.decode(bytes);
    return null;
  } catch {
    const charset = iconv.encodingExists(fallbackCharset) ? fallbackCharset : 'gb18030';
    return iconv.decode(bytes, charset);
  }
}
