// Binds the one-click approval routes to the real desk: links are verified with the secret named
// in approvals.yaml, and a decision is the ticket workflow's decideApproval update.
import { verifyApprovalLink, type ApprovalLinkPayload } from '../links/approvalLinks';
import type { ConfigSource } from '../config/source';
import { linkSecret } from '../links/signedLink';
import type { ApprovalsRouterDeps } from './approvals';
import { approvalProblems } from './approvals';
import { ticketUpdates } from '../workflows/messages';
import { ProblemError } from './problem';
import type { TicketService } from './ticketService';

export function approvalLinkDeps(tickets: TicketService, config: ConfigSource, env: NodeJS.ProcessEnv = process.env): ApprovalsRouterDeps {
  return {
    verify: (token) => verifyApprovalLink(token, linkSecret(config.current(), env), new Date()),
    async decide(payload: ApprovalLinkPayload) {
      try {
        const ticket = await tickets.act(payload.ticketNumber, ticketUpdates.decideApproval, {
          actor: { role: 'agent', id: payload.approver },
          decision: payload.decision,
          nonce: payload.nonce,
        });
        return { number: ticket.number, status: ticket.status };
      } catch (err) {
        // The workflow refuses a spent nonce or a decided approval as an illegal transition.
        if (err instanceof ProblemError && err.status === 409) throw approvalProblems.alreadyUsed(err.detail ?? err.message);
        throw err;
      }
    },
  };
}
