// GET/POST /api/requester-links/{token}: the requester's one-click links in a resolution mail.
// Confirm closes the ticket as confirmed by the requester (and records a rating if one was
// chosen); reopen sends it back to the engineer. The signed token is the credential, so these
// routes are mounted where bearer auth does not apply. GET only shows the page (see linkPages).
import type { UpdateDefinition } from '@temporalio/common';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { ConfigSource } from '../config/source';
import { verifyRequesterLink, type RequesterLinkPayload } from '../links/requesterLinks';
import { linkSecret, SignedLinkExpiredError, SignedLinkInvalidError } from '../links/signedLink';
import type { SatisfactionRating } from '../ticket/state';
import { linkPage, linkProblem, prefersHtml } from './linkPages';
import { ProblemError } from './problem';
import type { Principal } from './auth';
import type { KbService } from './kbService';
import { solveWithArticle } from './selfService';
import type { TicketService } from './ticketService';
import { ticketUpdates, type TicketAck } from '../workflows/messages';

export const requesterLinkProblems = {
  invalid: (detail: string) => new ProblemError(400, 'requester-link-invalid', 'The link is not valid', detail),
  expired: (detail: string) => new ProblemError(410, 'requester-link-expired', 'The link has expired', detail),
  used: (detail: string) => new ProblemError(409, 'requester-link-used', 'The ticket has already moved on', detail),
  badRating: () => new ProblemError(422, 'invalid-rating', 'Unknown rating', 'rating must be satisfied, basically_satisfied or dissatisfied'),
};

const RATINGS: Array<[SatisfactionRating, string]> = [
  ['satisfied', '满意 / Satisfied'],
  ['basically_satisfied', '基本满意 / Mostly satisfied'],
  ['dissatisfied', '不满意 / Dissatisfied'],
];
const REOPEN_REASON = '问题仍然存在（通过解决通知中的链接重新打开）/ still a problem (reopened with the link in the resolution mail)';

