// /api/tickets: create, list, read, and one route per agent or requester action.
import { Hono } from 'hono';
import type { Role } from '../config/schema/auth';
import { deskTimeZone } from '../config/deskZone';
import type { ConfigSource } from '../config/source';
import { InvalidPeriodError, parsePeriodBound } from '../sla/period';
import { TicketIntakeSchema } from '../ticket/intake';
import type { Actor } from '../ticket/state';
import type { AuthEnv, Principal } from './auth';
import { actionBodies, ListQuerySchema, type ActionRoute } from './bodies';
import { jsonBody } from './jsonBody';
import { fieldErrors, problems } from './problem';
import type { KbService } from './kbService';
import { countShown, suggestionsFor, type KbSuggestion } from './suggestions';
import type { TicketService } from './ticketService';

interface ActionSpec {
  update: string;
  roles: Role[];
  /** Builds the update argument from the validated body. */
  args: (body: any, actor: Actor) => Record<string, unknown>;
}

const STAFF: Role[] = ['agent', 'admin'];
const EVERYONE: Role[] = ['requester', 'agent', 'admin'];

const ACTIONS: Record<ActionRoute, ActionSpec> = {
  assign: { update: 'assign', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  respond: { update: 'respond', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  comments: { update: 'comment', roles: EVERYONE, args: (b, actor) => ({ ...b, actor }) },
  priority: { update: 'changePriority', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  category: { update: 'changeCategory', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  pend: { update: 'pend', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  resume: { update: 'resume', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  resolve: { update: 'resolve', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  reopen: { update: 'reopen', roles: EVERYONE, args: (b, actor) => ({ ...b, actor }) },
  close: {
    update: 'close',
    roles: EVERYONE,
    // Only the requester confirms; staff record a confirmation given by phone or chat.
    args: (b, actor) => ({ ...b, actor, confirmation: actor.role === 'requester' ? 'requester' : 'agent-on-behalf' }),
  },
  cancel: { update: 'cancel', roles: EVERYONE, args: (b, actor) => ({ ...b, actor }) },
  decline: { update: 'decline', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
  rate: { update: 'rate', roles: ['requester'], args: (b, actor) => ({ ...b, actor }) },
  // The approver (or an admin) decides; the workflow checks who the approver is.
  approval: { update: 'decideApproval', roles: STAFF, args: (b, actor) => ({ ...b, actor }) },
};

const actorOf = (p: Principal): Actor => ({ role: p.role, id: p.subject });

/** `kb`: answer a new ticket with knowledge-base suggestions (omitted when the desk has no store). */
export function ticketsRouter(service: TicketService, config: ConfigSource, kb?: KbService, log: (line: string) => void = console.error) {
  const app = new Hono<AuthEnv>();

  app.post('/', async (c) => {
    const principal = c.get('principal');
    const intake = await jsonBody(c, TicketIntakeSchema);
    if (principal.role === 'requester' && intake.requester.email !== principal.subject.toLowerCase())
      throw problems.forbidden('requesters open tickets for themselves only (requester.email must be yours)');
    const current = config.current();
    const unknown = [];
    if (intake.category && !current.categories.categories[intake.category])
      unknown.push({ path: 'category', message: `unknown category '${intake.category}'` });
    if (intake.priority && !current.priorities.priorities[intake.priority])
      unknown.push({ path: 'priority', message: `unknown priority '${intake.priority}'` });
    if (unknown.length) throw problems.invalidBody(unknown);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(key))
      throw problems.invalidBody([{ path: 'header.Idempotency-Key', message: '8–128 characters of A-Z a-z 0-9 . _ : -' }]);
    const { ticket, replayed } = await service.create(intake, key && `${principal.role}:${principal.subject}:${key}`);
    if (principal.role === 'requester' && ticket.intake.requester.email !== principal.subject.toLowerCase())
      throw problems.forbidden('that idempotency key belongs to another request');
    c.header('Location', `/api/tickets/${ticket.number}`);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    let suggestions: KbSuggestion[] | undefined;
    if (kb && ticket.status !== 'declined') {
      // A suggestion is a help, never a reason for the intake to fail.
      suggestions = await suggestionsFor(kb, ticket).catch((err) => {
        log(`kb suggestions for ${ticket.number} failed: ${(err as Error).message}`);
        return [];
      });
      if (!replayed) countShown(kb, suggestions, ticket.number, principal);
    }
    return c.json(suggestions ? { ...ticket, suggestions } : ticket, replayed ? 200 : 201);
  });

  app.get('/', async (c) => {
    const parsed = ListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { limit, from, to, ...filter } = parsed.data;
    const principal = c.get('principal');
    const requester = principal.role === 'requester' ? principal.subject.toLowerCase() : undefined;
    const zone = deskTimeZone(config.current());
    let period: { from?: Date; to?: Date };
    try {
      period = { from: from === undefined ? undefined : parsePeriodBound(from, zone, 'from'), to: to === undefined ? undefined : parsePeriodBound(to, zone, 'to') };
    } catch (err) {
      if (err instanceof InvalidPeriodError) throw problems.invalidBody([{ path: `query.${err.field}`, message: err.message }]);
      throw err;
    }
    return c.json({ items: await service.list({ ...filter, ...period, requester }, limit) });
  });

  app.get('/:number', async (c) => {
    const ticket = await service.get(c.req.param('number'));
    assertMayRead(c.get('principal'), ticket.intake.requester.email, c.req.param('number'));
    return c.json(ticket);
  });

  app.post('/:number/:action', async (c) => {
    const action = c.req.param('action') as ActionRoute;
    const spec = ACTIONS[action];
    if (!spec) throw problems.notFound(`no action '${action}' (actions: ${Object.keys(ACTIONS).join(', ')})`);
    const principal = c.get('principal');
    if (!spec.roles.includes(principal.role)) throw problems.forbidden(`${action} needs the role ${spec.roles.join(' or ')}`);
    const body: Record<string, any> = await jsonBody(c, actionBodies[action]);
    const number = c.req.param('number');
    if (principal.role === 'requester') {
      const ticket = await service.get(number);
      assertMayRead(principal, ticket.intake.requester.email, number);
      if (action === 'comments' && body.visibility === 'internal') throw problems.forbidden('requesters cannot write internal notes');
    }
    if (action === 'priority' && !config.current().priorities.priorities[body.priority])
      throw problems.invalidBody([{ path: 'priority', message: `unknown priority '${body.priority}'` }]);
    if (action === 'category' && !config.current().categories.categories[body.category])
      throw problems.invalidBody([{ path: 'category', message: `unknown category '${body.category}'` }]);
    if (action === 'assign' && body.group && !config.current().groups.groups[body.group])
      throw problems.invalidBody([{ path: 'group', message: `unknown group '${body.group}'` }]);
    return c.json(await service.act(number, spec.update, spec.args(body, actorOf(principal))));
  });

  return app;
}

// A requester sees only their own tickets; for others the ticket does not exist (404, not
// 403, so ticket numbers cannot be probed).
export function assertMayRead(principal: Principal, requesterEmail: string, number: string) {
  if (principal.role === 'requester' && principal.subject.toLowerCase() !== requesterEmail.toLowerCase())
    throw problems.notFound(`no ticket ${number}`);
}
