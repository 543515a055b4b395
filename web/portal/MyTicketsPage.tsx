// "My tickets": the requester's tickets, newest activity first, times in the desk's zone.
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { TicketTable } from '../components/TicketTable';
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
      <TicketTable
        ui={ui}
        columns={['col.number', 'col.title', 'col.status', 'col.priority', 'col.expectedResponse', 'col.expectedResolution', 'col.updated']}
        empty="mine.empty"
        rows={tickets.map((ticket) => (
          <MyTicketRow ui={ui} ticket={ticket} />
        ))}
      />
    </Layout>
  );
}

function MyTicketRow({ ui, ticket }: { ui: Ui; ticket: RequesterTicket }) {
  return (
    <tr>
      <td class="number">
        <a href={`/portal/tickets/${ticket.number}`}>{ticket.number}</a>
      </td>
      <td class="title">
        {ticket.title}
        {ticket.service?.type === 'request' && <span class="hint"> · {ticket.service.request ? ticket.service.request.label[ui.lang] : ui.t('type.request')}</span>}
      </td>
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
