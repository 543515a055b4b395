// Which open major incident a new request belongs to, by the keywords staff gave when they
// declared it (e.g. "VPN", "财务系统"). Pure: the activity finds the open major incidents, this
// decides. Case-insensitive, Unicode-normalised (NFKC: full-width "ＶＰＮ" is "VPN"), whitespace
// runs count as one space; a keyword of Latin letters or digits matches whole words only, so
// "VPN" does not match "VPNs-old" but does match "VPN连不上"; CJK keywords match anywhere.

export interface OpenMajorIncident {
  number: string;
  keywords: string[];
  /** ISO instant of the declaration: of two that match equally, the newer one wins */
  declaredAt: string;
}

export interface MajorIncidentMatch {
  number: string;
  /** the keywords that matched, as the major incident wrote them */
  keywords: string[];
}

const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const LATIN_WORD_CHAR = /[a-z0-9_]/;

/** Whether `keyword` (normalised) occurs in `text` (normalised) as a word. */
function occurs(text: string, keyword: string): boolean {
  if (!keyword) return false;
  for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
    const before = text[at - 1];
    const after = text[at + keyword.length];
    // A Latin keyword edge must not continue into another Latin letter or digit.
    const startOk = !LATIN_WORD_CHAR.test(keyword[0]) || before === undefined || !LATIN_WORD_CHAR.test(before);
    const endOk = !LATIN_WORD_CHAR.test(keyword.at(-1)!) || after === undefined || !LATIN_WORD_CHAR.test(after);
    if (startOk && endOk) return true;
  }
  return false;
}

/**
 * The open major incident whose keywords the request's text (subject and body) contains; the one
 * with most matching keywords, then the newest declaration; null when none matches.
 */
export function matchMajorIncident(text: string, open: OpenMajorIncident[]): MajorIncidentMatch | null {
  const haystack = normalise(text);
  let best: (MajorIncidentMatch & { declaredAt: string }) | null = null;
  for (const incident of open) {
    const keywords = incident.keywords.filter((k) => occurs(haystack, normalise(k)));
    if (!keywords.length) continue;
    const better = !best || keywords.length > best.keywords.length || (keywords.length === best.keywords.length && incident.declaredAt > best.declaredAt);
    if (better) best = { number: incident.number, keywords, declaredAt: incident.declaredAt };
  }
  return best && { number: best.number, keywords: best.keywords };
}
