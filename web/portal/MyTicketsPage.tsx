// "My tickets": the requester's tickets, newest activity first, times in the desk's zone.
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { Notice } from '../components/Form';
import { Layout } from '../components/Layout';
import type { Ui } from '../ui';
import type { RequesterTicket } from '../requesterView';

export function MyTicketsPage({ ui, tickets }: { ui: Ui; tickets: RequesterTicket[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('mine.title')}>
      <p>
        <a class="button" href="/portal/new">{t('mine.new')}</a>
      </p>
      {tickets.length === 0 ? (
        <Notice>{t('mine.empty')}</Notice>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('col.number')}</th>
                <th scope="col">{t('col.title')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.priority')}</th>
                <th scope="col">{t('col.expectedResponse')}</th>
                <th scope="col">{t('col.expectedResolution')}</th>
                <th scope="col">{t('col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <MyTicketRow ui={ui} ticket={ticket} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function MyTicketRow({ ui, ticket }: { ui: Ui; ticket: RequesterTicket }) {
  return (
    <tr>
      <td class="number">
        <a href={`/portal/tickets/${ticket.number}`}>{ticket.number}</a>
      </td>
      <td class="title">{ticket.title}</td>
      <td>
        <StatusBadge ui={ui} status={ticket.status} pendingReason={ticket.pendingReason} />
      </td>
      <td>
        <PriorityBadge priority={ticket.priority} />
      </td>
      <td>{ui.time(ticket.responseDueAt) || '—'}</td>
      <td>{ui.time(ticket.resolutionDueAt) || '—'}</td>
      <td>{ui.time(ticket.updatedAt) || '—'}</td>
    </tr>
  );
}
