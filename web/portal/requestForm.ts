// The portal's form for a catalogue request: from the posted answers (`field.<name>` inputs) to a
// TicketIntake naming the item, checked by the same rules as the API (ticket/requestFields.ts),
// with each problem as a translation key the page can name and link to. Pure.
import type { CatalogueConfig, CatalogueItem, RequestField } from '../../config/schema/catalogue';
import { TicketIntakeSchema, type RequestFieldValue, type TicketIntake } from '../../ticket/intake';
import { requestProblems } from '../../ticket/requestFields';
import type { Lang, TextKey } from '../i18n';

export const FIELD_PREFIX = 'field.';

export interface RequestForm {
  catalogueItem: string;
  title: string;
  description: string;
  idempotencyKey?: string;
  /** The answers as typed: one string, or several for a multichoice. */
  answers: Record<string, string | string[]>;
}

export type RequestFormProblem = { field: string; key: TextKey; params?: Record<string, string> };
export type RequestFormResult = { ok: true; intake: TicketIntake } | { ok: false; problems: RequestFormProblem[] };

export function requestFormOf(body: Record<string, unknown>, item: CatalogueItem): RequestForm {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const answers: Record<string, string | string[]> = {};
  for (const field of item.fields) {
    const raw = body[FIELD_PREFIX + field.name];
    if (field.type === 'multichoice') answers[field.name] = ([] as unknown[]).concat(raw ?? []).map(text).filter(Boolean);
    else answers[field.name] = text(Array.isArray(raw) ? raw[0] : raw);
  }
  return {
    catalogueItem: text(body.catalogueItem),
    title: text(body.title),
    description: text(body.description),
    idempotencyKey: text(body.idempotencyKey) || undefined,
    answers,
  };
}

/** An answer as the intake carries it: numbers and yes/no typed, blanks left out. */
function valueOf(field: RequestField, answer: string | string[] | undefined): RequestFieldValue | undefined {
  if (Array.isArray(answer)) return answer.length ? answer : undefined;
  if (!answer) return undefined;
  if (field.type === 'number') return /^\d+(\.\d+)?$/.test(answer) ? Number(answer) : answer;
  if (field.type === 'boolean') return answer === 'yes';
  return answer;
}

export function intakeFromRequestForm(
  form: RequestForm,
  item: CatalogueItem,
  catalogue: CatalogueConfig,
  requester: { name: string; email: string; department?: string; employeeId?: string; language?: 'zh-CN' | 'en' },
  lang: Lang,
): RequestFormResult {
  const problems: RequestFormProblem[] = [];
  if (!form.title) problems.push({ field: 'title', key: 'missing.title' });
  const fields: Record<string, RequestFieldValue> = {};
  for (const field of item.fields) {
    const value = valueOf(field, form.answers[field.name]);
    if (value !== undefined) fields[field.name] = value;
  }
  for (const problem of requestProblems(catalogue, { catalogueItem: form.catalogueItem, fields })) {
    const name = problem.path.replace(/^fields\./, '');
    const field = item.fields.find((f) => f.name === name);
    const label = field?.label[lang] ?? name;
    problems.push(
      problem.message.startsWith('required')
        ? { field: `field-${name}`, key: 'missing.requestField', params: { field: label } }
        : { field: `field-${name}`, key: 'invalid.requestField', params: { field: label, message: problem.message } },
    );
  }
  if (problems.length) return { ok: false, problems };
  const parsed = TicketIntakeSchema.safeParse({
    requester: {
      name: requester.name,
      email: requester.email,
      ...(requester.department ? { department: requester.department } : {}),
      ...(requester.employeeId ? { employeeId: requester.employeeId } : {}),
      ...(requester.language ? { language: requester.language } : {}),
    },
    channel: 'api',
    title: form.title,
    description: form.description,
    type: 'request',
    catalogueItem: form.catalogueItem,
    fields,
  });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: String(issue.path.at(-1) ?? 'form'), key: 'invalid.tooLong', params: { field: issue.path.join('.') } })) };
  return { ok: true, intake: parsed.data };
}
