// "This article solved it": the ticket is resolved as self-served and, since the requester has
// just said so, confirmed at once. Through the ticket's ordinary updates (act), never around
// the workflow. The resolution code `self-service:KB-12` is what reports count.
import type { Article } from '../kb/article';
import type { Actor, TicketView } from '../ticket/state';
import { actorId } from '../kb/permissions';
import type { Principal } from './auth';
import type { KbService } from './kbService';
import { problems } from './problem';
import type { TicketService } from './ticketService';
import { ticketUpdates } from '../workflows/messages';

export const SELF_SERVICE_CODE_PREFIX = 'self-service:';
const KB_SELF_SERVICE: Actor = { role: 'system', id: 'kb-self-service' };

export async function resolveSelfServed(tickets: TicketService, ticket: TicketView, article: Article, principal: Principal): Promise<TicketView> {
  const number = ticket.number;
  const actor: Actor = { role: principal.role, id: principal.subject };
  const byRequester = principal.role === 'requester';
  if (!['new', 'assigned', 'in_progress', 'pending'].includes(ticket.status))
    throw problems.illegalTransition(`ticket ${number} is ${ticket.status}; only an open ticket can be solved by an article`);
  // A ticket nobody has taken yet cannot be resolved: it is taken by its own group first.
  if (ticket.status === 'new')
    await tickets.act(number, ticketUpdates.assign, { group: ticket.group, actor: KB_SELF_SERVICE, reason: `self-served with ${article.ref}` });
  const note = byRequester
    ? `Self-served: the requester says ${article.ref} “${article.title}” solved it.`
    : `Self-served: the requester told ${principal.subject} that ${article.ref} “${article.title}” solved it.`;
  await tickets.act(number, ticketUpdates.resolve, { resolutionNote: note, code: `${SELF_SERVICE_CODE_PREFIX}${article.ref}`, actor });
  return tickets.act(
    number,
    ticketUpdates.close,
    byRequester ? { confirmation: 'requester', actor } : { confirmation: 'agent-on-behalf', actor, note: `the requester said ${article.ref} solved it` },
  );
}

/** "This article solved it", wherever it was said: the ticket closes self-served and the use is counted. */
export async function solveWithArticle(
  deps: { tickets: TicketService; kb: Pick<KbService, 'record'> },
  ticket: TicketView,
  article: Article,
  principal: Principal,
  countedAs = actorId(principal),
): Promise<TicketView> {
  const resolved = await resolveSelfServed(deps.tickets, ticket, article, principal);
  await deps.kb.record([{ articleId: article.id, kind: 'solved', ticketNumber: ticket.number, actor: countedAs }]);
  return resolved;
}
