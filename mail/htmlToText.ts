// Turns an HTML-only mail body into plain text an agent can read: active and invisible
// content (script, style, head ...) is dropped, block elements become line breaks.
// Written here rather than borrowed from mailparser so what is kept is our decision.
import { decodeHTML } from 'entities';

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

// Tokens that may be character references; each is decoded by `entities` (all HTML5 named
// references, legacy ones without ";", numeric ones with the HTML5 windows-1252 remapping
// such as &#x92; → ’). A hand-written table missed most of them (&szlig; &uuml; &ntilde; ...).
const REFERENCE = /&(?:#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi;
// What a numeric reference must not bring in: controls (other than tab and line feed), and the
// replacement character HTML5 gives NUL, surrogates and out-of-range code points.
const INVISIBLE_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/;

export function decodeHtmlEntities(text: string): string {
  return text.replace(REFERENCE, (reference) => {
    const decoded = decodeHTML(reference);
    return reference.startsWith('&#') && (decoded === '' || INVISIBLE_CHARACTER.test(decoded)) ? '' : decoded;
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
