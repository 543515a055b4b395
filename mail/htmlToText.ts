// Turns an HTML-only mail body into plain text an agent can read: active and invisible
// content (script, style, head ...) is dropped, block elements become line breaks.
// Written here rather than borrowed from mailparser so what is kept is our decision.
import { ownValue } from '../config/lookup';

// Elements whose content is never shown to a reader.
const INVISIBLE = ['script', 'style', 'head', 'title', 'noscript', 'template', 'object', 'iframe', 'svg'];
// Elements that start or end a line.
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul',
]);
const CELL = new Set(['td', 'th']);
// Private-use marker for "a block starts or ends here", resolved to line breaks at the end.
const BLOCK_EDGE = '\uE000';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ',
  thinsp: ' ', shy: '', zwnj: '', zwj: '', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', middot: '·', bull: '•', times: '×', divide: '÷', yen: '¥', euro: '€',
  pound: '£', cent: '¢', deg: '°', plusmn: '±', sect: '§', para: '¶', larr: '←', rarr: '→',
  uarr: '↑', darr: '↓',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Invalid and control code points would only smuggle invisible characters in.
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      if (code < 0x20 && code !== 0x09 && code !== 0x0a) return '';
      return String.fromCodePoint(code);
    }
    const named = ownValue(NAMED_ENTITIES, body.toLowerCase());
    return named === undefined ? whole : named;
  });
}

function dropInvisible(html: string): string {
  let out = html.replace(/<!--[\s\S]*?(-->|$)/g, '');
  for (const name of INVISIBLE) {
    // An unclosed element swallows the rest: better to lose text than to show script source.
    const element = new RegExp(`<${name}\\b[^>]*>[\\s\\S]*?(</${name}\\s*>|$)`, 'gi');
    out = out.replace(element, ' ');
    out = out.replace(new RegExp(`<${name}\\b[^>]*/>`, 'gi'), ' ');
  }
  return out;
}

// A tag, allowing ">" inside quoted attribute values. No part may cross a "<", which keeps
// matching linear on hostile input such as thousands of unclosed "<a".
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"<]*"|'[^'<]*'|[^'"<>])*)>/g;

export function htmlToPlainText(html: string): string {
  const visible = dropInvisible(html.replaceAll(BLOCK_EDGE, '')).replace(/<!doctype[^>]*>/gi, '');
  let text = '';
  let last = 0;
  for (const match of visible.matchAll(TAG)) {
    text += collapseSpace(visible.slice(last, match.index));
    last = match.index + match[0].length;
    const closing = match[1] === '/';
    const name = match[2].toLowerCase();
    if (name === 'br') text += '\n';
    else if (name === 'li') text += closing ? BLOCK_EDGE : BLOCK_EDGE + '- ';
    else if (CELL.has(name)) text += closing ? '' : ' ';
    else if (BLOCK.has(name)) text += BLOCK_EDGE;
  }
  text += collapseSpace(visible.slice(last));
  // Adjacent block edges (`</p><div>`) make one line break, not a blank line per tag.
  text = text.replace(new RegExp(`${BLOCK_EDGE}(?:[ \\t]*${BLOCK_EDGE})*`, 'g'), '\n');
  // Stray "<" that opened no tag stays as text; entities are decoded last so "&lt;b&gt;" stays literal.
  // No-break spaces only kept HTML from collapsing them; in plain text they are spaces.
  const decoded = decodeHtmlEntities(text).replace(/\u00a0/g, ' ');
  return decoded
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function collapseSpace(segment: string): string {
  return segment.replace(/[\s]+/g, ' ');
}
