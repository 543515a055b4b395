// Sign-in without a password. POST /portal/signin mails a single-use link (same answer for
// every address; rate-limited per address and per client); GET /portal/signin/{token} shows a
// button, because mail scanners prefetch links; its POST spends the link and starts a session.
// Staff may also sign in with an API token at /desk/signin. POST /portal/signout ends it.
import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { principalOfToken } from '../../api/auth';
import { SignedLinkExpiredError, SignedLinkInvalidError } from '../../links/signedLink';
import { deskTimeZone } from '../deskTime';
import type { WebEnv } from '../env';
import { isLang, LANG_COOKIE } from '../i18n';
import { renderPage } from '../render';
import type { WebDeps } from '../webDeps';
import { makeSignInLink, verifySignInLink } from './link';
import { decideSignIn, directoryLanguage } from './policy';
import { takeSignInAttempt } from './rateLimit';
import { signInMail } from './signInMail';
import { ConfirmLinkPage, DeskSignInPage, LinkProblemPage, LinkSentPage, SignInPage } from './SignInPages';
import { setCookie } from 'hono/cookie';
import { isSecureRequest } from '../session';

/** Who is asking, for the per-client limit: the socket's peer, or the proxy's word when trusted. */
function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

const homeOf = (role: string) => (role === 'requester' ? '/portal' : '/desk');

export function signInRoutes(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const now = deps.now ?? (() => new Date());

  app.get('/portal/signin', (c) => {
    if (c.get('session')) return c.redirect(homeOf(c.get('session')!.principal.role), 303);
    return renderPage(c, <SignInPage ui={c.get('ui')} notice={c.req.query('signedOut') !== undefined ? 'signin.signedOut' : undefined} />);
  });

  app.post('/portal/signin', async (c) => {
    const ui = c.get('ui');
    const form = await c.req.parseBody();
    const typed = typeof form.email === 'string' ? form.email.trim() : '';
    const config = deps.config.current();
    const decision = decideSignIn(config, typed);
    if (!decision.allowed && decision.reason === 'invalid-address') return renderPage(c, <SignInPage ui={ui} email={typed} error="signin.invalidAddress" />, 422);
    const email = typed.toLowerCase();
    // Counted for every address, known or not, so the limit tells nothing about who exists.
    const attempt = await takeSignInAttempt(deps.store.db, deps.signInLimits, { address: email, client: clientKey(c, deps.trustProxy) }, now().getTime());
    if (!attempt.ok) {
      c.header('retry-after', String(attempt.retryAfterSeconds));
      return renderPage(c, <LinkProblemPage ui={ui} title="signin.tooMany.title" body="signin.tooMany.body" params={{ minutes: Math.ceil(attempt.retryAfterSeconds / 60) }} />, 429);
    }
    if (decision.allowed) {
      const { url, payload } = makeSignInLink({ publicUrl: config.desk.publicUrl, email, now: now() }, deps.store.linkSecret);
      const mail = signInMail({ config, to: email, url, nonce: payload.nonce, expiresAt: payload.expiresAt, lang: directoryLanguage(config, email) ?? ui.lang, timeZone: deskTimeZone(config) });
      // Not awaited: the answer must take as long for an unknown address as for a known one.
      void deps.sendMail(mail).catch((err) => deps.log(`sign-in mail to ${email} failed: ${(err as Error).message}`));
    }
    return renderPage(c, <LinkSentPage ui={ui} email={email} />);
  });

  app.get('/portal/signin/:token', (c) => {
    const ui = c.get('ui');
    try {
      const link = verifySignInLink(c.req.param('token'), deps.store.linkSecret, now());
      c.header('referrer-policy', 'no-referrer');
      return renderPage(c, <ConfirmLinkPage ui={ui} email={link.email} action={c.req.path} />);
    } catch (err) {
      return linkProblem(c, err);
    }
  });

  app.post('/portal/signin/:token', async (c) => {
    const ui = c.get('ui');
    let link;
    try {
      link = verifySignInLink(c.req.param('token'), deps.store.linkSecret, now());
    } catch (err) {
      return linkProblem(c, err);
    }
    // The person may have left since the mail was sent: decide again.
    const decision = decideSignIn(deps.config.current(), link.email);
    if (!decision.allowed) return renderPage(c, <LinkProblemPage ui={ui} title="signin.refused.title" body="signin.refused.body" />, 403);
    const spent = await deps.store.db.run('INSERT OR IGNORE INTO used_signin_links (nonce, used_at, expires_at) VALUES (?, ?, ?)', [link.nonce, now().getTime(), Date.parse(link.expiresAt)]);
    if (spent.changes === 0) return renderPage(c, <LinkProblemPage ui={ui} title="signin.used.title" body="signin.used.body" />, 409);
    await deps.store.db.run('DELETE FROM used_signin_links WHERE expires_at < ?', [now().getTime()]);
    await deps.sessions.start(c, decision.principal, decision.email);
    return c.redirect(homeOf(decision.principal.role), 303);
  });

  app.get('/desk/signin', (c) => {
    const session = c.get('session');
    if (session && session.principal.role !== 'requester') return c.redirect('/desk', 303);
    return renderPage(c, <DeskSignInPage ui={c.get('ui')} />);
  });

  app.post('/desk/signin/token', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const principal = token ? principalOfToken(deps.config.current(), token, deps.env) : null;
    // Requester tokens are for tools; people sign in to the portal by mail.
    if (!principal || principal.role === 'requester') return renderPage(c, <DeskSignInPage ui={c.get('ui')} error="signin.token.wrong" />, 401);
    const member = Object.values(deps.config.current().groups.groups).flatMap((g) => g.members).find((m) => m.id === principal.subject);
    await deps.sessions.start(c, { ...principal, name: member?.name ?? principal.name }, member?.email ?? '');
    return c.redirect('/desk', 303);
  });

  app.post('/portal/signout', async (c) => {
    await deps.sessions.end(c);
    return c.redirect('/portal/signin?signedOut', 303);
  });

  app.post('/portal/language', async (c) => {
    const form = await c.req.parseBody();
    if (isLang(form.lang)) setCookie(c, LANG_COOKIE, form.lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, secure: isSecureRequest(c, deps.trustProxy) });
    // Only a path of ours: never an open redirect to another site.
    const back = typeof form.back === 'string' && /^\/(portal|desk)(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9_.=&%-]*)?$/.test(form.back) ? form.back : '/portal';
    return c.redirect(back, 303);
  });

  function linkProblem(c: Context<WebEnv>, err: unknown) {
    const ui = c.get('ui');
    if (err instanceof SignedLinkExpiredError) return renderPage(c, <LinkProblemPage ui={ui} title="signin.expired.title" body="signin.expired.body" />, 410);
    if (err instanceof SignedLinkInvalidError) return renderPage(c, <LinkProblemPage ui={ui} title="signin.invalid.title" body="signin.invalid.body" />, 400);
    throw err;
  }

  return app;
}
