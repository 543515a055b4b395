// Knowledge-base suggestions for a ticket: the best published articles for its title and
// description (loose match, DESIGN §2), in the intake answer and on the ticket.
import type { Principal } from './auth';
import type { KbService } from './kbService';
import { actorId } from '../kb/permissions';
import type { TicketView } from '../ticket/state';

export interface KbSuggestion {
  id: number;
  ref: string;
  title: string;
  /** The start of the solution, enough to see whether it fits. */
  excerpt: string;
  url: string;
}

export const SUGGESTION_LIMIT = 3;

export async function suggestionsFor(kb: KbService, ticket: Pick<TicketView, 'intake'>, limit = SUGGESTION_LIMIT): Promise<KbSuggestion[]> {
  const text = `${ticket.intake.title}\n${ticket.intake.errorMessage ?? ''}\n${ticket.intake.description.slice(0, 500)}`;
  const hits = await kb.search(text, { statuses: ['published'], limit, mode: 'loose' });
  return hits.map(({ article }) => ({
    id: article.id,
    ref: article.ref,
    title: article.title,
    excerpt: article.solution.length > 160 ? `${article.solution.slice(0, 160)}…` : article.solution,
    url: `/api/kb/${article.id}`,
  }));
}

/** Suggestions shown to a person are counted (suggestions shown ÷ "this solved it" in reports). */
export function countShown(kb: KbService, suggestions: KbSuggestion[], ticketNumber: string, principal: Principal): void {
  kb.count(suggestions.map((s) => ({ articleId: s.id, kind: 'suggested', ticketNumber, actor: actorId(principal) })));
}
