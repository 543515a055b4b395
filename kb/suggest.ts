// What a suggestion of a knowledge article for a ticket is, and what a ticket is searched by:
// shared by the intake answer (API), the ticket page and the acknowledgement mail (store
// activity), so all three suggest the same articles. Pure.
import type { TicketIntake } from '../ticket/intake';
import type { Article } from './article';

export const SUGGESTION_LIMIT = 3;
const EXCERPT_LENGTH = 160;

export interface KbSuggestionRef {
  id: number;
  ref: string;
  title: string;
  /** The start of the solution, enough to see whether it fits. */
  excerpt: string;
}

/** The free text a ticket is matched on (loose search): title, error message, start of the description. */
export function suggestionQuery(intake: Pick<TicketIntake, 'title' | 'description' | 'errorMessage'>): string {
  return `${intake.title}\n${intake.errorMessage ?? ''}\n${intake.description.slice(0, 500)}`;
}

export function suggestionOf(article: Pick<Article, 'id' | 'ref' | 'title' | 'solution'>): KbSuggestionRef {
  const excerpt = article.solution.length > EXCERPT_LENGTH ? `${article.solution.slice(0, EXCERPT_LENGTH)}…` : article.solution;
  return { id: article.id, ref: article.ref, title: article.title, excerpt };
}
