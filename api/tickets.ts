// /api/tickets: create, list, read, and one route per agent or requester action.
import { Hono } from 'hono';
import type { UpdateDefinition } from '@temporalio/common';
import type { ConfigSource } from '../config/source';
import { assignProblems, helperProblems } from '../routing/assignTarget';
import { nextTier } from '../routing/tiers';
import type { LoadedConfig } from '../config/load';
import { hasOwnKey } from '../config/lookup';
import { watcherAddressProblems } from './watcherPolicy';
import { actionByRoute, ticketActions, type TicketActionName } from '../ticket/actions';
import { deskTimeZone } from '../config/deskZone';
import { InvalidPeriodError, parsePeriodBound } from '../sla/period';
import { TicketIntakeSchema } from '../ticket/intake';
import { requestProblems } from '../ticket/requestFields';
import { intakeAuthorityProblems, withDirectoryFacts, type IntakeAuthor } from '../ticket/intakeAuthority';
import type { Actor } from '../ticket/state';
import type { AuthEnv, Principal } from './auth';
import { ListQuerySchema } from './bodies';
import { jsonBody } from './jsonBody';
import { fieldErrors, problems, type FieldError } from './problem';
import { ticketFor } from './roleViews';
import type { KbService } from './kbService';
import { countShown, suggestionsFor, type KbSuggestion } from './suggestions';
import type { TicketService } from './ticketService';
import { majorIncidentActionProblems } from './majorIncidents';
import { ticketUpdates, type TicketAck } from '../workflows/messages';

/** What the API adds to a validated body to make the update's argument, beyond the actor. */
function derivedArgs(name: TicketActionName, actor: Actor): Record<string, unknown> {
  // Only the requester confirms; staff record a confirmation given by phone or chat.
  if (name === 'close') return { confirmation: actor.role === 'requester' ? 'requester' : 'agent-on-behalf' };
  return {};
}

const actorOf = (p: Principal): Actor => ({ role: p.role, id: p.subject });
const authorOf = (p: Principal): IntakeAuthor => (p.role === 'requester' ? 'requester' : 'staff');