/** `kb`: for "this article solved it" links from the acknowledgement's suggestions. */
export function requesterLinksRouter(tickets: TicketService, config: ConfigSource, env: NodeJS.ProcessEnv = process.env, kb?: KbService) {
  const app = new Hono();
  const verify = (token: string) => verifyRequesterLink(token, linkSecret(config.current(), env), new Date());

  app.get('/:token', (c) => {
    let link: RequesterLinkPayload;
    try {
      link = verify(c.req.param('token'));
    } catch (err) {
      return linkProblem(c, asProblem(err));
    }
    if (link.action === 'solved')
      return linkPage(
        c,
        200,
        `问题已解决 / Solved: ${link.ticketNumber}`,
        html`<p>知识库文章解决了您的问题？确认后工单 <strong>${link.ticketNumber}</strong> 将关闭。/ Did the knowledge article solve it? Ticket <strong>${link.ticketNumber}</strong> will be closed.</p>
          <form method="post" action="${c.req.path}"><p><button type="submit">已解决，关闭工单 / Solved, close the ticket</button></p></form>`,
      );
    if (link.action === 'confirm')
      return linkPage(
        c,
        200,
        `确认已解决 / Confirm: ${link.ticketNumber}`,
        html`<p>请确认工单 <strong>${link.ticketNumber}</strong> 的问题已经解决。/ Please confirm that ticket <strong>${link.ticketNumber}</strong> is solved.</p>
          <form method="post" action="${c.req.path}">
            <p>评价（可选）/ Rating (optional):</p>
            ${RATINGS.map(([value, label]) => html`<label><input type="radio" name="rating" value="${value}" /> ${label}</label><br />`)}
            <p><button type="submit">确认关闭 / Confirm and close</button></p>
          </form>`,
      );
    return linkPage(
      c,
      200,
      `重新打开 / Reopen: ${link.ticketNumber}`,
      html`<p>问题仍然存在？工单 <strong>${link.ticketNumber}</strong> 将重新打开。/ Still a problem? Ticket <strong>${link.ticketNumber}</strong> will be reopened.</p>
        <form method="post" action="${c.req.path}">
          <p><label>补充说明（可选）/ What is still wrong (optional):<br /><textarea name="reason" rows="4" cols="50" maxlength="2000"></textarea></label></p>
          <p><button type="submit">重新打开 / Reopen</button></p>
        </form>`,
    );
  });

  app.post('/:token', async (c) => {
    try {
      const link = verify(c.req.param('token'));
      const form = await formFields(c.req.raw);
      const actor = { role: 'requester' as const, id: link.requester };
      let ticket;
      if (link.action === 'solved') {
        ticket = await solvedByArticle(link);
      } else if (link.action === 'confirm') {
        const rating = form.rating || undefined;
        if (rating !== undefined && !RATINGS.some(([value]) => value === rating)) throw requesterLinkProblems.badRating();
        ticket = await act(tickets, link, ticketUpdates.close, { actor, confirmation: 'requester', note: 'confirmed with the link in the resolution mail', round: link.round });
        if (rating) ticket = await act(tickets, link, ticketUpdates.rate, { actor, rating: rating as SatisfactionRating });
      } else {
        ticket = await act(tickets, link, ticketUpdates.reopen, { actor, reason: form.reason?.trim().slice(0, 2000) || REOPEN_REASON, round: link.round });
      }
      const result = { number: ticket.number, status: ticket.status };
      if (!prefersHtml(c)) return c.json(result);
      return linkPage(c, 200, `已记录 / Recorded: ${ticket.number}`, html`<p>工单 ${ticket.number} 现在的状态：${ticket.status}。谢谢！/ Ticket ${ticket.number} is now ${ticket.status}. Thank you!</p>`);
    } catch (err) {
      return linkProblem(c, asProblem(err));
    }
  });

  /** The suggested article solved it: resolved and confirmed as self-served, counted for the reports. */
  async function solvedByArticle(link: RequesterLinkPayload) {
    const article = link.articleId !== undefined ? await kb?.read(link.articleId) : undefined;
    if (!article || article.status !== 'published') throw requesterLinkProblems.used('the article is no longer published; reply to the acknowledgement instead');
    const ticket = await tickets.read(link.ticketNumber);
    const principal: Principal = { role: 'requester', subject: link.requester, name: link.requester };
    return refusedAsUsed(solveWithArticle({ tickets, kb: kb! }, ticket, article, principal, link.requester));
  }

  return app;
}

function act<A>(tickets: TicketService, link: RequesterLinkPayload, update: UpdateDefinition<TicketAck, [A], string>, args: A) {
  return refusedAsUsed(tickets.act(link.ticketNumber, update, args));
}

/** A second click, or a link of an earlier resolution: the ticket refuses, the requester reads why. */
async function refusedAsUsed<T>(outcome: Promise<T>): Promise<T> {
  try {
    return await outcome;
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 409 || err.status === 422)) throw requesterLinkProblems.used(err.detail ?? err.message);
    throw err;
  }
}

/** The page posts a form; API clients may post JSON or nothing at all. */
async function formFields(request: Request): Promise<{ rating?: string; reason?: string }> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (!text) return {};
  if (type.includes('application/json')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return { rating: typeof body.rating === 'string' ? body.rating : undefined, reason: typeof body.reason === 'string' ? body.reason : undefined };
    } catch {
      throw requesterLinkProblems.invalid('the body is not JSON');
    }
  }
  const params = new URLSearchParams(text);
  return { rating: params.get('rating') ?? undefined, reason: params.get('reason') ?? undefined };
}

function asProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof SignedLinkExpiredError) return requesterLinkProblems.expired(err.message);
  if (err instanceof SignedLinkInvalidError) return requesterLinkProblems.invalid(err.message);
  throw err;
}
