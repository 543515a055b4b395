// The workbench's cards for issue #12: who watches the ticket (add, remove, subscription) and
// the follow-up of a dissatisfied rating (state, and the outcome form for its owner or an admin).
import { WATCH_UPDATES } from '../../config/schema/watchers';
import type { TicketView } from '../../ticket/state';
import { PostForm, Select, TextArea, TextField } from '../components/Form';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

export function WatchersCard({ ui, ticket, canAdd }: { ui: Ui; ticket: TicketView; canAdd: boolean }) {
  const { t } = ui;
  const base = `/desk/tickets/${ticket.number}`;
  return (
    <section class="card" aria-labelledby="watchers-title">
      <h2 id="watchers-title">{t('watch.title')}</h2>
      {ticket.watchers?.length ? (
        <ul>
          {ticket.watchers.map((w) => (
            <li>
              {w.who} · {t(`watch.updates.${w.updates}` as TextKey)} <span class="muted">· {t('watch.source', { source: w.source })}</span>
              <PostForm ui={ui} action={`${base}/unwatch`} label={`${t('watch.remove')} ${w.who}`}>
                <input type="hidden" name="address" value={w.who} />
                <button type="submit" class="secondary">{t('watch.remove')}</button>
              </PostForm>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('watch.none')}</p>
      )}
      {canAdd && (
        <PostForm ui={ui} action={`${base}/watch`} label={t('watch.add')}>
          <WatcherFields ui={ui} idPrefix={`watch-${ticket.number}`} />
          <button type="submit">{t('watch.add')}</button>
        </PostForm>
      )}
    </section>
  );
}

/** Address and subscription: the same two fields on the workbench and the portal. */
export function WatcherFields({ ui, idPrefix }: { ui: Ui; idPrefix: string }) {
  const { t } = ui;
  return (
    <>
      <TextField id={`${idPrefix}-address`} name="address" type="email" label={t('watch.address')} required maxLength={254} />
      <Select id={`${idPrefix}-updates`} name="updates" label={t('watch.updates')} options={WATCH_UPDATES.map((u) => ({ value: u, label: t(`watch.updates.${u}` as TextKey) }))} />
    </>
  );
}

export function FollowUpCard({ ui, ticket, mayRecord }: { ui: Ui; ticket: TicketView; mayRecord: boolean }) {
  const { t } = ui;
  const f = ticket.followUp;
  if (!f) return null;
  return (
    <section class="card" aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">{t('followUp.title')}</h2>
      <p>
        {t('followUp.state', {
          status: t(`followUp.status.${f.status}` as TextKey),
          owner: f.owner?.name ?? '—',
          due: f.dueAt ? ui.time(f.dueAt) : '—',
        })}
      </p>
      {f.outcome && <p>{f.outcome}</p>}
      {f.status !== 'done' && mayRecord && (
        <PostForm ui={ui} action={`/desk/tickets/${ticket.number}/follow-up`} label={t('followUp.record')}>
          <TextArea id={`follow-up-${ticket.number}`} name="outcome" label={t('followUp.outcome')} required maxLength={5000} rows={3} />
          <button type="submit">{t('followUp.record')}</button>
        </PostForm>
      )}
    </section>
  );
}
