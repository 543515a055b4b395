// The people's places, mounted into the API's Hono app: the requesters' portal at /portal and
// the agents' workbench at /desk, server-rendered with Hono JSX, no script. Every request
// gets its session, language and page context here; every POST its CSRF check.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMailer, type OutboundMail } from '../activities/mailer';
import type { ConfigSource } from '../config/source';
import { attachmentStoreOf, type AttachmentStore } from '../mail/attachmentStore';
import type { TicketService } from '../api/ticketService';
import { DESK_CSS } from './assets';
import { MessagePage } from './components/Pages';
import { assertCsrf, csrfToken, CsrfRejectedError } from './csrf';
import { deskTimeZone, formatDeskTime } from './deskTime';
import type { WebEnv } from './env';
import { chooseLang, translator } from './i18n';
import { portalRoutes } from './portal/routes';
import { renderPage } from './render';
import { createSessions } from './session';
import { directoryLanguage } from './signIn/policy';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './signIn/rateLimit';
import { signInRoutes } from './signIn/routes';
import { ticketActions } from './ticketActions';
import { createOpenTicketIndex } from './workbench/openTicketIndex';
import { uploadLimits } from './portal/uploads';
import type { WebDeps } from './webDeps';
import type { WebStore } from './webStore';
import { workbenchRoutes } from './workbench/routes';

export interface WebOptions {
  store: WebStore;
  /** Default: mail.yaml's SMTP (or outbox), as the desk's workers send. */
  sendMail?: (mail: OutboundMail) => Promise<void>;
  attachments?: AttachmentStore;
  temporalUi?: { url: string; namespace: string } | null;
  /** Believe X-Forwarded-For / -Proto (only behind a proxy you run). Default: ITDESK_TRUST_PROXY=1. */
  trustProxy?: boolean;
  signInLimits?: SignInLimits;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export function createWebApp(tickets: TicketService, config: ConfigSource, options: WebOptions, log: (line: string) => void) {
  const env = options.env ?? process.env;
  const trustProxy = options.trustProxy ?? env.ITDESK_TRUST_PROXY === '1';
  const actions = ticketActions(tickets);
  const deps: WebDeps = {
    store: options.store,
    sessions: createSessions(options.store, { trustProxy, now: options.now ? () => options.now!().getTime() : undefined }),
    tickets: actions,
    openTickets: createOpenTicketIndex(actions),
    config,
    sendMail:
      options.sendMail ??
      (async (mail) => {
        const mailer = createMailer(config.current().mail, env);
        try {
          await mailer.send(mail);
        } finally {
          mailer.close();
        }
      }),
    attachments: () => options.attachments ?? attachmentStoreOf(config.current()),
    temporalUi: options.temporalUi ?? null,
    trustProxy,
    signInLimits: options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS,
    env,
    log,
    now: options.now,
  };

  const app = new Hono<WebEnv>();
  app.get('/web-assets/desk.css', (c) => c.body(DESK_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));

  // Uploads: the mail limit for all files of one request, plus room for the form's text.
  app.use('/portal/*', async (c, next) => bodyLimit({ maxSize: uploadLimits(config.current()).perRequest + 1024 * 1024 })(c, next));
  app.use('/desk/*', bodyLimit({ maxSize: 1024 * 1024 }));

  for (const area of ['portal', 'desk'] as const) {
    app.use(`/${area}/*`, async (c, next) => {
      const session = await deps.sessions.read(c);
      const current = config.current();
      const lang = chooseLang(c, session ? directoryLanguage(current, session.email) : undefined, current.desk.defaultLanguage);
      const timeZone = deskTimeZone(current);
      c.set('session', session);
      c.set('ui', {
        t: translator(lang),
        lang,
        timeZone,
        time: (iso) => formatDeskTime(iso, timeZone),
        session,
        csrf: csrfToken(c, session, trustProxy),
        path: c.req.path + new URL(c.req.url).search,
        area,
      });
      if (c.req.method === 'POST') {
        const form = await c.req.parseBody();
        try {
          assertCsrf(c, session, form._csrf);
        } catch (err) {
          if (err instanceof CsrfRejectedError) return renderPage(c, <MessagePage ui={c.get('ui')} title="csrf.title" body="csrf.body" />, 403);
          throw err;
        }
      }
      await next();
      // A ticket was opened or changed here: the queues should not show the state before it.
      if (c.req.method === 'POST' && c.res.status === 303 && /^\/(portal\/new|portal\/tickets|desk\/tickets)/.test(c.req.path)) deps.openTickets.invalidate();
    });
  }

  app.route('/', signInRoutes(deps));
  app.route('/portal', portalRoutes(deps));
  app.route('/desk', workbenchRoutes(deps));
  // Anything else under the people's places is a page too, not a problem document.
  for (const area of ['portal', 'desk'] as const)
    app.all(`/${area}/*`, (c) => renderPage(c, <MessagePage ui={c.get('ui')} title="notFound.title" body="notFound.body" />, 404));
  return app;
}
