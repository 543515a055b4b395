// The small HTML pages behind one-click links in mail (approvals, requester confirm / reopen).
// A GET only shows a page with a button, because mail scanners prefetch links; the action
// needs the page's POST. Browsers get HTML; API clients (curl, the tests) get JSON, problems
// as problem+json.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { problemResponse, type ProblemError } from './problem';

// The token sits in the URL: keep it out of caches, Referer headers and search indexes, and let
// the page run no script and post only back to this desk.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};

export function prefersHtml(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

export function problemPage(c: Context, problem: ProblemError) {
  return linkPage(c, problem.status, problem.title, html`<p>${problem.title}.</p><p>${problem.detail ?? ''}</p>`);
}

/** A refused link: a page for a browser, problem+json for every client that did not ask for HTML. */
export function linkProblem(c: Context, problem: ProblemError): Response | Promise<Response> {
  return prefersHtml(c) ? problemPage(c, problem) : problemResponse(c, problem);
}

export function linkPage(c: Context, status: ProblemError['status'], title: string, body: ReturnType<typeof html>) {
  return c.html(
    html`<!doctype html>
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title}</title>
        </head>
        <body style="font-family: sans-serif; max-width: 36em; margin: 2em auto">
          <h1>${title}</h1>
          ${body}
        </body>
      </html>`,
    status,
    PAGE_HEADERS,
  );
}
