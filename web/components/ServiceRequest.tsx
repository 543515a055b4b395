// A service request's own facts on a ticket page: the catalogue item, the requester's answers,
// where the approval chain stands and the fulfilment checklist. The workbench passes `tickAction`
// and sees who approved and who did each task; the portal shows progress only.
import type { CatalogueConfig, Label } from '../../config/schema/catalogue';
import type { RequestFieldValue } from '../../ticket/intake';
import { PostForm, TextField } from './Form';
import { ownValue } from '../../config/lookup';
import type { Ui } from '../ui';

export interface ServiceRequestFacts {
  type: 'incident' | 'request';
  request?: { item: string; label: Label };
  fields?: Record<string, RequestFieldValue>;
  approvalSteps?: Array<{ step: number; label?: Label; status: string; approver?: { name: string } | null; decidedAt?: string; decidedBy?: { id: string }; comment?: string }>;
  tasks?: Array<{ id: string; label: Label; group?: string; done?: { at: string; by?: { id: string }; note?: string } }>;
}

export function ServiceRequest(props: { ui: Ui; facts: ServiceRequestFacts; catalogue?: CatalogueConfig; tickAction?: string }) {
  const { ui, facts } = props;
  const { t } = ui;
  if (facts.type !== 'request') return <></>;
  const item = facts.request && props.catalogue ? ownValue(props.catalogue.items, facts.request.item) : undefined;
  const labelOf = (name: string) => item?.fields.find((f) => f.name === name)?.label[ui.lang] ?? name;
  const shown = (value: RequestFieldValue) => (Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? t('new.yes') : '—') : String(value));
  return (
    <section class="card" aria-label={t('request.answers')}>
      <h2>
        {t('type.request')}
        {facts.request && `: ${facts.request.label[ui.lang]}`}
      </h2>
      {facts.fields && Object.keys(facts.fields).length > 0 && (
        <dl class="facts">
          {Object.entries(facts.fields).map(([name, value]) => (
            <>
              <dt>{labelOf(name)}</dt>
              <dd>{shown(value)}</dd>
            </>
          ))}
        </dl>
      )}
      {facts.approvalSteps && facts.approvalSteps.length > 0 && (
        <>
          <h3>{t('request.approvals')}</h3>
          <ol class="steps">
            {facts.approvalSteps.map((s) => (
              <li>
                {t('request.step', { step: s.step + 1, label: s.label?.[ui.lang] ?? '' })} — {t(`request.stepStatus.${s.status}` as never)}
                {s.approver && ` (${s.approver.name})`}
                {s.decidedAt && ` ${ui.time(s.decidedAt)}`}
                {s.comment && ` — ${s.comment}`}
              </li>
            ))}
          </ol>
        </>
      )}
      {facts.tasks && facts.tasks.length > 0 && (
        <>
          <h3>{t('request.tasks')}</h3>
          <ul class="tasks">
            {facts.tasks.map((task) => (
              <li>
                <span>{task.done ? '☑' : '☐'}</span> {task.label[ui.lang]}
                {task.group && <span class="hint"> ({task.group})</span>} —{' '}
                {task.done ? t('request.taskDone', { at: ui.time(task.done.at) }) : t('request.taskOpen')}
                {task.done?.by && ` ${t('request.taskBy', { by: task.done.by.id })}`}
                {task.done?.note && ` — ${task.done.note}`}
                {!task.done && props.tickAction && (
                  <PostForm ui={ui} action={props.tickAction} label={`${t('request.tick')}: ${task.label[ui.lang]}`}>
                    <input type="hidden" name="task" value={task.id} />
                    <TextField id={`tick-note-${task.id}`} name="note" label={t('request.tickNote')} maxLength={2000} />
                    <button type="submit" class="secondary">
                      {t('request.tick')}
                    </button>
                  </PostForm>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
