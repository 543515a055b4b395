// A workbench queue: tabs for the queues, filters, one row per ticket with its clocks, paging.
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { ClockCellView } from '../components/Clock';
import { TicketTable } from '../components/TicketTable';
import { Layout } from '../components/Layout';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';
import { FILTER_FIELDS, QUEUES, type QueueFilters, type QueueName, type QueueRow } from './queues';

export interface FilterChoices {
  priority: string[];
  status: string[];
  group: Array<{ value: string; label: string }>;
  category: Array<{ value: string; label: string }>;
  assignee: Array<{ value: string; label: string }>;
}

export function QueuePage(props: { ui: Ui; queue: QueueName; filters: QueueFilters; choices: FilterChoices; rows: QueueRow[]; page: number; pages: number; total: number; names: Record<string, string> }) {
  const { ui, queue, filters } = props;
  const { t } = ui;
  const query = (over: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ queue, ...filters, ...over })) if (v !== undefined && v !== '') params.set(k, String(v));
    return `/desk?${params.toString()}`;
  };
  return (
    <Layout ui={ui} title={t(`queue.${queue}` as TextKey)}>
      <nav aria-label={t('nav.queues')}>
        <ul class="tabs">
          {QUEUES.map((q) => (
            <li>
              <a href={query({ queue: q, page: undefined })} aria-current={q === queue ? 'page' : undefined}>
                {t(`queue.${q}` as TextKey)}
              </a>
            </li>
          ))}
          <li>
            <a href="/desk/follow-ups">{t('queue.followUps')}</a>
          </li>
        </ul>
      </nav>
      <form method="get" action="/desk" class="filters card" aria-label={t('filter.title')}>
        <input type="hidden" name="queue" value={queue} />
        {FILTER_FIELDS.map((field) => (
          <div>
            <label for={`filter-${field}`}>{t(`col.${field}` as TextKey)}</label>
            <select id={`filter-${field}`} name={field}>
              <option value="">{t('filter.any')}</option>
              {choicesOf(ui, props.choices, field).map((o) => (
                <option value={o.value} selected={filters[field] === o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div>
          <button type="submit">{t('filter.apply')}</button> <a href={`/desk?queue=${queue}`}>{t('filter.clear')}</a>
        </div>
      </form>
      <p class="muted" role="status">{t('queue.count', { count: props.total })}</p>
      <TicketTable
        ui={ui}
        columns={['col.number', 'col.title', 'col.requester', 'col.priority', 'col.status', 'col.group', 'col.assignee', 'col.response', 'col.resolution']}
        empty="queue.empty"
        rows={props.rows.map((row) => (
          <QueueRowView ui={ui} row={row} names={props.names} />
        ))}
      />
      {props.pages > 1 && (
        <nav class="pager" aria-label={t('queue.page', { page: props.page, pages: props.pages })}>
          {props.page > 1 && <a href={query({ page: props.page - 1 })}>{t('queue.prev')}</a>}
          <span>{t('queue.page', { page: props.page, pages: props.pages })}</span>
          {props.page < props.pages && <a href={query({ page: props.page + 1 })}>{t('queue.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}

function choicesOf(ui: Ui, choices: FilterChoices, field: (typeof FILTER_FIELDS)[number]): Array<{ value: string; label: string }> {
  if (field === 'priority') return choices.priority.map((p) => ({ value: p, label: p }));
  if (field === 'status') return choices.status.map((s) => ({ value: s, label: ui.t(`status.${s}` as TextKey) }));
  return choices[field];
}

export function QueueRowView({ ui, row, names }: { ui: Ui; row: QueueRow; names: Record<string, string> }) {
  return (
    <tr>
      <td class="number">
        <a href={`/desk/tickets/${row.number}`}>{row.number}</a>
      </td>
      <td class="title">{row.title}</td>
      <td>{row.requester}</td>
      <td>
        <PriorityBadge priority={row.priority} />
      </td>
      <td>
        <StatusBadge ui={ui} status={row.status} />
      </td>
      <td>{names[`group:${row.group}`] ?? row.group}</td>
      <td>{row.assignee ? (names[`member:${row.assignee}`] ?? row.assignee) : <span class="muted">{ui.t('desk.unassigned')}</span>}</td>
      <td>
        <ClockCellView ui={ui} cell={row.clocks.find((c) => c.clock === 'response')} />
      </td>
      <td>
        <ClockCellView ui={ui} cell={row.clocks.find((c) => c.clock === 'resolution')} />
      </td>
    </tr>
  );
}
