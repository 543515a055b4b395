// The workbench's part of major incidents (issue #12): the banner on a ticket a major incident
// affects, the card of a major incident (why, keywords, affected tickets, updates sent), and the
// forms to declare one, link tickets, link this ticket to one, and broadcast an update.
import type { Child, FC } from 'hono/jsx';
import { TERMINAL_STATUSES } from '../../ticket/lifecycle';
import type { TicketView } from '../../ticket/state';
import { Notice, TextArea, TextField } from '../components/Form';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

const ticketLink = (number: string) => <a href={`/desk/tickets/${number}`}>{number}</a>;

export function MajorIncidentBanner({ ui, ticket }: { ui: Ui; ticket: TicketView }) {
  if (!ticket.affectedBy) return null;
  const { number, title } = ticket.affectedBy;
  return (
    <Notice kind="info">
      <strong>{ui.t('mi.title')} {ticketLink(number)}</strong> — {ui.t('mi.banner', { number, title })}
    </Notice>
  );
}

export function MajorIncidentCard({ ui, ticket, who }: { ui: Ui; ticket: TicketView; who: (actor: { role: string; id: string }) => string }) {
  const mi = ticket.majorIncident;
  if (!mi) return null;
  const { t } = ui;
  const linked = mi.linked.filter((l) => l.status === 'linked');
  return (
    <section class="card" aria-labelledby="mi-title">
      <h2 id="mi-title">{t('mi.title')}</h2>
      <p>{t('mi.state', { status: mi.status, at: ui.time(mi.declaredAt), who: who(mi.declaredBy) })}</p>
      <p>
        <strong>{t('mi.reason')}</strong>: {mi.reason}
      </p>
      <p>
        <strong>{t('mi.keywords')}</strong>: {mi.keywords.join(', ') || t('mi.none')}
      </p>
      <h3>{t('mi.linked', { count: String(linked.length) })}</h3>
      <ul>
        {mi.linked.map((l) => (
          <li>
            {ticketLink(l.number)} · <time datetime={l.linkedAt}>{ui.time(l.linkedAt)}</time> — {l.status === 'linked' ? l.reason : <span class="muted">{l.refusal}</span>}
          </li>
        ))}
      </ul>
      <h3>{t('mi.broadcasts', { count: String(mi.broadcasts.length) })}</h3>
      <ol>
        {mi.broadcasts.map((b) => (
          <li>
            <time datetime={b.at}>{ui.time(b.at)}</time> · {who(b.by)} · {b.message} <span class="muted">({b.sentTo.length})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

type ActionComponent = FC<{ ui: Ui; ticket: TicketView; action: string; title: TextKey; open?: boolean; children?: Child }>;

/** The forms this ticket offers for major incidents; `mayDeclare`: a group lead or an admin is signed in. */
export function majorIncidentForms({ ui, ticket, mayDeclare, Action }: { ui: Ui; ticket: TicketView; mayDeclare: boolean; Action: ActionComponent }): Child[] {
  const { t } = ui;
  const id = (name: string) => `${name}-${ticket.number}`;
  const openTicket = !TERMINAL_STATUSES.has(ticket.status) && ticket.status !== 'resolved';
  const forms: Child[] = [];
  if (ticket.majorIncident?.status === 'open') {
    forms.push(
      <Action ui={ui} ticket={ticket} action="broadcast" title="mi.broadcast" open>
        <TextArea id={id('mi-broadcast')} name="message" label={t('mi.broadcast.message')} required maxLength={20000} />
        <button type="submit">{t('mi.broadcast.button')}</button>
      </Action>,
      <Action ui={ui} ticket={ticket} action="link-tickets" title="mi.link">
        <TextField id={id('mi-link')} name="tickets" label={t('mi.link.tickets')} required maxLength={5000} />
        <button type="submit">{t('mi.link.button')}</button>
      </Action>,
    );
  } else if (!ticket.majorIncident && !ticket.affectedBy && openTicket) {
    if (mayDeclare)
      forms.push(
        <Action ui={ui} ticket={ticket} action="declare-major-incident" title="mi.declare">
          <TextArea id={id('mi-reason')} name="reason" label={t('mi.declare.reason')} required maxLength={2000} rows={2} />
          <TextField id={id('mi-keywords')} name="keywords" label={t('mi.declare.keywords')} maxLength={2000} />
          <button type="submit" class="danger">{t('mi.declare.button')}</button>
        </Action>,
      );
    forms.push(
      <Action ui={ui} ticket={ticket} action="link-to-major-incident" title="mi.linkTo">
        <TextField id={id('mi-link-to')} name="majorIncident" label={t('mi.linkTo.number')} required maxLength={20} />
        <button type="submit">{t('mi.linkTo.button')}</button>
      </Action>,
    );
  }
  return forms;
}
