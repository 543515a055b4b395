// The request form with the facts the manuals ask for, and a list of what is missing.
import { Notice, PostForm, Select, TextArea, TextField } from '../components/Form';
import { Layout } from '../components/Layout';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';
import type { CatalogueConfig } from '../../config/schema/catalogue';
import { CatalogueChooser } from './CatalogueChooser';
import type { SubmitForm } from './submitForm';
import { formatBytes, type UploadLimits } from './uploads';

export interface FormProblem {
  field: string;
  key: TextKey;
  params?: Record<string, string>;
}

export function NewTicketPage(props: { ui: Ui; form: SubmitForm; idempotencyKey: string; problems: FormProblem[]; limits: UploadLimits; catalogue?: CatalogueConfig }) {
  const { ui, form } = props;
  const { t } = ui;
  const v = (field: keyof SubmitForm) => form[field] ?? '';
  return (
    <Layout ui={ui} title={t('new.title')} narrow>
      {props.catalogue && <CatalogueChooser ui={ui} catalogue={props.catalogue} chosen={null} />}
      <p>{t('new.intro')}</p>
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
      <PostForm ui={ui} action="/portal/new" multipart label={t('new.title')}>
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <TextField id="f-title" name="title" label={t('field.title')} value={v('title')} maxLength={300} />
        <TextArea id="f-description" name="description" label={t('field.description')} value={v('description')} maxLength={20000} rows={5} />
        <fieldset>
          <legend>{t('field.impact')}</legend>
          {(['individual', 'department', 'company'] as const).map((impact) => (
            <label class="inline">
              <input type="radio" name="impact" value={impact} checked={form.impact === impact} id={impact === 'individual' ? 'f-impact' : undefined} /> {t(`impact.${impact}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('field.urgency')}</legend>
          {(['low', 'medium', 'high', 'critical'] as const).map((urgency) => (
            <label class="inline">
              <input type="radio" name="urgency" value={urgency} checked={form.urgency === urgency} id={urgency === 'low' ? 'f-urgency' : undefined} /> {t(`urgency.${urgency}`)}
            </label>
          ))}
        </fieldset>
        <TextField id="f-occurredAt" name="occurredAt" type="datetime-local" label={t('field.occurredAt')} hint={t('field.dateHint')} value={v('occurredAt').replace(' ', 'T')} />
        <TextField id="f-location" name="location" label={t('field.location')} value={v('location')} maxLength={300} />
        <TextField id="f-affectedSystem" name="affectedSystem" label={t('field.affectedSystem')} value={v('affectedSystem')} maxLength={300} />
        <TextField id="f-affectedVersion" name="affectedVersion" label={t('field.affectedVersion')} value={v('affectedVersion')} maxLength={100} />
        <TextArea id="f-errorMessage" name="errorMessage" label={t('field.errorMessage')} value={v('errorMessage')} maxLength={5000} rows={3} />
        <TextArea id="f-stepsToReproduce" name="stepsToReproduce" label={t('field.steps')} value={v('stepsToReproduce')} maxLength={5000} rows={3} />
        <Select
          id="f-reproducible"
          name="reproducible"
          label={t('field.reproducible')}
          value={v('reproducible')}
          options={[
            { value: '', label: t('yesno.unknown') },
            { value: 'yes', label: t('yesno.yes') },
            { value: 'no', label: t('yesno.no') },
          ]}
        />
        <TextArea id="f-alreadyTried" name="alreadyTried" label={t('field.alreadyTried')} value={v('alreadyTried')} maxLength={5000} rows={3} />
        <TextField id="f-phone" name="phone" label={t('field.phone')} value={v('phone')} maxLength={64} autocomplete="tel" />
        <TextField id="f-department" name="department" label={t('field.department')} value={v('department')} maxLength={200} />
        <label for="f-attachments">{t('field.attachments', { perFile: formatBytes(props.limits.perFile), perRequest: formatBytes(props.limits.perRequest) })}</label>
        <input id="f-attachments" name="attachments" type="file" multiple accept="image/*,.pdf,.txt,.log,.doc,.docx,.xls,.xlsx,.zip" />
        <div>
          <button type="submit">{t('new.submit')}</button>
        </div>
      </PostForm>
    </Layout>
  );
}
