// /desk: the workbench for agents, group leads and admins — queues and the ticket page with
// every action. Requesters who find their way here are told it is for staff.
import { Hono, type Context } from 'hono';
import { helperProblems } from '../../routing/assignTarget';
import { ProblemError } from '../../api/problem';
import { STATUSES } from '../../ticket/lifecycle';
import type { Actor, TicketView } from '../../ticket/state';
import { calendarLookup } from '../../sla/calendarLookup';
import { sendAttachment } from '../attachmentDownload';
import { deskTimeZone, wallTimeInDeskZone } from '../deskTime';
import { MessagePage } from '../components/Pages';
import type { WebEnv } from '../env';
import type { TextKey } from '../i18n';
import { portalAttachmentsOf } from '../portal/uploads';
import { renderPage } from '../render';
import type { WebDeps } from '../webDeps';
import { webErrorHandler } from '../webErrors';
import { DeskTicketPage } from './DeskTicketPage';
import { mayDeclareMajorIncident } from '../../api/majorIncidents';
import { FollowUpsPage, sortFollowUps } from './FollowUpsPage';
import { displayNames, groupsOf } from './names';
import { QueuePage } from './QueuePage';
import { buildQueue, FILTER_FIELDS, matchesFilters, OPEN_STATUSES, QUEUES, searchFilterFor, type QueueFilters, type QueueName } from './queues';

/** Enough for any desk's open tickets; the queue pages itself in memory. */
const LIST_LIMIT = 5000;

