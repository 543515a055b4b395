// Config files are UTF-8. A file saved in another encoding (GBK is the default of Chinese
// Windows editors) would otherwise be read with U+FFFD for every Chinese character: it passes the
// schema and garbles every name in mails and pages. Refused instead, at the first byte that is not
// UTF-8, with a guess at what the file is and how to fix it.
import type { ConfigIssue } from './yamlSource';

export type DecodedConfigText = { ok: true; text: string } | { ok: false; issue: ConfigIssue };

export function decodeConfigText(shownFile: string, bytes: Uint8Array): DecodedConfigText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return { ok: false, issue: issue(shownFile, 1, 1, 'the file is UTF-16, not UTF-8: save it as UTF-8') };
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  const line = countNewlines(bytes, lineStart) + 1;
  const col = [...new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad))].length + 1;
  const byte = `0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}`;
  const guess = looksLikeGbk(bytes)
    ? 'it looks like GBK/GB18030 (the default of Chinese Windows editors)'
    : 'it is in some other encoding';
  return { ok: false, issue: issue(shownFile, line, col, `the file is not UTF-8 (byte ${byte} here); ${guess}: save it as UTF-8 and check that its Chinese text reads right`) };
}

function issue(file: string, line: number, col: number, message: string): ConfigIssue {
  return { file, line, col, path: '', message, severity: 'error' };
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > bytes.length) return i;
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    if (codePoint < min || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return i;
    i += length;
  }
  return -1;
}

/** Every byte above ASCII pairs up as a GBK character (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F). */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    const lead = bytes[i];
    const trail = bytes[i + 1];
    if (lead < 0x81 || lead > 0xfe || trail === undefined || trail < 0x40 || trail > 0xfe || trail === 0x7f) return false;
    pairs++;
    i++;
  }
  return pairs > 0;
}
