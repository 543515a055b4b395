// /portal: the requester's places — my tickets, a new request, a ticket with its public
// conversation and the requester's actions. Someone else's ticket does not exist (404).
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { ProblemError } from '../../api/problem';
import { watcherAddressProblems } from '../../api/watcherPolicy';
import { findPerson } from '../../config/schema/directory';
import type { Actor, SatisfactionRating, TicketView } from '../../ticket/state';
import { sendAttachment } from '../attachmentDownload';
import { deskTimeZone } from '../deskTime';
import type { WebEnv } from '../env';
import { renderPage } from '../render';
import { requesterView, type RequesterTicket } from '../requesterView';
import type { TicketSummary } from '../../api/ticketService';
import type { WebDeps } from '../webDeps';
import { webErrorHandler } from '../webErrors';
import { MyTicketsPage } from './MyTicketsPage';
import { NewTicketPage, type FormProblem } from './NewTicketPage';
import { PortalTicketPage } from './PortalTicketPage';
import { intakeFromForm, submitFormOf, validIdempotencyKey } from './submitForm';
import { NewRequestPage } from './NewRequestPage';
import { intakeFromRequestForm, requestFormOf } from './requestForm';
import { ownValue } from '../../config/lookup';
import { checkUploads, keepUploads, portalAttachmentsOf, uploadLimits, formatBytes } from './uploads';

const RATINGS: SatisfactionRating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
/** "My tickets" reads each ticket for its last update: the newest this many, each within this time. */
const MY_TICKETS_SHOWN = 50;
const READ_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function fromSummary(s: TicketSummary): RequesterTicket {
  return {
    number: s.number,
    title: s.title,
    status: s.status as RequesterTicket['status'],
    priority: s.priority,
    createdAt: '',
    updatedAt: '',
    responseDueAt: s.slaResponseDue,
    resolutionDueAt: s.slaResolutionDue,
    intake: { requester: { email: s.requester } } as RequesterTicket['intake'],
    conversation: [],
    attachments: [],
    watchers: [],
  };
}

