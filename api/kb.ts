// /api/kb: search, read, write and publish knowledge articles, draft one from a resolved ticket,
// and "this solved it" (the ticket is resolved as self-served). Requesters read published
// articles only (others are 404); agents write drafts; group leads and admins publish and retire.
import { Hono } from 'hono';
import { z } from 'zod';
import type { ConfigSource } from '../config/source';
import { ArticleEditSchema, ArticleFieldsSchema, KB_STATUSES, parseArticleId, StatusChangeSchema, type Article } from '../kb/article';
import { draftFromTicket, TicketNotResolvedError } from '../kb/fromTicket';
import { actorId, mayEdit, mayPublish, readableStatuses } from '../kb/permissions';
import type { AuthEnv, Principal } from './auth';
import { jsonBody } from './jsonBody';
import type { KbService } from './kbService';
import { fieldErrors, problems } from './problem';
import { solveWithArticle } from './selfService';
import { countShown, suggestionsFor } from './suggestions';
import { assertMayRead } from './tickets';
import type { TicketService } from './ticketService';

export const KbQuerySchema = z
  .object({
    q: z.string().trim().max(500).optional(),
    status: z.enum([...KB_STATUSES, 'all']).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

const SolvedBodySchema = z.object({ ticket: z.string().regex(/^[A-Z]{1,6}-\d{3,10}$/, 'a ticket number such as IT-000123') }).strict();

export function kbRouter(kb: KbService, tickets: TicketService, config: ConfigSource) {
  const app = new Hono<AuthEnv>();

  const requireStaff = (p: Principal) => {
    if (!mayEdit(p)) throw problems.forbidden('this needs the role agent or admin');
  };
  const requirePublisher = (p: Principal) => {
    if (!mayPublish(p, config.current().groups)) throw problems.forbidden('publishing and retiring articles is for group leads (groups.yaml lead) and admins');
  };
  const checkCategory = (category: string | undefined) => {
    if (category !== undefined && !config.current().categories.categories[category])
      throw problems.invalidBody([{ path: 'category', message: `unknown category '${category}'` }]);
  };
  /** The article if this principal may read it; 404 otherwise, so drafts cannot be probed. */
  async function readable(p: Principal, idText: string): Promise<Article> {
    const id = parseArticleId(idText);
    const article = id === undefined ? undefined : await kb.read(id);
    if (!article || !readableStatuses(p).includes(article.status)) throw problems.notFound(`no article ${idText}`);
    return article;
  }

  app.get('/', async (c) => {
    const parsed = KbQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { q, status, limit } = parsed.data;
    const principal = c.get('principal');
    const allowed = readableStatuses(principal);
    if (status && status !== 'all' && !allowed.includes(status)) throw problems.forbidden(`requesters read published articles only`);
    // Without a status, staff search what requesters see; status=all widens it to drafts and retired.
    const statuses = status === 'all' ? allowed : [status ?? 'published'];
    if (!q) return c.json({ items: (await kb.list(statuses, limit)).map((article) => ({ ...article, match: null })) });
    const hits = await kb.search(q, { statuses, limit, mode: 'strict' });
    return c.json({ items: hits.map((h) => ({ ...h.article, match: h.match, coverage: h.coverage })) });
  });

  app.post('/', async (c) => {
    const principal = c.get('principal');
    requireStaff(principal);
    const fields = await jsonBody(c, ArticleFieldsSchema);
    checkCategory(fields.category);
    const article = await kb.create(fields, actorId(principal));
    c.header('Location', `/api/kb/${article.id}`);
    return c.json(article, 201);
  });

  app.post('/from-ticket/:number', async (c) => {
    const principal = c.get('principal');
    requireStaff(principal);
    const ticket = await tickets.read(c.req.param('number'));
    let fields;
    try {
      fields = draftFromTicket(ticket, config.current().desk.defaultLanguage);
    } catch (err) {
      if (err instanceof TicketNotResolvedError) throw problems.illegalTransition(err.message);
      throw err;
    }
    const article = await kb.create(fields, actorId(principal));
    c.header('Location', `/api/kb/${article.id}`);
    return c.json(article, 201);
  });

  app.get('/:id', async (c) => {
    const principal = c.get('principal');
    const article = await readable(principal, c.req.param('id'));
    kb.count([{ articleId: article.id, kind: 'view', actor: actorId(principal) }]);
    return c.json(article);
  });

  app.get('/:id/history', async (c) => {
    const principal = c.get('principal');
    requireStaff(principal);
    const article = await readable(principal, c.req.param('id'));
    return c.json({ items: await kb.history(article.id) });
  });

  app.patch('/:id', async (c) => {
    const principal = c.get('principal');
    requireStaff(principal);
    const article = await readable(principal, c.req.param('id'));
    const edit = await jsonBody(c, ArticleEditSchema);
    checkCategory(edit.category);
    return c.json(await kb.edit(article.id, edit, actorId(principal), mayPublish(principal, config.current().groups)));
  });

  for (const action of ['publish', 'retire'] as const)
    app.post(`/:id/${action}`, async (c) => {
      const principal = c.get('principal');
      requirePublisher(principal);
      const article = await readable(principal, c.req.param('id'));
      const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await jsonBody(c, StatusChangeSchema);
      return c.json(await kb.changeStatus(article.id, action, actorId(principal), body.note));
    });

  // "This solved it": the requester (or staff recording what the requester said) closes the
  // ticket as self-served by a published article.
  app.post('/:id/solved', async (c) => {
    const principal = c.get('principal');
    const article = await readable(principal, c.req.param('id'));
    if (article.status !== 'published') throw problems.illegalTransition(`${article.ref} is ${article.status}; only a published article can solve a ticket`);
    const { ticket: number } = await jsonBody(c, SolvedBodySchema);
    const ticket = await tickets.read(number);
    assertMayRead(principal, ticket.intake.requester.email, number);
    const resolved = await solveWithArticle({ tickets, kb }, ticket, article, principal);
    return c.json({ ticket: resolved, article: { id: article.id, ref: article.ref, title: article.title } });
  });

  return app;
}

/** GET /api/tickets/{number}/suggestions: the articles that may answer a ticket, for whoever may read it. */
export function kbTicketRouter(kb: KbService, tickets: TicketService) {
  const app = new Hono<AuthEnv>();
  app.get('/:number/suggestions', async (c) => {
    const principal = c.get('principal');
    const number = c.req.param('number');
    const ticket = await tickets.read(number);
    assertMayRead(principal, ticket.intake.requester.email, number);
    const items = await suggestionsFor(kb, ticket);
    // Agents look at suggestions to answer; what counts as "shown" is what the requester saw.
    if (principal.role === 'requester') countShown(kb, items, number, principal);
    return c.json({ items });
  });
  return app;
}
