// A table of tickets with its column headings, or a notice when there are none: the shape the
// portal's "My tickets" and the workbench's queues share; each page brings its own rows.
import type { Child } from 'hono/jsx';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';
import { Notice } from './Form';

export function TicketTable(props: { ui: Ui; columns: TextKey[]; empty: TextKey; rows: Child[] }) {
  const { t } = props.ui;
  if (props.rows.length === 0) return <Notice>{t(props.empty)}</Notice>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{t(column)}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows}</tbody>
      </table>
    </div>
  );
}
