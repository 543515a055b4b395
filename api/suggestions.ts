// Knowledge-base suggestions for a ticket: the best published articles for its title and
// description (loose match, DESIGN §2), in the intake answer and on the ticket.
import type { Principal } from './auth';
import type { KbService } from './kbService';
import { actorId } from '../kb/permissions';
import type { TicketView } from '../ticket/state';
import { SUGGESTION_LIMIT, suggestionOf, suggestionQuery, type KbSuggestionRef } from '../kb/suggest';

export type KbSuggestion = KbSuggestionRef & { url: string };

export async function suggestionsFor(kb: KbService, ticket: Pick<TicketView, 'intake'>, limit = SUGGESTION_LIMIT): Promise<KbSuggestion[]> {
  const hits = await kb.search(suggestionQuery(ticket.intake), { statuses: ['published'], limit, mode: 'loose' });
  return hits.map(({ article }) => ({ ...suggestionOf(article), url: `/api/kb/${article.id}` }));
}

/** Suggestions shown to a person are counted (suggestions shown ÷ "this solved it" in reports). */
export function countShown(kb: KbService, suggestions: KbSuggestion[], ticketNumber: string, principal: Principal): void {
  kb.count(suggestions.map((s) => ({ articleId: s.id, kind: 'suggested', ticketNumber, actor: actorId(principal) })));
}
