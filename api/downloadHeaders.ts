// Response headers for downloading a stored attachment. The name and type come from a mail,
// i.e. from anyone: they are made safe to put in a header and the browser must save, not render.

/** `attachment` with an ASCII `filename` for old clients and the UTF-8 `filename*` (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string | null, fallback: string): string {
  const name = safeFileName(filename) || fallback;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

/** A `type/subtype` as sent, lower-cased by the parser; anything odd is served as opaque bytes. */
export function safeContentType(contentType: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(contentType) ? contentType : 'application/octet-stream';
}

export function downloadHeaders(meta: { filename: string | null; contentType: string; sha256: string }, sizeBytes: number): Record<string, string> {
  return {
    'content-type': safeContentType(meta.contentType),
    'content-length': String(sizeBytes),
    'content-disposition': contentDisposition(meta.filename, `attachment-${meta.sha256.slice(0, 12)}`),
    // Never guess a type from the bytes, and run nothing if a browser shows it anyway (HTML, SVG).
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    // Who may read it is decided per token: no shared caches.
    'cache-control': 'private, no-cache',
  };
}

/** The last path segment without control characters: a name, never a path to write to. */
function safeFileName(filename: string | null): string {
  if (!filename) return '';
  const base = filename.split(/[/\\]/).pop() ?? '';
  return base
    .replace(/[\x00-\x1f\x7f]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') // lone surrogates: not encodable
    .trim()
    .slice(0, 255);
}

/** Percent-encodes UTF-8 except RFC 8187 attr-char (encodeURIComponent also leaves ' ( ) * alone). */
function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
