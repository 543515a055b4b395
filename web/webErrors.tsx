// Errors on web pages become pages, not problem+json: not found, Temporal unreachable, or a
// generic error (logged with its stack). Set on every web router (Hono applies a router's own
// handler to its routes).
import type { Context, ErrorHandler } from 'hono';
import { ProblemError } from '../api/problem';
import { MessagePage } from './components/Pages';
import type { WebEnv } from './env';
import { renderPage } from './render';

export function webErrorHandler(log: (line: string) => void): ErrorHandler<WebEnv> {
  return (err, c: Context<WebEnv>) => {
    const ui = c.get('ui');
    if (err instanceof ProblemError && err.status === 404 && ui) return renderPage(c, <MessagePage ui={ui} title="notFound.title" body="notFound.body" />, 404);
    if (!(err instanceof ProblemError && err.status === 503)) log(`web error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? err}`);
    const status = err instanceof ProblemError && err.status === 503 ? 503 : 500;
    if (!ui) return c.text('error', status);
    return renderPage(c, <MessagePage ui={ui} title="error.title" body="error.body" />, status);
  };
}
