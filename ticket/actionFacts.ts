// What each ticket action is, without its schemas: the API route, the workflow update's name,
// the lifecycle step it is and who may take it. Zod-free, so the ticket workflow's bundle (which
// evaluates every module once per cached ticket) carries the names without zod (issue #10); the
// schemas are ticket/actions.ts, the workflow's check of an update's argument is
// ticket/argumentCheck.ts, generated from them.
import { ROLES, type Role } from '../config/schema/valueSets';
import type { TicketAction } from './lifecycle';

export interface ActionFacts {
  /** The path segment: POST /api/tickets/{number}/{route}. */
  route: string;
  /** The workflow update's name. */
  update: string;
  /** The lifecycle action it is (approval decisions follow the approval, not the status table). */
  lifecycle: TicketAction | null;
  roles: readonly Role[];
}

const STAFF: readonly Role[] = ['agent', 'admin'];
const EVERYONE: readonly Role[] = ROLES;

/** Every ticket action, keyed by its update name. */
export const ACTION_FACTS = {
  assign: { route: 'assign', update: 'assign', lifecycle: 'assign', roles: STAFF },
  respond: { route: 'respond', update: 'respond', lifecycle: 'respond', roles: STAFF },
  comment: { route: 'comments', update: 'comment', lifecycle: 'comment', roles: EVERYONE },
  changePriority: { route: 'priority', update: 'changePriority', lifecycle: 'changePriority', roles: STAFF },
  changeCategory: { route: 'category', update: 'changeCategory', lifecycle: 'changeCategory', roles: STAFF },
  pend: { route: 'pend', update: 'pend', lifecycle: 'pend', roles: STAFF },
  resume: { route: 'resume', update: 'resume', lifecycle: 'resume', roles: STAFF },
  resolve: { route: 'resolve', update: 'resolve', lifecycle: 'resolve', roles: STAFF },
  reopen: { route: 'reopen', update: 'reopen', lifecycle: 'reopen', roles: EVERYONE },
  close: { route: 'close', update: 'close', lifecycle: 'close', roles: EVERYONE },
  cancel: { route: 'cancel', update: 'cancel', lifecycle: 'cancel', roles: EVERYONE },
  decline: { route: 'decline', update: 'decline', lifecycle: 'decline', roles: STAFF },
  rate: { route: 'rate', update: 'rate', lifecycle: 'rate', roles: ['requester'] },
  decideApproval: { route: 'approval', update: 'decideApproval', lifecycle: null, roles: EVERYONE },
  escalateTier: { route: 'escalate-tier', update: 'escalateTier', lifecycle: 'assign', roles: STAFF },
  addHelper: { route: 'helpers', update: 'addHelper', lifecycle: 'assign', roles: STAFF },
  removeHelper: { route: 'remove-helper', update: 'removeHelper', lifecycle: 'assign', roles: STAFF },
  completeTask: { route: 'complete-task', update: 'completeTask', lifecycle: 'completeTask', roles: STAFF },
  recordWorkaround: { route: 'workaround', update: 'recordWorkaround', lifecycle: 'recordWorkaround', roles: STAFF },
  bookVisit: { route: 'visits', update: 'bookVisit', lifecycle: 'bookVisit', roles: STAFF },
  cancelVisit: { route: 'cancel-visit', update: 'cancelVisit', lifecycle: 'cancelVisit', roles: STAFF },
  recordArrival: { route: 'arrival', update: 'recordArrival', lifecycle: 'recordArrival', roles: STAFF },
  declareMajorIncident: { route: 'declare-major-incident', update: 'declareMajorIncident', lifecycle: null, roles: STAFF },
  linkTickets: { route: 'link-tickets', update: 'linkTickets', lifecycle: null, roles: STAFF },
  linkToMajorIncident: { route: 'link-to-major-incident', update: 'linkToMajorIncident', lifecycle: null, roles: STAFF },
  broadcastMajorIncidentUpdate: { route: 'broadcast', update: 'broadcastMajorIncidentUpdate', lifecycle: null, roles: STAFF },
  addWatcher: { route: 'watch', update: 'addWatcher', lifecycle: null, roles: EVERYONE },
  removeWatcher: { route: 'unwatch', update: 'removeWatcher', lifecycle: null, roles: EVERYONE },
  recordFollowUp: { route: 'follow-up', update: 'recordFollowUp', lifecycle: null, roles: STAFF },
} as const satisfies Record<string, ActionFacts>;

export type TicketActionName = keyof typeof ACTION_FACTS;

/** The action behind a route segment; own keys only, so `constructor` is not an action. */
export function actionByRoute(route: string): TicketActionName | undefined {
  for (const [name, facts] of Object.entries(ACTION_FACTS)) if (facts.route === route) return name as TicketActionName;
  return undefined;
}
