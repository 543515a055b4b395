// The Hono environment of the web routes: the session (or none) and the page context.
import type { Ui } from './ui';
import type { WebSession } from './session';

export type WebEnv = { Variables: { session: WebSession | null; ui: Ui } };
