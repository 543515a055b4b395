// GET/POST /api/approvals/{token}: the one-click links in approval mails. GET only shows a
// confirmation page, because mail scanners prefetch links; the decision needs the page's POST.
// The token is the credential, so these routes must be mounted where bearer auth does not apply.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { ApprovalLinkExpiredError, ApprovalLinkInvalidError, type ApprovalLinkPayload } from '../links/approvalLinks';
import { linkPage, linkProblem, prefersHtml } from './linkPages';
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

export function approvalsRouter(deps: ApprovalsRouterDeps) {
  const app = new Hono();

  app.get('/:token', (c) => {
    let payload: ApprovalLinkPayload;
    try {
      payload = deps.verify(c.req.param('token'));
    } catch (err) {
      return linkProblem(c, asProblem(err));
    }
    const label = DECISION_LABEL[payload.decision];
    return linkPage(
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
      return linkPage(c, 200, `${label}: ${ticket.number}`, html`<p>已记录 / Recorded: ${label} — ${ticket.number} (${ticket.status}).</p>`);
    } catch (err) {
      return linkProblem(c, asProblem(err));
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
