// What every component needs to know about the request it renders for: the language, the
// desk's time zone, the signed-in person and the CSRF token of their forms.
import type { Lang, Translate } from './i18n';
import type { WebSession } from './session';

export interface Ui {
  t: Translate;
  lang: Lang;
  timeZone: string;
  /** An instant as "2026-11-25 14:30" in the desk's zone. */
  time: (iso: string | null | undefined) => string;
  session: WebSession | null;
  csrf: string;
  /** The path and query of this page (for the language switch to come back to). */
  path: string;
  area: 'portal' | 'desk';
}
