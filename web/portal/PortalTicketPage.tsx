// The requester's ticket page: status and expected times, the public conversation, and what
// they can do now (reply, confirm with a rating, reopen with a reason, cancel, rate).
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { AttachmentList, ConversationEntry } from '../components/Conversation';
import { Notice, PostForm, TextArea } from '../components/Form';
import { Layout } from '../components/Layout';
import type { TextKey } from '../i18n';
import type { RequesterTicket } from '../requesterView';
import type { Ui } from '../ui';
import type { PortalAttachment } from './uploads';
import { WatcherFields } from '../workbench/WatchersAndFollowUp';
import { ServiceRequest } from '../components/ServiceRequest';
import type { CatalogueConfig } from '../../config/schema/catalogue';

const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const OPEN = ['new', 'assigned', 'in_progress', 'pending'];

export function PortalTicketPage(props: { ui: Ui; ticket: RequesterTicket; uploads: PortalAttachment[]; done?: boolean; error?: string; catalogue?: CatalogueConfig }) {
  const { ui, ticket } = props;
  const { t } = ui;
  const base = `/portal/tickets/${ticket.number}`;
  const kindLabel: Record<string, TextKey | undefined> = {
    question: 'ticket.question',
    resolution: 'ticket.resolution',
    declined: 'ticket.declined',
    cancelled: 'ticket.cancelled',
    workaround: 'workaround.workaround',
    containment: 'workaround.containment',
    visit: 'ticket.visit',
  };
  return (
    <Layout ui={ui} title={`${ticket.number} ${ticket.title}`}>
      {props.done && <Notice kind="ok">{t('ticket.done')}</Notice>}
      {props.error && <Notice kind="error">{props.error}</Notice>}
      {ticket.status === 'pending' && ticket.pendingReason === 'requester' && <Notice>{t('ticket.youAnswer')}</Notice>}
      <section class="card" aria-label={t('ticket.details')}>
        <dl class="facts">
          <dt>{t('col.status')}</dt>
          <dd>
            <StatusBadge ui={ui} status={ticket.status} pendingReason={ticket.pendingReason} />
          </dd>
          <dt>{t('col.priority')}</dt>
          <dd>
            <PriorityBadge priority={ticket.priority} />
          </dd>
          <dt>{t('col.expectedResponse')}</dt>
          <dd>{ui.time(ticket.responseDueAt) || '—'}</dd>
          <dt>{t('col.expectedResolution')}</dt>
          <dd>{ui.time(ticket.resolutionDueAt) || '—'}</dd>
          <dt>{t('col.updated')}</dt>
          <dd>{ui.time(ticket.updatedAt)}</dd>
        </dl>
      </section>
      {ticket.service && <ServiceRequest ui={ui} facts={ticket.service} catalogue={props.catalogue} />}
      <h2>{t('ticket.conversation')}</h2>
      <ConversationEntry ui={ui} at={ticket.createdAt} who={t('ticket.you')} tone="you" body={ticket.intake.description || ticket.title} />
      {ticket.conversation.map((entry) => (
        <ConversationEntry
          ui={ui}
          at={entry.at}
          who={entry.from === 'you' ? t('ticket.you') : t('ticket.desk')}
          tone={entry.from === 'you' ? 'you' : undefined}
          label={kindLabel[entry.kind] ? t(kindLabel[entry.kind]!) : undefined}
          body={entry.visit ? `${ui.time(entry.visit.scheduledAt)} · ${entry.visit.place} · ${t(`visit.${entry.visit.status}` as TextKey)}` : entry.body}
        />
      ))}
      <AttachmentList ui={ui} base={base} items={[...ticket.attachments, ...props.uploads.map((u) => ({ ...u, stored: true }))]} />
      <RequesterActions ui={ui} ticket={ticket} base={base} />
      <ColleaguesWatching ui={ui} ticket={ticket} base={base} />
    </Layout>
  );
}

