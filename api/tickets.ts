// /api/tickets: create, list, read, and one route per agent or requester action.
import { Hono } from 'hono';
import type { UpdateDefinition } from '@temporalio/common';
import type { ConfigSource } from '../config/source';
import { actionByRoute, ticketActions, type TicketActionName } from '../ticket/actions';
import { TicketIntakeSchema } from '../ticket/intake';
import { ticketUpdates, type TicketAck } from '../workflows/messages';
import type { Actor } from '../ticket/state';
import type { AuthEnv, Principal } from './auth';
import { ListQuerySchema } from './bodies';
import { jsonBody } from './jsonBody';
import { fieldErrors, problems } from './problem';
import type { TicketService } from './ticketService';

/** What the API adds to a validated body to make the update's argument, beyond the actor. */
function derivedArgs(name: TicketActionName, actor: Actor): Record<string, unknown> {
  // Only the requester confirms; staff record a confirmation given by phone or chat.
  if (name === 'close') return { confirmation: actor.role === 'requester' ? 'requester' : 'agent-on-behalf' };
  return {};
}

const actorOf = (p: Principal): Actor => ({ role: p.role, id: p.subject });

export function ticketsRouter(service: TicketService, config: ConfigSource) {
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
    return c.json(ticket, replayed ? 200 : 201);
  });

  app.get('/', async (c) => {
    const parsed = ListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { limit, ...filter } = parsed.data;
    const principal = c.get('principal');
    const requester = principal.role === 'requester' ? principal.subject.toLowerCase() : undefined;
    return c.json({ items: await service.list({ ...filter, requester }, limit) });
  });

  app.get('/:number', async (c) => {
    const ticket = await service.get(c.req.param('number'));
    // A stuck ticket (its workflow cannot answer) is shown from visibility, with its health.
    const requesterEmail = 'health' in ticket ? ticket.requester : ticket.intake.requester.email;
    assertMayRead(c.get('principal'), requesterEmail, c.req.param('number'));
    return c.json(ticket);
  });

  app.post('/:number/:action', async (c) => {
    const action = c.req.param('action');
    const name = actionByRoute(action);
    if (!name) throw problems.notFound(`no action '${action}' (actions: ${Object.values(ticketActions).map((a) => a.route).join(', ')})`);
    const spec = ticketActions[name];
    const principal = c.get('principal');
    if (!spec.roles.includes(principal.role)) throw problems.forbidden(`${action} needs the role ${spec.roles.join(' or ')}`);
    const body: Record<string, any> = await jsonBody(c, spec.body);
    const number = c.req.param('number');
    if (principal.role === 'requester') {
      const ticket = await service.read(number);
      assertMayRead(principal, ticket.intake.requester.email, number);
      if (action === 'comments' && body.visibility === 'internal') throw problems.forbidden('requesters cannot write internal notes');
    }
    if (action === 'priority' && !config.current().priorities.priorities[body.priority])
      throw problems.invalidBody([{ path: 'priority', message: `unknown priority '${body.priority}'` }]);
    if (action === 'category' && !config.current().categories.categories[body.category])
      throw problems.invalidBody([{ path: 'category', message: `unknown category '${body.category}'` }]);
    if (action === 'assign' && body.group && !config.current().groups.groups[body.group])
      throw problems.invalidBody([{ path: 'group', message: `unknown group '${body.group}'` }]);
    const actor = actorOf(principal);
    return c.json(await service.act(number, ticketUpdates[name] as UpdateDefinition<TicketAck, [unknown], string>, { ...body, actor, ...derivedArgs(name, actor) }));
  });

  return app;
}

// A requester sees only their own tickets; for others the ticket does not exist (404, not
// 403, so ticket numbers cannot be probed).
export function assertMayRead(principal: Principal, requesterEmail: string, number: string) {
  if (principal.role === 'requester' && principal.subject.toLowerCase() !== requesterEmail.toLowerCase())
    throw problems.notFound(`no ticket ${number}`);
}
