// The frame of every page: skip link, top bar (where you are, who you are, sign out), the
// language switch and the footer naming the time zone.
import type { Child } from 'hono/jsx';
import type { Ui } from '../ui';
import { CsrfField } from './Form';

export function Layout(props: { ui: Ui; title: string; narrow?: boolean; children?: Child }) {
  const { ui } = props;
  const { t, session } = ui;
  const home = ui.area === 'desk' ? '/desk' : '/portal';
  return (
    <html lang={ui.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(ui.area === 'desk' ? 'app.desk' : 'app.portal')}`}</title>
        <link rel="stylesheet" href="/web-assets/desk.css" />
      </head>
      <body>
        <a class="skip" href="#main">{t('nav.skip')}</a>
        <header class="top">
          <a class="brand" href={home}>{t(ui.area === 'desk' ? 'app.desk' : 'app.portal')}</a>
          {session && (
            <nav aria-label={t(ui.area === 'desk' ? 'nav.queues' : 'nav.myTickets')}>
              {ui.area === 'desk' ? (
                <a href="/desk">{t('nav.queues')}</a>
              ) : (
                <>
                  <a href="/portal">{t('nav.myTickets')}</a>
                  <a href="/portal/new">{t('nav.newTicket')}</a>
                </>
              )}
            </nav>
          )}
          <div class="who">
            {session && <span>{t('desk.signedInAs', { name: session.principal.name, role: t(`role.${session.principal.role}`) })}</span>}
            {session && (
              <form method="post" action="/portal/signout">
                <CsrfField ui={ui} />
                <button type="submit" class="link">{t('nav.signOut')}</button>
              </form>
            )}
            <LanguageSwitch ui={ui} />
          </div>
        </header>
        <main id="main" class={props.narrow ? 'narrow' : undefined}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer>{t('footer.times', { zone: ui.timeZone })}</footer>
      </body>
    </html>
  );
}

function LanguageSwitch({ ui }: { ui: Ui }) {
  const other = ui.lang === 'zh-CN' ? { lang: 'en', label: 'English' } : { lang: 'zh-CN', label: '中文' };
  return (
    <form method="post" action="/portal/language">
      <CsrfField ui={ui} />
      <input type="hidden" name="lang" value={other.lang} />
      <input type="hidden" name="back" value={ui.path} />
      <button type="submit" class="link" lang={other.lang}>{other.label}</button>
    </form>
  );
}
