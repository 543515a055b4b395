// The form of one catalogue request: its own fields (text, dates, choices, systems), a title and
// notes, and the list of what is missing. Server-rendered; works without script.
import type { CatalogueConfig, CatalogueItem, RequestField } from '../../config/schema/catalogue';
import { Notice, PostForm, Select, TextArea, TextField } from '../components/Form';
import { Layout } from '../components/Layout';
import type { Ui } from '../ui';
import { CatalogueChooser } from './CatalogueChooser';
import type { FormProblem } from './NewTicketPage';
import { FIELD_PREFIX, type RequestForm } from './requestForm';

export function NewRequestPage(props: { ui: Ui; catalogue: CatalogueConfig; itemId: string; item: CatalogueItem; form: Partial<RequestForm>; idempotencyKey: string; problems: FormProblem[] }) {
  const { ui, item, form } = props;
  const { t } = ui;
  const label = item.label[ui.lang];
  return (
    <Layout ui={ui} title={`${t('new.title')}: ${label}`} narrow>
      <CatalogueChooser ui={ui} catalogue={props.catalogue} chosen={props.itemId} />
      <p>{t('new.requestIntro', { item: label })}</p>
      {item.description && <p class="hint">{item.description[ui.lang]}</p>}
      {props.problems.length > 0 && (
        <Notice kind="error">
          <p>{t('new.missing')}</p>
          <ul>
            {props.problems.map((p) => (
              <li>
                <a href={`#f-${p.field}`}>{t(p.key, p.params)}</a>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <PostForm ui={ui} action="/portal/new" label={label}>
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <input type="hidden" name="catalogueItem" value={props.itemId} />
        <TextField id="f-title" name="title" label={t('new.requestTitle')} value={form.title ?? label} maxLength={300} required />
        {item.fields.map((field) => (
          <RequestFieldInput ui={ui} field={field} systems={props.catalogue.systems} answer={form.answers?.[field.name]} />
        ))}
        <TextArea id="f-description" name="description" label={t('new.requestNotes')} value={form.description ?? ''} maxLength={20000} rows={3} />
        <div>
          <button type="submit">{t('new.submit')}</button>
        </div>
      </PostForm>
    </Layout>
  );
}

function RequestFieldInput(props: { ui: Ui; field: RequestField; systems: CatalogueConfig['systems']; answer: string | string[] | undefined }) {
  const { ui, field } = props;
  const id = `f-field-${field.name}`;
  const name = FIELD_PREFIX + field.name;
  const label = `${field.label[ui.lang]}${field.required ? ' *' : ''}`;
  const answer = typeof props.answer === 'string' ? props.answer : '';
  const chosen = Array.isArray(props.answer) ? props.answer : [];
  const choices = field.type === 'system' ? Object.entries(props.systems).map(([value, s]) => ({ value, label: s.label })) : (field.choices ?? []);
  switch (field.type) {
    case 'textarea':
      return <TextArea id={id} name={name} label={label} value={answer} required={field.required} maxLength={5000} rows={3} />;
    case 'choice':
    case 'system':
      return <Select id={id} name={name} label={label} value={answer} required={field.required} options={[{ value: '', label: '—' }, ...choices.map((c) => ({ value: c.value, label: c.label[ui.lang] }))]} />;
    case 'multichoice':
      return (
        <fieldset id={id}>
          <legend>{label}</legend>
          {choices.map((c) => (
            <label class="inline">
              <input type="checkbox" name={name} value={c.value} checked={chosen.includes(c.value)} /> {c.label[ui.lang]}
            </label>
          ))}
        </fieldset>
      );
    case 'boolean':
      return (
        <label class="inline" for={id}>
          <input id={id} type="checkbox" name={name} value="yes" checked={answer === 'yes'} /> {label}
        </label>
      );
    default:
      return (
        <TextField
          id={id}
          name={name}
          label={label}
          value={answer}
          required={field.required}
          type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : field.type === 'email' ? 'email' : 'text'}
          hint={field.help?.[ui.lang]}
          maxLength={300}
        />
      );
  }
}