/** `kb`: answer a new ticket with knowledge-base suggestions (omitted when the desk has no store). */
export function ticketsRouter(service: TicketService, config: ConfigSource, kb?: KbService, log: (line: string) => void = console.error) {
  const app = new Hono<AuthEnv>();

  app.post('/', async (c) => {
    const principal = c.get('principal');
    const stated = await jsonBody(c, TicketIntakeSchema);
    if (principal.role === 'requester' && stated.requester.email !== principal.subject.toLowerCase())
      throw problems.forbidden('requesters open tickets for themselves only (requester.email must be yours)');
    const current = config.current();
    const refused = [
      ...intakeAuthorityProblems(stated, authorOf(principal)),
      ...unknownNames(current, { category: stated.category, priority: stated.priority }),
      ...requestProblems(current.catalogue, stated),
    ];
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
    let suggestions: KbSuggestion[] | undefined;
    if (kb && ticket.status !== 'declined') {
      // A suggestion is a help, never a reason for the intake to fail.
      suggestions = await suggestionsFor(kb, ticket).catch((err) => {
        log(`kb suggestions for ${ticket.number} failed: ${(err as Error).message}`);
        return [];
      });
      if (!replayed) countShown(kb, suggestions, ticket.number, principal);
    }
    const shown = ticketFor(principal, ticket);
    return c.json(suggestions ? { ...shown, suggestions } : shown, replayed ? 200 : 201);
  });

  app.get('/', async (c) => {
    const parsed = ListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { limit, from, to, ...filter } = parsed.data;
    const principal = c.get('principal');
    const requester = principal.role === 'requester' ? principal.subject.toLowerCase() : undefined;
    // Summaries hold only what every reader may see (status, clocks due, group, assignee).
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
    const principal = c.get('principal');
    const ticket = await service.get(c.req.param('number'));
    // A stuck ticket (its workflow cannot answer) is shown from visibility, with its health:
    // only what the search attributes hold, which every reader of the ticket may see.
    if ('health' in ticket) {
      assertMayRead(principal, ticket.requester, c.req.param('number'));
      return c.json(ticket);
    }
    assertMayRead(principal, ticket.intake.requester.email, c.req.param('number'));
    return c.json(ticketFor(principal, ticket));
  });

  app.post('/:number/:action', async (c) => {
    const action = c.req.param('action');
    // Own keys only: `constructor` or `toString` is no action, not Object.prototype's.
    const name = actionByRoute(action);
    if (!name) throw problems.notFound(`no action '${action}' (actions: ${Object.values(ticketActions).map((a) => a.route).join(', ')})`);
    const spec = ticketActions[name];
    const principal = c.get('principal');
    if (!spec.roles.includes(principal.role)) throw problems.forbidden(`${action} needs the role ${spec.roles.join(' or ')}`);
    const body: Record<string, any> = await jsonBody(c, spec.body);
    const number = c.req.param('number');
    if (principal.role === 'requester') {
      const ticket = await service.read(number);
      // A line manager without a desk role decides the step that waits for them (their address is the approver's id).
      if (name === 'decideApproval') assertIsApprover(principal, ticket.approval?.approver ?? null, number);
      else assertMayRead(principal, ticket.intake.requester.email, number);
      if (name === 'comment' && body.visibility === 'internal') throw problems.forbidden('requesters cannot write internal notes');
    }
    const current = config.current();
    const refused =
      name === 'changePriority' ? unknownNames(current, { priority: body.priority })
      : name === 'changeCategory' ? unknownNames(current, { category: body.category })
      : name === 'assign' ? assignProblems(current.groups, body, await service.read(number))
      : name === 'addHelper' ? helperProblems(current.groups, body.helper)
      : name === 'bookVisit' ? engineerProblems(current, body.engineer)
      : name === 'addWatcher' ? watcherAddressProblems(current, principal.role, body.address)
      : await majorIncidentActionProblems(name, body, principal, current.groups, service);
    if (refused.length) throw problems.invalidBody(refused);
    if (name === 'escalateTier') {
      // Said before the workflow is asked, with the ladder it looked at (the workflow asks again).
      const ticket = await service.read(number);
      const next = nextTier(current, ticket.category, ticket.group);
      if (!next.found) throw problems.illegalTransition(`no next tier: ${next.why}`);
    }
    const actor = actorOf(principal);
    const update = ticketUpdates[name] as UpdateDefinition<TicketAck, [unknown], string>;
    return c.json(ticketFor(principal, await service.act(number, update, { ...body, actor, ...derivedArgs(name, actor) })));
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

/** A requester-role caller may decide only an approval that waits for them; others find no ticket. */
function assertIsApprover(principal: Principal, approver: { id: string; email: string } | null, number: string) {
  const subject = principal.subject.toLowerCase();
  if (!approver || (approver.id.toLowerCase() !== subject && approver.email.toLowerCase() !== subject)) throw problems.notFound(`no ticket ${number}`);
}

/** A visit's engineer must be someone in groups.yaml (the requester is mailed their name). */
function engineerProblems(current: LoadedConfig, engineer: string | undefined): FieldError[] {
  if (engineer === undefined) return [];
  const known = Object.values(current.groups.groups).some((g) => g.members.some((m) => m.id === engineer));
  return known ? [] : [{ path: 'engineer', message: `'${engineer}' is not a member of any group in groups.yaml` }];
}

// A requester sees only their own tickets; for others the ticket does not exist (404, not
// 403, so ticket numbers cannot be probed).
export function assertMayRead(principal: Principal, requesterEmail: string, number: string) {
  if (principal.role === 'requester' && principal.subject.toLowerCase() !== requesterEmail.toLowerCase())
    throw problems.notFound(`no ticket ${number}`);
}
