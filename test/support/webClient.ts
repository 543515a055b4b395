// A tiny browser for web tests over app.request() or real HTTP: keeps cookies, posts forms
// with the CSRF token of the page it last read, follows nothing by itself.
export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Set-Cookie lines of this response. */
  cookies: string[];
}

export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

export class WebClient {
  readonly jar = new Map<string, string>();
  lastPage = '';

  constructor(private readonly fetcher: Fetcher, private readonly headers: Record<string, string> = {}) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: URLSearchParams | FormData, extra: Record<string, string> = {}): Promise<WebResponse> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    if (body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await this.fetcher(path, { method, headers, body, redirect: 'manual' });
    const cookies = res.headers.getSetCookie();
    for (const line of cookies) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.jar.delete(name.trim());
      else this.jar.set(name.trim(), value);
    }
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('text/html')) this.lastPage = text;
    return { status: res.status, headers: res.headers, text, cookies };
  }

  get(path: string, extra?: Record<string, string>) {
    return this.request('GET', path, undefined, extra);
  }

  /** Posts a form carrying the CSRF token of the last page read (unless `_csrf` is given). */
  post(path: string, fields: Record<string, string>, extra?: Record<string, string>) {
    const body = new URLSearchParams({ _csrf: csrfOf(this.lastPage), ...fields });
    return this.request('POST', path, body, extra);
  }

  postMultipart(path: string, fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; bytes: Uint8Array }> = []) {
    const body = new FormData();
    body.set('_csrf', csrfOf(this.lastPage));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    for (const f of files) body.append(f.field, new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
    return this.request('POST', path, body);
  }
}

export function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** The `<h1>` of a page, without tags. */
export function headingOf(html: string): string {
  return (/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
}

/** The sign-in link's path in a mail text. */
export function signInPathOf(text: string): string {
  const match = /https?:\/\/[^\s/]+(\/portal\/signin\/[A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[1];
}
