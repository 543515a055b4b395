// /desk/follow-ups: the dissatisfied follow-ups still waiting for an outcome — a lead's own,
// or every one for an admin — overdue first, then by due time.
import type { TicketView } from '../../ticket/state';
import { Layout } from '../components/Layout';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

export function FollowUpsPage({ ui, tickets, names }: { ui: Ui; tickets: TicketView[]; names: Record<string, string> }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('queue.followUps')}>
      <p>
        <a href="/desk">{t('queue.open')}</a>
      </p>
      {tickets.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('col.number')}</th>
              <th>{t('col.title')}</th>
              <th>{t('col.group')}</th>
              <th>{t('followUp.title')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr>
                <td>
                  <a href={`/desk/tickets/${ticket.number}`}>{ticket.number}</a>
                </td>
                <td>{ticket.intake.title}</td>
                <td>{names[`group:${ticket.group}`] ?? ticket.group}</td>
                <td>
                  {t('followUp.state', {
                    status: t(`followUp.status.${ticket.followUp!.status}` as TextKey),
                    owner: ticket.followUp!.owner?.name ?? '—',
                    due: ticket.followUp!.dueAt ? ui.time(ticket.followUp!.dueAt) : '—',
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('followUp.none')}</p>
      )}
    </Layout>
  );
}

/** Open follow-ups first by overdue, then by due time (none last). */
export function sortFollowUps(tickets: TicketView[]): TicketView[] {
  const key = (t: TicketView) => [t.followUp!.status === 'overdue' ? 0 : 1, t.followUp!.dueAt ?? '9999'] as const;
  return [...tickets].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1].localeCompare(key(b)[1]));
}
