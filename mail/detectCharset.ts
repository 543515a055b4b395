// Guesses the charset of 8-bit text that declares none (raw subjects, names, file names and
// bodies without a charset parameter). Each candidate decoding is scored by how plausible its
// characters are; bench/charsetDetection.ts measures the choice on a table of samples.
import iconv from 'iconv-lite';

/** The charsets the desk's mail arrives in without saying so, in tie-break order. */
export const UNDECLARED_CHARSET_CANDIDATES = ['utf-8', 'gb18030', 'big5', 'shift_jis', 'windows-1252'] as const;
export type UndeclaredCharset = (typeof UNDECLARED_CHARSET_CANDIDATES)[number];

export interface CharsetGuess {
  charset: UndeclaredCharset;
  text: string;
  /** mean plausibility per non-ASCII character; higher is better, about -3 … +3 */
  score: number;
}

// ---- what each charset's writers commonly use -------------------------------------------
// The first level of GB2312, Big5 and JIS X 0208 holds the characters in everyday use (ordered
// by frequency or reading); the second level the rarer ones. A text written in a charset uses
// mostly its first level, while the same bytes read in another charset land all over the table.

function decodeRange(charset: string, leads: [number, number], trails: Array<[number, number]>, last?: number): Set<string> {
  const chars = new Set<string>();
  for (let lead = leads[0]; lead <= leads[1]; lead++)
    for (const [from, to] of trails)
      for (let trail = from; trail <= to; trail++) {
        if (last !== undefined && lead * 256 + trail > last) continue;
        const ch = iconv.decode(Buffer.from([lead, trail]), charset);
        if (ch.length >= 1 && ch !== '\ufffd') chars.add(ch);
      }
  return chars;
}

interface Levels {
  first: Set<string>;
  second: Set<string>;
}
let levelTables: Record<'gb18030' | 'big5' | 'shift_jis', Levels> | null = null;

function levels(): NonNullable<typeof levelTables> {
  // Built on first use (some 15,000 two-byte decodings, a few milliseconds), then kept.
  levelTables ??= {
    gb18030: {
      first: decodeRange('gb18030', [0xb0, 0xd7], [[0xa1, 0xfe]]),
      second: decodeRange('gb18030', [0xd8, 0xf7], [[0xa1, 0xfe]]),
    },
    big5: {
      first: decodeRange('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e),
      second: decodeRange('big5', [0xc9, 0xf9], [[0x40, 0x7e], [0xa1, 0xfe]], 0xf9d5),
    },
    shift_jis: {
      first: decodeRange('shift_jis', [0x88, 0x98], [[0x40, 0x7e], [0x80, 0xfc]], 0x9872),
      second: decodeRange('shift_jis', [0x98, 0xea], [[0x40, 0x7e], [0x80, 0xfc]], 0xeaa4),
    },
  };
  return levelTables;
}

const CJK_IDEOGRAPH = /\p{Script=Han}/u;
const KANA = /[\u3041-\u30ff]/;
const HALFWIDTH_KATAKANA = /[\uff61-\uff9f]/;
// CJK and full-width punctuation, general punctuation (“ ” … —), currency and number forms.
const PUNCTUATION = /[\u3000-\u303f\uff01-\uff60\uffe0-\uffee\u2010-\u205e\u20ac\u00a0-\u00bf\u00d7\u00f7]/;
const LATIN_LETTER = /[\u00c0-\u024f]/;
// Control characters, private use, noncharacters and the replacement character: never text.
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd\ufff0-\ufffc]/;
const ASCII_LETTER = /[A-Za-z]/;

const isCjk = (ch: string | undefined) => ch !== undefined && (CJK_IDEOGRAPH.test(ch) || KANA.test(ch) || /[\u3000-\u303f\uff01-\uff60]/.test(ch));

function characterScore(chars: string[], i: number, charset: UndeclaredCharset): number {
  const ch = chars[i];
  const besideAsciiLetter = ASCII_LETTER.test(chars[i - 1] ?? '') || ASCII_LETTER.test(chars[i + 1] ?? '');
  if (CJK_IDEOGRAPH.test(ch)) {
    const tables = levels();
    const own = charset === 'utf-8' || charset === 'windows-1252' ? Object.values(tables) : [tables[charset]];
    // A lone ideograph glued to ASCII letters ("Ärger" read as Big5) is rarer than a run of them.
    const lone = besideAsciiLetter && !isCjk(chars[i - 1]) && !isCjk(chars[i + 1]);
    if (own.some((t) => t.first.has(ch))) return lone ? 0.5 : 2;
    if (own.some((t) => t.second.has(ch))) return 0;
    return -2; // extension areas: seldom written, often what a wrong reading produces
  }
  if (KANA.test(ch)) return charset === 'shift_jis' || charset === 'utf-8' ? 2 : -1;
  if (HALFWIDTH_KATAKANA.test(ch)) return -2;
  // Accented letters sit inside words of ASCII letters; runs of them are another charset misread.
  if (LATIN_LETTER.test(ch)) return besideAsciiLetter ? 1.5 : -1;
  if (PUNCTUATION.test(ch)) return 1;
  // A valid UTF-8 letter of another script (Korean, Greek, Cyrillic ...) is a real letter when
  // it stands in a word of its own script, not alone among ASCII.
  if (charset === 'utf-8' && /\p{L}/u.test(ch)) return /[^\x00-\x7f]/.test(chars[i - 1] ?? '') || /[^\x00-\x7f]/.test(chars[i + 1] ?? '') ? 1 : -1;
  return -1;
}

