// The manual's dispatch table (routing.yaml `dispatch`): which seniority of engineer takes a
// ticket of each priority, and whom to ask when nobody of that seniority is available. Pure.
import { DEFAULT_SENIORITY, SENIORITIES, type Person, type Seniority } from '../config/schema/groups';
import type { Dispatch } from './schema';
import { ownValue } from '../config/lookup';

/** The seniority the table names for a priority; undefined when the table is absent or silent. */
export function wantedSeniority(dispatch: Dispatch | undefined, priority: string | undefined): Seniority | undefined {
  if (!dispatch || !priority) return undefined;
  return ownValue(dispatch as Record<string, Seniority>, priority);
}

/**
 * Whom to ask, in turn: the wanted seniority, then the more senior ones (nearest first), then the
 * less senior ones. A ticket is never handed to someone more junior than the table asks while a
 * more senior engineer is free: the manuals pull seniors in, they never push tickets down.
 */
export function seniorityOrder(wanted: Seniority): Seniority[] {
  const rank = SENIORITIES.indexOf(wanted);
  const above = SENIORITIES.slice(rank + 1);
  const below = SENIORITIES.slice(0, rank).reverse();
  return [wanted, ...above, ...below];
}

export function seniorityOf(members: readonly Person[], id: string): Seniority {
  return members.find((m) => m.id === id)?.seniority ?? DEFAULT_SENIORITY;
}