function RequesterActions({ ui, ticket, base }: { ui: Ui; ticket: RequesterTicket; base: string }) {
  const { t } = ui;
  if (OPEN.includes(ticket.status))
    return (
      <>
        <h2>{t('ticket.reply')}</h2>
        <PostForm ui={ui} action={`${base}/reply`} label={t('ticket.reply')}>
          <TextArea id="reply-body" name="body" label={t('ticket.replyLabel')} required maxLength={20000} rows={4} />
          <button type="submit">{t('ticket.send')}</button>
        </PostForm>
        <details class="action">
          <summary>{t('ticket.cancel.title')}</summary>
          <PostForm ui={ui} action={`${base}/cancel`}>
            <TextArea id="cancel-reason" name="reason" label={t('ticket.cancel.reason')} required maxLength={5000} rows={2} />
            <button type="submit" class="danger">{t('ticket.cancel.button')}</button>
          </PostForm>
        </details>
      </>
    );
  if (ticket.status === 'resolved')
    return (
      <>
        <h2>{t('ticket.confirm.title')}</h2>
        <PostForm ui={ui} action={`${base}/confirm`} label={t('ticket.confirm.title')}>
          <RatingChoice ui={ui} />
          <button type="submit">{t('ticket.confirm.button')}</button>
        </PostForm>
        <h2>{t('ticket.reopen.title')}</h2>
        <PostForm ui={ui} action={`${base}/reopen`} label={t('ticket.reopen.title')}>
          <TextArea id="reopen-reason" name="reason" label={t('ticket.reopen.reason')} required maxLength={5000} rows={3} />
          <button type="submit" class="secondary">{t('ticket.reopen.button')}</button>
        </PostForm>
      </>
    );
  if (ticket.status === 'closed' && !ticket.satisfaction)
    return (
      <PostForm ui={ui} action={`${base}/rate`} label={t('ticket.confirm.rating')}>
        <RatingChoice ui={ui} />
        <button type="submit">{t('ticket.rate.button')}</button>
      </PostForm>
    );
  if (ticket.satisfaction) return <p>{t('ticket.rated', { rating: t(`rating.${ticket.satisfaction.rating}`) })}</p>;
  return null;
}

function RatingChoice({ ui }: { ui: Ui }) {
  return (
    <fieldset>
      <legend>{ui.t('ticket.confirm.rating')}</legend>
      {RATINGS.map((rating) => (
        <label class="inline">
          <input type="radio" name="rating" value={rating} /> {ui.t(`rating.${rating}`)}
        </label>
      ))}
      <label class="inline">
        <input type="radio" name="rating" value="" checked /> {ui.t('rating.none')}
      </label>
    </fieldset>
  );
}

/** Issue #12: colleagues the requester asked to follow the ticket by mail; add while it is open. */
function ColleaguesWatching({ ui, ticket, base }: { ui: Ui; ticket: RequesterTicket; base: string }) {
  const { t } = ui;
  const open = OPEN.includes(ticket.status) || ticket.status === 'resolved';
  if (!open && !ticket.watchers.length) return null;
  return (
    <section class="card" aria-labelledby="watchers-title">
      <h2 id="watchers-title">{t('watch.portal.title')}</h2>
      <p class="hint">{t('watch.portal.hint')}</p>
      <ul>
        {ticket.watchers.map((w) => (
          <li>
            {w.address} · {t(`watch.updates.${w.updates}` as TextKey)}
            <PostForm ui={ui} action={`${base}/unwatch`} label={`${t('watch.remove')} ${w.address}`}>
              <input type="hidden" name="address" value={w.address} />
              <button type="submit" class="secondary">{t('watch.remove')}</button>
            </PostForm>
          </li>
        ))}
      </ul>
      {open && (
        <PostForm ui={ui} action={`${base}/watch`} label={t('watch.add')}>
          <WatcherFields ui={ui} idPrefix="watch" />
          <button type="submit">{t('watch.add')}</button>
        </PostForm>
      )}
    </section>
  );
}