export function workbenchRoutes(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.onError(webErrorHandler(deps.log));
  const now = deps.now ?? (() => new Date());

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/desk/signin')) return next();
    const session = c.get('session');
    if (!session) return c.redirect('/desk/signin', 303);
    if (session.principal.role === 'requester') return renderPage(c, <MessagePage ui={c.get('ui')} title="forbidden.title" body="forbidden.body" />, 403);
    await next();
  });

  const actorOf = (c: Context<WebEnv>): Actor => ({ role: c.get('session')!.principal.role, id: c.get('session')!.principal.subject });

  app.get('/', async (c) => {
    const config = deps.config.current();
    const ui = c.get('ui');
    const principal = c.get('session')!.principal;
    const queue: QueueName = (QUEUES as readonly string[]).includes(c.req.query('queue') ?? '') ? (c.req.query('queue') as QueueName) : 'mine';
    const names = displayNames(config, ui.lang);
    const choices = {
      priority: Object.keys(config.priorities.priorities),
      status: [...STATUSES],
      group: Object.keys(config.groups.groups).map((g) => ({ value: g, label: names[`group:${g}`] ?? g })),
      category: Object.keys(config.categories.categories).map((k) => ({ value: k, label: names[`category:${k}`] ?? k })),
      assignee: [...new Map(Object.values(config.groups.groups).flatMap((g) => g.members).map((m) => [m.id, { value: m.id, label: m.name }])).values()],
    };
    // Only values the config knows reach the search query.
    const filters: QueueFilters = {};
    for (const field of FILTER_FIELDS) {
      const value = c.req.query(field);
      const allowed = field === 'priority' || field === 'status' ? (choices[field] as string[]) : choices[field].map((o) => o.value);
      if (value && allowed.includes(value)) filters[field] = value;
    }
    const viewer = { memberId: principal.subject, groups: groupsOf(config, principal.subject, principal.role) };
    // Open tickets come from the shared snapshot; a finished status is asked for directly.
    const finished = filters.status !== undefined && !(OPEN_STATUSES as readonly string[]).includes(filters.status);
    const prefix = `${config.desk.ticketPrefix}-`;
    const listed = finished ? await deps.tickets.list(searchFilterFor(queue, viewer, filters), LIST_LIMIT) : (await deps.openTickets.snapshot()).summaries;
    // Only this desk's numbers: another desk sharing the namespace is none of our business.
    const summaries = listed.filter((s) => s.number.startsWith(prefix) && matchesFilters(s, filters));
    const page = buildQueue(queue, summaries, viewer, config, calendarLookup(config.calendars), now(), Number(c.req.query('page') ?? 1));
    return renderPage(c, <QueuePage ui={ui} queue={queue} filters={filters} choices={choices} rows={page.items} page={page.page} pages={page.pages} total={page.total} names={names} />);
  });

  async function ticketPage(c: Context<WebEnv>, number: string, extra: { done?: boolean; error?: string } = {}, status: 200 | 422 = 200) {
    const config = deps.config.current();
    const ticket = await deps.tickets.get(number);
    const uploads = await portalAttachmentsOf(deps.store.db, ticket.number);
    const temporalUrl = deps.temporalUi ? `${deps.temporalUi.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(deps.temporalUi.namespace)}/workflows/${encodeURIComponent(`ticket-${ticket.number}`)}` : null;
    return renderPage(c, <DeskTicketPage ui={c.get('ui')} ticket={ticket} config={config} uploads={uploads} names={displayNames(config, c.get('ui').lang)} temporalUrl={temporalUrl} {...extra} />, status);
  }

  // Issue #12: the dissatisfied follow-ups waiting for an outcome. A rated ticket with an open
  // follow-up is closed, and only the workflow that still runs for it (its aftercare, or an older
  // ticket's own) knows the follow-up: each is read (8 at a time). A search attribute would spare the reads.
  app.get('/follow-ups', async (c) => {
    const config = deps.config.current();
    const principal = c.get('session')!.principal;
    const prefix = `${config.desk.ticketPrefix}-`;
    const closed = (await deps.tickets.closedButRunning(LIST_LIMIT)).filter((number) => number.startsWith(prefix));
    const views: TicketView[] = [];
    for (let i = 0; i < closed.length; i += 8)
      views.push(...(await Promise.all(closed.slice(i, i + 8).map((n) => deps.tickets.get(n).catch(() => undefined)))).filter((v): v is TicketView => v !== undefined));
    const waiting = views.filter((v) => v.followUp && v.followUp.status !== 'done' && (principal.role === 'admin' || v.followUp.owner?.id === principal.subject));
    return renderPage(c, <FollowUpsPage ui={c.get('ui')} tickets={sortFollowUps(waiting)} names={displayNames(config, c.get('ui').lang)} />);
  });

  app.get('/tickets/:number', (c) => ticketPage(c, c.req.param('number'), { done: c.req.query('done') !== undefined }));

  app.get('/tickets/:number/attachments/:sha256', async (c) => sendAttachment(c, deps, await deps.tickets.get(c.req.param('number')), c.req.param('sha256')));

  const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

  /** Each action: the fields it needs (label keys for the "please fill in" message) and the call. */
  const ACTIONS: Record<string, { required: Array<[string, TextKey]>; run: (c: Context<WebEnv>, n: string, f: Record<string, unknown>) => Promise<unknown> }> = {
    assign: {
      required: [],
      run: async (c, n, f) => {
        const config = deps.config.current();
        const ticket = await deps.tickets.get(n);
        const group = text(f.group, 100) || ticket.group;
        if (!config.groups.groups[group]) throw new ProblemError(422, 'action-rejected', 'unknown group', `unknown group '${group}'`);
        const assignee = f.take ? actorOf(c).id : text(f.assignee, 100) || null;
        // The picker offers the group's members; a stale page must not assign anyone else.
        if (assignee && !config.groups.groups[group].members.some((m) => m.id === assignee))
          throw new ProblemError(422, 'action-rejected', 'not a member', c.get('ui').t('desk.assign.notMember', { person: assignee, group: config.groups.groups[group].name }));
        return deps.tickets.assign(n, actorOf(c), { ...(group !== ticket.group ? { group } : {}), assignee });
      },
    },
    respond: { required: [['message', 'desk.respond.message']], run: (c, n, f) => deps.tickets.respond(n, actorOf(c), text(f.message, 20_000)) },
    comment: { required: [['body', 'desk.comment.body']], run: (c, n, f) => deps.tickets.comment(n, actorOf(c), text(f.body, 20_000), 'internal') },
    pend: {
      required: [['note', 'desk.pend.note']],
      run: (c, n, f) => {
        const reason = (['requester', 'vendor', 'approval'] as const).find((r) => r === f.reason) ?? 'requester';
        return deps.tickets.pend(n, actorOf(c), reason, text(f.note, 5000));
      },
    },
    resume: { required: [], run: (c, n, f) => deps.tickets.resume(n, actorOf(c), text(f.note, 5000) || undefined) },
    resolve: { required: [['resolutionNote', 'desk.resolve.note']], run: (c, n, f) => deps.tickets.resolve(n, actorOf(c), text(f.resolutionNote, 20_000)) },
    close: { required: [['note', 'desk.close.note']], run: (c, n, f) => deps.tickets.closeOnBehalf(n, actorOf(c), text(f.note, 5000)) },
    priority: {
      required: [['reason', 'desk.reason']],
      run: (c, n, f) => {
        const priority = text(f.priority, 3);
        if (!deps.config.current().priorities.priorities[priority]) throw new ProblemError(422, 'action-rejected', 'unknown priority', `unknown priority '${priority}'`);
        return deps.tickets.changePriority(n, actorOf(c), priority, text(f.reason, 2000));
      },
    },
    category: {
      required: [['reason', 'desk.reason']],
      run: (c, n, f) => {
        const category = text(f.category, 100);
        if (!deps.config.current().categories.categories[category]) throw new ProblemError(422, 'action-rejected', 'unknown category', `unknown category '${category}'`);
        return deps.tickets.changeCategory(n, actorOf(c), category, text(f.reason, 2000));
      },
    },
    decline: { required: [['reason', 'desk.reason']], run: (c, n, f) => deps.tickets.decline(n, actorOf(c), text(f.reason, 5000)) },
    cancel: { required: [['reason', 'desk.reason']], run: (c, n, f) => deps.tickets.cancel(n, actorOf(c), text(f.reason, 5000)) },
    workaround: {
      required: [['note', 'desk.workaround.note']],
      run: (c, n, f) => deps.tickets.recordWorkaround(n, actorOf(c), f.kind === 'containment' ? 'containment' : 'workaround', text(f.note, 5000)),
    },
    visits: {
      required: [['scheduledAt', 'desk.visit.when'], ['place', 'desk.visit.place']],
      run: (c, n, f) => {
        // <input type="datetime-local"> sends wall time without a zone: it is the desk's.
        const scheduledAt = wallTimeInDeskZone(text(f.scheduledAt, 30), deskTimeZone(deps.config.current()));
        if (!scheduledAt) throw new ProblemError(422, 'action-rejected', 'bad time', c.get('ui').t('desk.visit.badTime'));
        const reason = text(f.reason, 2000);
        return deps.tickets.bookVisit(n, actorOf(c), { scheduledAt, place: text(f.place, 500), site: f.site === 'other-office' ? 'other-office' : 'same-site', ...(reason ? { reason } : {}) });
      },
    },
    'cancel-visit': { required: [['reason', 'desk.reason']], run: (c, n, f) => deps.tickets.cancelVisit(n, actorOf(c), text(f.reason, 2000)) },
    arrival: { required: [], run: (c, n, f) => deps.tickets.recordArrival(n, actorOf(c), text(f.note, 2000) || undefined) },
    // Issue #12: watchers and the dissatisfied follow-up.
    watch: { required: [['address', 'watch.address']], run: (c, n, f) => deps.tickets.addWatcher(n, actorOf(c), text(f.address, 254), f.updates === 'resolution' ? 'resolution' : 'all') },
    unwatch: { required: [['address', 'watch.address']], run: (c, n, f) => deps.tickets.removeWatcher(n, actorOf(c), text(f.address, 254)) },
    'follow-up': { required: [['outcome', 'followUp.outcome']], run: (c, n, f) => deps.tickets.recordFollowUp(n, actorOf(c), text(f.outcome, 5000)) },
    approval: {
      required: [],
      run: (c, n, f) => deps.tickets.decideApproval(n, actorOf(c), f.decision === 'reject' ? 'reject' : 'approve', text(f.comment, 5000) || undefined),
    },
    'escalate-tier': { required: [['reason', 'desk.reason']], run: (c, n, f) => deps.tickets.escalateTier(n, actorOf(c), text(f.reason, 2000)) },
    helpers: {
      required: [['helper', 'desk.helpers.person']],
      run: (c, n, f) => {
        const helper = text(f.helper, 100);
        const problem = helperProblems(deps.config.current().groups, helper)[0];
        if (problem) throw new ProblemError(422, 'action-rejected', 'not a member', problem.message);
        return deps.tickets.addHelper(n, actorOf(c), helper, text(f.note, 2000) || undefined);
      },
    },
    'remove-helper': { required: [['helper', 'desk.helpers.person']], run: (c, n, f) => deps.tickets.removeHelper(n, actorOf(c), text(f.helper, 100)) },
    // Major incidents (issue #12): the same rules as the API (api/majorIncidents.ts).
    'declare-major-incident': {
      required: [['reason', 'mi.declare.reason']],
      run: (c, n, f) => {
        if (!mayDeclareMajorIncident(c.get('session')!.principal, deps.config.current().groups))
          throw new ProblemError(422, 'action-rejected', 'not allowed', c.get('ui').t('mi.declare.forbidden'));
        return deps.tickets.declareMajorIncident(n, actorOf(c), text(f.reason, 2000), listOf(f.keywords, /,|，/).slice(0, 20));
      },
    },
    'link-tickets': {
      required: [['tickets', 'mi.link.tickets']],
      run: (c, n, f) => deps.tickets.linkTickets(n, actorOf(c), listOf(f.tickets, /[\s,，]+/).map((t) => t.toUpperCase()).slice(0, 100)),
    },
    'link-to-major-incident': {
      required: [['majorIncident', 'mi.linkTo.number']],
      run: async (c, n, f) => {
        const number = text(f.majorIncident, 20).toUpperCase();
        const target = await deps.tickets.get(number).catch(() => undefined);
        if (target?.majorIncident?.status !== 'open') throw new ProblemError(422, 'action-rejected', 'not open', c.get('ui').t('mi.linkTo.notOpen', { number }));
        return deps.tickets.linkToMajorIncident(n, actorOf(c), number);
      },
    },
    broadcast: { required: [['message', 'mi.broadcast.message']], run: (c, n, f) => deps.tickets.broadcastMajorIncidentUpdate(n, actorOf(c), text(f.message, 20_000)) },
    'complete-task': { required: [['task', 'request.tasks']], run: (c, n, f) => deps.tickets.completeTask(n, actorOf(c), text(f.task, 64), text(f.note, 2000) || undefined) },
  };
  const listOf = (value: unknown, separator: RegExp) => [...new Set(text(value, 5000).split(separator).map((v) => v.trim()).filter(Boolean))];

  app.post('/tickets/:number/:action', async (c) => {
    const spec = ACTIONS[c.req.param('action')];
    if (!spec) throw new ProblemError(404, 'not-found', 'Not found', 'no such action');
    const number = c.req.param('number');
    const form = await c.req.parseBody();
    const ui = c.get('ui');
    const missing = spec.required.filter(([field]) => !text(form[field], 20_000)).map(([, label]) => ui.t(label).replace(/\s*\*$/, ''));
    if (missing.length) return ticketPage(c, number, { error: ui.t('action.required', { fields: missing.join(', ') }) }, 422);
    try {
      await spec.run(c, number, form);
    } catch (err) {
      if (!(err instanceof ProblemError) || (err.status !== 409 && err.status !== 422)) throw err;
      return ticketPage(c, number, { error: ui.t('action.failed', { detail: err.detail ?? err.title }) }, 422);
    }
    return c.redirect(`/desk/tickets/${number}?done`, 303);
  });

  return app;
}
