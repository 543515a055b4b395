// Major incidents in the API (issue #12): who may declare one, what the API checks before a
// ticket is linked to one (the workflows only learn of a refusal afterwards, by signal), and
// GET /api/major-incidents — the open ones, from the `MajorIncident` search attribute.
import { Hono } from 'hono';
import type { GroupsConfig } from '../config/schema/groups';
import { isGroupLead } from '../kb/permissions';
import type { TicketActionName } from '../ticket/actions';
import type { AuthEnv, Principal } from './auth';
import { problems, type FieldError } from './problem';
import type { TicketService } from './ticketService';

/** Declaring is for group leads (groups.yaml `lead`) and admins: it wakes the IT manager and department heads. */
export function mayDeclareMajorIncident(principal: Principal, groups: GroupsConfig): boolean {
  return principal.role === 'admin' || isGroupLead(principal, groups);
}

/**
 * What must hold before a major-incident action reaches the workflow; throws 403 for a caller who
 * may not declare, answers field problems (422) for a link to a ticket that is no open major incident.
 */
export async function majorIncidentActionProblems(
  name: TicketActionName,
  body: Record<string, unknown>,
  principal: Principal,
  groups: GroupsConfig,
  service: TicketService,
): Promise<FieldError[]> {
  if (name === 'declareMajorIncident' && !mayDeclareMajorIncident(principal, groups))
    throw problems.forbidden('declaring a major incident is for group leads (groups.yaml lead) and admins');
  if (name === 'linkTickets') {
    // Unknown numbers are a mistake in the request; finished tickets are refused by the tickets themselves.
    const numbers = body.tickets as string[];
    const found = await Promise.all(numbers.map((n) => service.get(n).then(() => true, () => false)));
    return numbers.flatMap((n, i) => (found[i] ? [] : [{ path: `tickets.${i}`, message: `no ticket ${n}` }]));
  }
  if (name !== 'linkToMajorIncident') return [];
  const number = String(body.majorIncident);
  const target = await service.read(number).catch(() => undefined);
  if (!target) return [{ path: 'majorIncident', message: `no ticket ${number}` }];
  if (target.majorIncident?.status !== 'open') return [{ path: 'majorIncident', message: `${number} is not an open major incident` }];
  return [];
}

export function majorIncidentsRouter(service: TicketService) {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c) => {
    if (c.get('principal').role === 'requester') throw problems.forbidden('major incidents are for staff');
    return c.json({ items: await service.list({ majorIncident: 'open' }, 100) });
  });
  return app;
}
