// Whether a request's answers fit its catalogue item: every required field given, each value of
// its field's type, no field the item does not ask for. Pure; the API refuses with these paths
// (422, `fields.startDate`), so a client learns which answer to fix.
import type { CatalogueConfig, RequestField } from '../config/schema/catalogue';
import { ownValue } from '../config/lookup';
import { normaliseAddress } from '../mail/address';
import { parseCivilDate } from '../sla/civilDate';
import type { RequestFieldValue, TicketIntake } from './intake';

export interface RequestProblem {
  path: string;
  message: string;
}

const TEXT_LIMIT = { text: 300, textarea: 5_000 } as const;

/** Problems with the request part of an intake (type, catalogue item, fields); empty when fine. */
export function requestProblems(catalogue: CatalogueConfig, intake: Pick<TicketIntake, 'type' | 'catalogueItem' | 'fields'>): RequestProblem[] {
  const { type, catalogueItem, fields } = intake;
  if (catalogueItem === undefined) {
    return fields !== undefined ? [{ path: 'fields', message: 'fields belong to a catalogue item: name one in catalogueItem' }] : [];
  }
  if (type === 'incident') return [{ path: 'type', message: 'a catalogue item is a service request, not an incident' }];
  const item = ownValue(catalogue.items, catalogueItem);
  if (!item) return [{ path: 'catalogueItem', message: `unknown catalogue item '${catalogueItem}' (known: ${Object.keys(catalogue.items).join(', ') || 'none'})` }];
  const given = fields ?? {};
  const problems: RequestProblem[] = [];
  for (const name of Object.keys(given))
    if (!item.fields.some((f) => f.name === name))
      problems.push({ path: `fields.${name}`, message: `'${catalogueItem}' has no field '${name}' (fields: ${item.fields.map((f) => f.name).join(', ') || 'none'})` });
  for (const field of item.fields) {
    const value = Object.hasOwn(given, field.name) ? given[field.name] : undefined;
    if (isBlank(value)) {
      if (field.required) problems.push({ path: `fields.${field.name}`, message: `required: ${field.label.en} (${field.label['zh-CN']})` });
      continue;
    }
    const problem = valueProblem(field, value!, catalogue);
    if (problem) problems.push({ path: `fields.${field.name}`, message: problem });
  }
  return problems;
}

const isBlank = (value: RequestFieldValue | undefined) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

function valueProblem(field: RequestField, value: RequestFieldValue, catalogue: CatalogueConfig): string | null {
  switch (field.type) {
    case 'text':
    case 'textarea':
      if (typeof value !== 'string') return `expected text, got ${JSON.stringify(value)}`;
      return value.length > TEXT_LIMIT[field.type] ? `at most ${TEXT_LIMIT[field.type]} characters` : null;
    case 'date':
      return typeof value === 'string' && parseCivilDate(value) !== undefined ? null : `expected a date such as 2026-12-01, got ${JSON.stringify(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `expected a number of 0 or more, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false, got ${JSON.stringify(value)}`;
    case 'email':
      return typeof value === 'string' && normaliseAddress(value) !== null ? null : `expected a mail address, got ${JSON.stringify(value)}`;
    case 'choice': {
      const values = (field.choices ?? []).map((c) => c.value);
      return typeof value === 'string' && values.includes(value) ? null : `expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`;
    }
    case 'multichoice': {
      const values = (field.choices ?? []).map((c) => c.value);
      if (!Array.isArray(value)) return `expected a list of ${values.join(', ')}, got ${JSON.stringify(value)}`;
      const stray = value.filter((v) => !values.includes(v));
      if (stray.length) return `expected values of ${values.join(', ')}, got ${stray.map((v) => JSON.stringify(v)).join(', ')}`;
      return new Set(value).size === value.length ? null : 'a value is listed twice';
    }
    case 'system': {
      const systems = Object.keys(catalogue.systems);
      return typeof value === 'string' && ownValue(catalogue.systems, value) ? null : `expected one of the systems ${systems.join(', ')}, got ${JSON.stringify(value)}`;
    }
  }
}