export function portalRoutes(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.onError(webErrorHandler(deps.log));

  // Everything below needs a person with a mail address.
  app.use('*', async (c, next) => {
    const session = c.get('session');
    if (c.req.path.startsWith('/portal/signin')) return next();
    if (!session) return c.redirect('/portal/signin', 303);
    if (!session.email) return c.redirect('/desk', 303); // a token session has no tickets of its own
    await next();
  });

  const requesterOf = (c: Context<WebEnv>): Actor => ({ role: 'requester', id: c.get('session')!.email });

  /** The ticket if it is this person's; otherwise it does not exist. */
  async function ownTicket(c: Context<WebEnv>, number: string): Promise<TicketView> {
    const ticket = await deps.tickets.get(number);
    if (ticket.intake.requester.email.toLowerCase() !== c.get('session')!.email) throw new ProblemError(404, 'not-found', 'Not found', `no ticket ${number}`);
    return ticket;
  }

  app.get('/', async (c) => {
    const email = c.get('session')!.email;
    const prefix = `${deps.config.current().desk.ticketPrefix}-`;
    // Only this desk's numbers: another desk sharing the namespace is none of our business.
    const summaries = (await deps.tickets.list({ requester: email }, 500)).filter((s) => s.number.startsWith(prefix));
    const newest = summaries.sort((a, b) => b.number.localeCompare(a.number)).slice(0, MY_TICKETS_SHOWN);
    // A ticket that does not answer in time is shown from its search attributes, without its last update.
    const tickets = (await Promise.all(newest.map((s) => withTimeout(deps.tickets.get(s.number).then(requesterView), READ_TIMEOUT_MS).catch(() => fromSummary(s)))))
      .filter((t) => t.intake.requester.email === email)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return renderPage(c, <MyTicketsPage ui={c.get('ui')} tickets={tickets} />);
  });

  app.get('/new', (c) => {
    const config = deps.config.current();
    // ?item=<id>: the form of that catalogue request; otherwise the incident form.
    const itemId = c.req.query('item');
    const item = itemId ? ownValue(config.catalogue.items, itemId) : undefined;
    if (itemId && item)
      return renderPage(c, <NewRequestPage ui={c.get('ui')} catalogue={config.catalogue} itemId={itemId} item={item} form={{}} idempotencyKey={randomUUID()} problems={[]} />);
    const person = findPerson(config.directory, c.get('session')!.email);
    const form = { phone: person?.phone ?? '', department: person?.department ?? '' };
    return renderPage(c, <NewTicketPage ui={c.get('ui')} form={form} idempotencyKey={randomUUID()} problems={[]} limits={uploadLimits(config)} catalogue={config.catalogue} />);
  });

  app.post('/new', async (c) => {
    const ui = c.get('ui');
    const session = c.get('session')!;
    const config = deps.config.current();
    const body = await c.req.parseBody({ all: true });
    const itemId = typeof body.catalogueItem === 'string' ? body.catalogueItem : undefined;
    const item = itemId ? ownValue(config.catalogue.items, itemId) : undefined;
    if (itemId && item) {
      // A catalogue request: its own fields, checked as the API checks them.
      const person = findPerson(config.directory, session.email);
      const requester = { name: person?.name ?? session.principal.name, email: session.email, department: person?.department, employeeId: person?.employeeId, language: person?.language };
      const requestForm = requestFormOf(body, item);
      const requestKey = validIdempotencyKey(requestForm.idempotencyKey) ? requestForm.idempotencyKey : randomUUID();
      const result = intakeFromRequestForm(requestForm, item, config.catalogue, requester, ui.lang);
      if (!result.ok)
        return renderPage(c, <NewRequestPage ui={ui} catalogue={config.catalogue} itemId={itemId} item={item} form={requestForm} idempotencyKey={requestKey} problems={result.problems} />, 422);
      const { ticket } = await deps.tickets.open(result.intake, `portal:${session.email}:${requestKey}`);
      if (ticket.intake.requester.email !== session.email) throw new Error('an idempotency key of another person came back');
      return c.redirect(`/portal/tickets/${ticket.number}`, 303);
    }
    const form = submitFormOf(body);
    const key = validIdempotencyKey(form.idempotencyKey) ? form.idempotencyKey : randomUUID();
    const limits = uploadLimits(config);
    const person = findPerson(config.directory, session.email);
    const requester = { name: person?.name ?? session.principal.name, email: session.email, department: person?.department, employeeId: person?.employeeId, language: person?.language };
    const result = intakeFromForm(form, requester, deskTimeZone(config));
    const files = ([] as unknown[]).concat(body.attachments ?? []).filter((f): f is File => f instanceof File);
    const uploads = await checkUploads(files, limits);
    const problems: FormProblem[] = [
      ...(result.ok ? [] : result.problems),
      ...(uploads.ok ? [] : uploads.problems.map((p) => ({ field: 'attachments', key: p.kind === 'tooLarge' ? ('attach.tooLarge' as const) : ('attach.tooMuch' as const), params: { name: p.name, limit: formatBytes(p.limit) } }))),
    ];
    if (!result.ok || !uploads.ok) return renderPage(c, <NewTicketPage ui={ui} form={form} idempotencyKey={key} problems={problems} limits={limits} catalogue={config.catalogue} />, 422);
    // Scoped to the person like the API scopes keys: a double-clicked submit is one ticket.
    const { ticket } = await deps.tickets.open(result.intake, `portal:${session.email}:${key}`);
    if (ticket.intake.requester.email !== session.email) throw new Error('an idempotency key of another person came back'); // cannot happen: the key is scoped
    await keepUploads(deps.attachments(), deps.store.db, ticket.number, session.email, uploads.files, new Date());
    return c.redirect(`/portal/tickets/${ticket.number}`, 303);
  });

  app.get('/tickets/:number', async (c) => {
    const ticket = await ownTicket(c, c.req.param('number'));
    const uploads = await portalAttachmentsOf(deps.store.db, ticket.number);
    return renderPage(c, <PortalTicketPage ui={c.get('ui')} ticket={requesterView(ticket)} uploads={uploads} done={c.req.query('done') !== undefined} catalogue={deps.config.current().catalogue} />);
  });

  app.get('/tickets/:number/attachments/:sha256', async (c) => {
    const ticket = await ownTicket(c, c.req.param('number'));
    // Only what the requester may see: the opening mail and public comments.
    const visible = { number: ticket.number, mail: ticket.mail, comments: ticket.comments.filter((x) => x.visibility === 'public') };
    return sendAttachment(c, deps, visible, c.req.param('sha256'));
  });

  const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

  // One route per requester action; each answers with the ticket page (303 on success).
  const ACTIONS: Record<string, (c: Context<WebEnv>, number: string, form: Record<string, unknown>) => Promise<unknown>> = {
    reply: (c, n, f) => deps.tickets.comment(n, requesterOf(c), text(f.body, 20_000), 'public'),
    // Issue #12: a colleague's address only (the same rule as the API's).
    watch: (c, n, f) => {
      const address = text(f.address, 254);
      const refused = watcherAddressProblems(deps.config.current(), 'requester', address);
      if (refused.length) throw new ProblemError(422, 'action-rejected', 'not a colleague', refused[0].message);
      return deps.tickets.addWatcher(n, requesterOf(c), address, f.updates === 'resolution' ? 'resolution' : 'all');
    },
    unwatch: (c, n, f) => deps.tickets.removeWatcher(n, requesterOf(c), text(f.address, 254)),
    cancel: (c, n, f) => deps.tickets.cancel(n, requesterOf(c), text(f.reason, 5000)),
    reopen: (c, n, f) => deps.tickets.reopen(n, requesterOf(c), text(f.reason, 5000)),
    confirm: async (c, n, f) => {
      await deps.tickets.confirm(n, requesterOf(c));
      const rating = RATINGS.find((r) => r === f.rating);
      if (rating) await deps.tickets.rate(n, requesterOf(c), rating);
    },
    rate: async (c, n, f) => {
      const rating = RATINGS.find((r) => r === f.rating);
      if (rating) await deps.tickets.rate(n, requesterOf(c), rating);
    },
  };
  const REQUIRED: Record<string, string | undefined> = { reply: 'body', cancel: 'reason', reopen: 'reason', watch: 'address' };

  app.post('/tickets/:number/:action', async (c) => {
    const run = ACTIONS[c.req.param('action')];
    if (!run) throw new ProblemError(404, 'not-found', 'Not found', 'no such action');
    const ticket = await ownTicket(c, c.req.param('number'));
    const form = await c.req.parseBody();
    const ui = c.get('ui');
    const required = REQUIRED[c.req.param('action')];
    let error: string | undefined;
    if (required && !text(form[required], 20_000)) error = ui.t('action.required', { fields: required === 'body' ? ui.t('ticket.replyLabel') : ui.t('desk.reason') });
    else {
      try {
        await run(c, ticket.number, form);
        return c.redirect(`/portal/tickets/${ticket.number}?done`, 303);
      } catch (err) {
        // The ticket moved on meanwhile (409) or refused the input (422): show why, on the page.
        if (!(err instanceof ProblemError) || (err.status !== 409 && err.status !== 422)) throw err;
        error = ui.t('action.failed', { detail: err.detail ?? err.title });
      }
    }
    const fresh = await ownTicket(c, ticket.number);
    const uploads = await portalAttachmentsOf(deps.store.db, ticket.number);
    return renderPage(c, <PortalTicketPage ui={ui} ticket={requesterView(fresh)} uploads={uploads} error={error} />, 422);
  });

  return app;
}
