// One action on the agent's ticket page: a folded form that posts to
// /desk/tickets/{number}/{action}; and what every part of the page is given.
import type { Child } from 'hono/jsx';
import type { LoadedConfig } from '../../config/load';
import type { TicketView } from '../../ticket/state';
import { PostForm } from '../components/Form';
import type { TextKey } from '../i18n';
import type { PortalAttachment } from '../portal/uploads';
import type { Ui } from '../ui';

export interface DeskTicketProps {
  ui: Ui;
  ticket: TicketView;
  config: LoadedConfig;
  uploads: PortalAttachment[];
  names: Record<string, string>;
  temporalUrl: string | null;
  done?: boolean;
  error?: string;
}

export function Action(props: { ui: Ui; ticket: TicketView; action: string; title: TextKey; open?: boolean; children?: Child }) {
  return (
    <details class="action" open={props.open}>
      <summary>{props.ui.t(props.title)}</summary>
      <PostForm ui={props.ui} action={`/desk/tickets/${props.ticket.number}/${props.action}`} label={props.ui.t(props.title)}>
        {props.children}
      </PostForm>
    </details>
  );
}
