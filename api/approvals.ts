// GET/POST /api/approvals/{token}: the one-click links in approval mails. GET only shows a
// confirmation page, because mail scanners prefetch links; the decision needs the page's POST.
// The token is the credential, so these routes must be mounted where bearer auth does not apply.
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { ApprovalLinkExpiredError, ApprovalLinkInvalidError, type ApprovalLinkPayload } from '../approval/links';
import { ProblemError } from './problem';

export interface DecidedTicket {
  number: string;
  status: string;
}

export interface ApprovalsRouterDeps {
  /** Throws ApprovalLinkInvalidError or ApprovalLinkExpiredError for links that cannot be used. */
  verify: (token: string) => ApprovalLinkPayload;
  /** Applies the decision to the ticket; throws approvalProblems.alreadyUsed() for a spent nonce. */
  decide: (payload: ApprovalLinkPayload) => Promise<DecidedTicket>;
}

export const approvalProblems = {
  invalid: (detail: string) => new ProblemError(400, 'approval-link-invalid', 'The approval link is not valid', detail),
  expired: (detail: string) => new ProblemError(410, 'approval-link-expired', 'The approval link has expired', detail),
  alreadyUsed: (detail: string) => new ProblemError(409, 'approval-link-used', 'The approval link has already been used', detail),
};

const DECISION_LABEL = { approve: '批准 / Approve', reject: '拒绝 / Reject' } as const;

// The token sits in the URL: keep it out of caches, Referer headers and search indexes, and let
// the page run no script and post only back to this desk.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};

export function approvalsRouter(deps: ApprovalsRouterDeps) {
  const app = new Hono();

  app.get('/:token', (c) => {
    let payload: ApprovalLinkPayload;
    try {
      payload = deps.verify(c.req.param('token'));
    } catch (err) {
      return problemPage(c, asProblem(err));
    }
    const label = DECISION_LABEL[payload.decision];
    return page(
      c,
      200,
      `${label}: ${payload.ticketNumber}`,
      html`<p>${payload.approver}，请确认对工单 <strong>${payload.ticketNumber}</strong> 的审批：${label}。</p>
        <p>${payload.approver}, please confirm your decision on ticket <strong>${payload.ticketNumber}</strong>: ${label}.</p>
        <form method="post" action="${c.req.path}"><button type="submit">${label}</button></form>
        <p><small>链接有效期至 / Valid until ${payload.expiresAt}</small></p>`,
    );
  });

  app.post('/:token', async (c) => {
    try {
      const payload = deps.verify(c.req.param('token'));
      const ticket = await deps.decide(payload);
      if (!prefersHtml(c)) return c.json(ticket);
      const label = DECISION_LABEL[payload.decision];
      return page(c, 200, `${label}: ${ticket.number}`, html`<p>已记录 / Recorded: ${label} — ${ticket.number} (${ticket.status}).</p>`);
    } catch (err) {
      const problem = asProblem(err);
      if (prefersHtml(c)) return problemPage(c, problem);
      throw problem; // the app's error handler answers with problem+json
    }
  });

  return app;
}

function asProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof ApprovalLinkExpiredError) return approvalProblems.expired(err.message);
  if (err instanceof ApprovalLinkInvalidError) return approvalProblems.invalid(err.message);
  throw err;
}

// A browser submitting the form asks for HTML; API clients (curl, the mail tests) get JSON.
function prefersHtml(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

function problemPage(c: Context, problem: ProblemError) {
  return page(c, problem.status, problem.title, html`<p>${problem.title}.</p><p>${problem.detail ?? ''}</p>`);
}

function page(c: Context, status: ProblemError['status'], title: string, body: ReturnType<typeof html>) {
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
