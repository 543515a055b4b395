// Full-text segmentation for sqlite FTS5 that finds two-character Chinese words. FTS5's
// unicode61 tokenizer would keep a whole run of Han characters as one token, and its trigram
// tokenizer cannot match a query shorter than three characters; so before text reaches FTS5 we
// rewrite every CJK run as its overlapping bigrams (打印机 → "打印 印机") in one column and its
// single characters in another, and leave Latin words and error codes (0x0000011b) to unicode61
// (with the porter stemmer for English). Pure: the store and the bench call it on both sides.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// A run is a stretch of CJK characters or a stretch of anything else.
const RUNS = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu;
// What unicode61 keeps as token characters (letters, digits, marks); everything else separates.
const LATIN_TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/** Full-width letters and digits to ASCII, compatibility forms folded, lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export const isCjk = (ch: string) => CJK.test(ch);

interface Run {
  cjk: boolean;
  text: string;
}

function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalizeText(text).matchAll(RUNS)) runs.push(m[1] ? { cjk: true, text: m[1] } : { cjk: false, text: m[2] });
  return runs;
}

/** Overlapping bigrams of a CJK run; a single character stands for itself. */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

export interface SegmentedText {
  /** Latin words as written, each CJK run as its bigrams: what phrase queries run on. */
  words: string;
  /** Every CJK character on its own: what a one-character query runs on. */
  chars: string;
}

/** The text to put into the FTS5 columns for one field. */
export function segmentForIndex(text: string): SegmentedText {
  const words: string[] = [];
  const chars: string[] = [];
  for (const run of runsOf(text)) {
    if (run.cjk) {
      words.push(bigrams(run.text).join(' '));
      chars.push([...run.text].join(' '));
    } else {
      words.push(run.text);
    }
  }
  // Runs are joined by a space so a Latin word and the CJK run next to it never merge.
  const join = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ').trim();
  return { words: join(words), chars: join(chars) };
}

/** One thing the query asks for: all of them must match in a strict search. */
export type QueryTerm =
  | { kind: 'phrase'; tokens: string[] } // bigrams of a CJK run, or the tokens of a Latin word such as err_connection_reset
  | { kind: 'char'; char: string }; // a lone CJK character

/** Splits what a person typed into terms; punctuation-only input gives no terms. */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const chunk of query.split(/\s+/)) {
    for (const run of runsOf(chunk)) {
      if (run.cjk) {
        const chars = [...run.text];
        terms.push(chars.length === 1 ? { kind: 'char', char: chars[0] } : { kind: 'phrase', tokens: bigrams(run.text) });
      } else {
        const tokens = run.text.match(LATIN_TOKEN);
        if (tokens) terms.push({ kind: 'phrase', tokens });
      }
    }
  }
  return dedupe(terms);
}

function dedupe(terms: QueryTerm[]): QueryTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = t.kind === 'char' ? `c:${t.char}` : `p:${t.tokens.join(' ')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/**
 * An FTS5 MATCH expression. `columns` are the word columns (e.g. title_words, body_words) and
 * `charColumn` the one-character column. Strict: every term must match (a CJK run as the phrase
 * of its bigrams, so 打印机 only matches where 打印机 is written). Loose: any bigram, word or
 * character may match, for long free text such as a ticket's title at intake.
 */
export function matchExpression(terms: QueryTerm[], columns: string[], charColumn: string, mode: 'strict' | 'loose'): string | null {
  if (!terms.length) return null;
  const words = `{${columns.join(' ')}}`;
  if (mode === 'strict') {
    return terms
      .map((t) => (t.kind === 'char' ? `${charColumn} : ${quote(t.char)}` : `${words} : ${t.tokens.map(quote).join(' + ')}`))
      .join(' AND ');
  }
  const loose = new Set<string>();
  for (const t of terms) {
    if (t.kind === 'char') loose.add(`${charColumn} : ${quote(t.char)}`);
    else for (const token of t.tokens) loose.add(`${words} : ${quote(token)}`);
  }
  return [...loose].join(' OR ');
}

/** The units a loose match counts: bigrams, Latin tokens and lone characters. */
export function looseUnits(terms: QueryTerm[]): string[] {
  return [...new Set(terms.flatMap((t) => (t.kind === 'char' ? [t.char] : t.tokens)))];
}

/**
 * How many of a query's units an indexed text (its `words` + `chars`) contains, and their share;
 * used to keep weak loose matches out of suggestions. Latin tokens are compared by prefix to
 * allow for the stemmer (printers → printer) without re-implementing it.
 */
export function coverage(units: string[], indexed: SegmentedText): { matched: number; share: number } {
  if (!units.length) return { matched: 0, share: 0 };
  const tokens = new Set(`${indexed.words} ${indexed.chars}`.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean));
  const latin = [...tokens].filter((t) => !CJK.test(t));
  let matched = 0;
  for (const unit of units) {
    if (tokens.has(unit)) matched++;
    else if (!CJK.test(unit) && unit.length >= 4 && latin.some((t) => t.length >= 4 && (t.startsWith(unit) || unit.startsWith(t)))) matched++;
  }
  return { matched, share: matched / units.length };
}
