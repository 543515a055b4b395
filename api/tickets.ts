// /api/tickets: create, list, read, and one route per agent or requester action.
import { Hono } from 'hono';
import type { Role } from '../config/schema/auth';
import type { ConfigSource } from '../config/source';
import { assignProblems } from '../assignment/assignTarget';
import type { LoadedConfig } from '../config/load';
import { hasOwnKey, ownValue } from '../config/lookup';
import { TicketIntakeSchema } from '../ticket/intake';
import { intakeAuthorityProblems, withDirectoryFacts, type IntakeAuthor } from '../ticket/intakeAuthority';
import type { Actor } from '../ticket/state';
import type { AuthEnv, Principal } from './auth';
import { actionBodies, ListQuerySchema, type ActionRoute } from './bodies';
import { jsonBody } from './jsonBody';
import { fieldErrors, problems, type FieldError } from './problem';
import { ticketFor } from './roleViews';
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
const authorOf = (p: Principal): IntakeAuthor => (p.role === 'requester' ? 'requester' : 'staff');

export function ticketsRouter(service: TicketService, config: ConfigSource) {
  const app = new Hono<AuthEnv>();

  app.post('/', async (c) => {
    const principal = c.get('principal');
    const stated = await jsonBody(c, TicketIntakeSchema);
    if (principal.role === 'requester' && stated.requester.email !== principal.subject.toLowerCase())
      throw problems.forbidden('requesters open tickets for themselves only (requester.email must be yours)');
    const current = config.current();
    const refused = [...intakeAuthorityProblems(stated, authorOf(principal)), ...unknownNames(current, { category: stated.category, priority: stated.priority })];
    if (refused.length) throw problems.invalidBody(refused);
    const intake = withDirectoryFacts(stated, current.directory);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(key))
      throw problems.invalidBody([{ path: 'header.Idempotency-Key', message: '8–128 characters of A-Z a-z 0-9 . _ : -' }]);
    const { ticket, replayed } = await service.create(intake, key && `${principal.role}:${principal.subject}:${key}`);
    if (principal.role === 'requester' && ticket.intake.requester.email !== principal.subject.toLowerCase())
      throw problems.forbidden('that idempotency key belongs to another request');
    c.header('Location', `/api/tickets/${ticket.number}`);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(ticketFor(principal, ticket), replayed ? 200 : 201);
  });

  app.get('/', async (c) => {
    const parsed = ListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { limit, ...filter } = parsed.data;
    const principal = c.get('principal');
    const requester = principal.role === 'requester' ? principal.subject.toLowerCase() : undefined;
    // Summaries hold only what every reader may see (status, clocks due, group, assignee).
    return c.json({ items: await service.list({ ...filter, requester }, limit) });
  });

  app.get('/:number', async (c) => {
    const principal = c.get('principal');
    const ticket = await service.get(c.req.param('number'));
    assertMayRead(principal, ticket.intake.requester.email, c.req.param('number'));
    return c.json(ticketFor(principal, ticket));
  });

  app.post('/:number/:action', async (c) => {
    const action = c.req.param('action');
    // Own keys only: `constructor` or `toString` is no action, not Object.prototype's.
    const spec = ownValue(ACTIONS, action);
    if (!spec) throw problems.notFound(`no action '${action}' (actions: ${Object.keys(ACTIONS).join(', ')})`);
    const route = action as ActionRoute;
    const principal = c.get('principal');
    if (!spec.roles.includes(principal.role)) throw problems.forbidden(`${action} needs the role ${spec.roles.join(' or ')}`);
    const body: Record<string, any> = await jsonBody(c, actionBodies[route]);
    const number = c.req.param('number');
    if (principal.role === 'requester') {
      const ticket = await service.get(number);
      assertMayRead(principal, ticket.intake.requester.email, number);
      if (route === 'comments' && body.visibility === 'internal') throw problems.forbidden('requesters cannot write internal notes');
    }
    const current = config.current();
    const refused =
      route === 'priority' ? unknownNames(current, { priority: body.priority })
      : route === 'category' ? unknownNames(current, { category: body.category })
      : route === 'assign' ? assignProblems(current.groups, body, await service.get(number))
      : [];
    if (refused.length) throw problems.invalidBody(refused);
    return c.json(ticketFor(principal, await service.act(number, spec.update, spec.args(body, actorOf(principal)))));
  });

  return app;
}

/** Categories and priorities a body names that the config does not define (own keys only). */
function unknownNames(current: LoadedConfig, names: { category?: string; priority?: string }): FieldError[] {
  const out: FieldError[] = [];
  if (names.category !== undefined && !hasOwnKey(current.categories.categories, names.category))
    out.push({ path: 'category', message: `unknown category '${names.category}' (known: ${Object.keys(current.categories.categories).join(', ')})` });
  if (names.priority !== undefined && !hasOwnKey(current.priorities.priorities, names.priority))
    out.push({ path: 'priority', message: `unknown priority '${names.priority}' (known: ${Object.keys(current.priorities.priorities).join(', ')})` });
  return out;
}

// A requester sees only their own tickets; for others the ticket does not exist (404, not
// 403, so ticket numbers cannot be probed).
export function assertMayRead(principal: Principal, requesterEmail: string, number: string) {
  if (principal.role === 'requester' && principal.subject.toLowerCase() !== requesterEmail.toLowerCase())
    throw problems.notFound(`no ticket ${number}`);
}