const UTF8_BONUS = 1;
const PREFERRED_BONUS = 0.5;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The strict decoding in `charset`, or null when the bytes are not valid text in it. */
function decodeStrict(bytes: Buffer, charset: UndeclaredCharset): string | null {
  let text: string;
  if (charset === 'utf-8') {
    try {
      text = utf8.decode(bytes);
    } catch {
      return null;
    }
  } else {
    text = iconv.decode(bytes, charset);
    // iconv-lite replaces what it cannot read; a round trip shows whether anything was lost.
    if (!iconv.encode(text, charset).equals(bytes)) return null;
  }
  return NOT_TEXT.test(text.replace(/[\t\n\r]/g, '')) ? null : text;
}

/** The charset family of a declared label, if it is one of the candidates (`gbk` → gb18030). */
export function candidateOf(label: string | null | undefined): UndeclaredCharset | null {
  const name = (label ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (['utf8'].includes(name)) return 'utf-8';
  if (['gb2312', 'gbk', 'gb18030', 'cp936', 'euccn', 'xgbk', 'chinese'].includes(name)) return 'gb18030';
  if (['big5', 'big5hkscs', 'cp950', 'xxbig5'].includes(name)) return 'big5';
  if (['shiftjis', 'sjis', 'xsjis', 'windows31j', 'cp932', 'mskanji'].includes(name)) return 'shift_jis';
  if (['iso88591', 'latin1', 'windows1252', 'cp1252', 'l1'].includes(name)) return 'windows-1252';
  return null;
}

export interface DetectOptions {
  /** charsets the same mail declares elsewhere: a small bonus that settles close calls */
  preferred?: ReadonlyArray<string | null | undefined>;
}

/**
 * The most plausible reading of `bytes` among the candidates, or null when the bytes are plain
 * ASCII (every candidate reads them alike).
 */
export function detectCharset(bytes: Uint8Array, opts: DetectOptions = {}): CharsetGuess | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.some((b) => b >= 0x80)) return null;
  const preferred = new Set((opts.preferred ?? []).map(candidateOf).filter((c) => c !== null));
  const sample = sampleOf(buffer);
  let best: CharsetGuess | null = null;
  for (const charset of UNDECLARED_CHARSET_CANDIDATES) {
    const text = decodeStrict(sample, charset);
    if (text === null) continue;
    const chars = [...text];
    let sum = 0;
    let counted = 0;
    chars.forEach((ch, i) => {
      if (ch.charCodeAt(0) < 0x80) return;
      sum += characterScore(chars, i, charset);
      counted += 1;
    });
    // Valid UTF-8 with multi-byte sequences is itself strong evidence: legacy text seldom is.
    const score = sum / Math.max(counted, 1) + (charset === 'utf-8' ? UTF8_BONUS : 0) + (preferred.has(charset) ? PREFERRED_BONUS : 0);
    if (best === null || score > best.score) best = { charset, text, score };
  }
  if (best === null || sample === buffer) return best;
  const whole = decodeStrict(buffer, best.charset);
  return whole === null ? null : { ...best, text: whole };
}

// Long bodies are judged by their start: 16 KB say as much as 1 MB and cost a millisecond.
const SAMPLE_BYTES = 16 * 1024;

/** The first SAMPLE_BYTES, cut after an ASCII byte so no multi-byte character is split. */
function sampleOf(buffer: Buffer): Buffer {
  if (buffer.length <= SAMPLE_BYTES) return buffer;
  let end = SAMPLE_BYTES;
  while (end > 0 && buffer[end - 1] >= 0x80) end -= 1;
  return end === 0 ? buffer : buffer.subarray(0, end);
}

/**
 * Text from undeclared 8-bit bytes: the best guess, else (no candidate reads them cleanly) the
 * first preferred charset or GB18030 with unreadable bytes replaced.
 */
export function decodeUndeclared(bytes: Uint8Array, opts: DetectOptions = {}): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const guess = detectCharset(buffer, opts);
  if (guess) return guess.text;
  if (!buffer.some((b) => b >= 0x80)) return buffer.toString('latin1');
  const fallback = (opts.preferred ?? []).map(candidateOf).find((c) => c !== null) ?? 'gb18030';
  return fallback === 'utf-8' ? buffer.toString('utf8') : iconv.decode(buffer, fallback);
}
