// What the web needs from the desk, resolved once by createWebApp (web/webApp.tsx).
import type { OutboundMail } from '../activities/mailer';
import type { ConfigSource } from '../config/source';
import type { AttachmentStore } from '../mail/attachmentStore';
import type { Sessions } from './session';
import type { SignInLimits } from './signIn/rateLimit';
import type { TicketActions } from './ticketActions';
import type { WebStore } from './webStore';
import type { OpenTicketIndex } from './workbench/openTicketIndex';

export interface WebDeps {
  store: WebStore;
  sessions: Sessions;
  tickets: TicketActions;
  /** The open tickets' search attributes, shared by the queue pages (invalidated by web actions). */
  openTickets: OpenTicketIndex;
  config: ConfigSource;
  sendMail: (mail: OutboundMail) => Promise<void>;
  /** Where portal uploads go: the mail attachment store of mail.yaml, read per use. */
  attachments: () => AttachmentStore;
  temporalUi: { url: string; namespace: string } | null;
  trustProxy: boolean;
  signInLimits: SignInLimits;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  now?: () => Date;
}
