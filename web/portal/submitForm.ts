// The portal's request form: from the posted fields to a TicketIntake, with the list of what
// is missing or wrong (as translation keys, so the page can name each one). Pure.
import { z } from 'zod';
import { formatInstantInZone, instantOfWallTime } from '../../sla/zonedTime';
import { IMPACTS, TicketIntakeSchema, URGENCIES, type TicketIntake } from '../../ticket/intake';
import type { TextKey } from '../i18n';

export const SUBMIT_TEXT_FIELDS = ['title', 'description', 'occurredAt', 'location', 'affectedSystem', 'affectedVersion', 'errorMessage', 'stepsToReproduce', 'reproducible', 'alreadyTried', 'impact', 'urgency', 'phone', 'department', 'idempotencyKey'] as const;
export type SubmitForm = Partial<Record<(typeof SUBMIT_TEXT_FIELDS)[number], string>>;

/** The form's fields as strings (files are handled by uploads.ts). */
export function submitFormOf(body: Record<string, unknown>): SubmitForm {
  const form: SubmitForm = {};
  for (const field of SUBMIT_TEXT_FIELDS) if (typeof body[field] === 'string') form[field] = (body[field] as string).trim();
  return form;
}

export type SubmitResult = { ok: true; intake: TicketIntake } | { ok: false; problems: Array<{ field: string; key: TextKey; params?: Record<string, string> }> };

const optional = (value: string | undefined) => (value ? value : undefined);

/** `2026-11-25T14:30` (datetime-local) or `2026-11-25 14:30`, read in the desk's zone. */
export function parseLocalDateTime(text: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day) return null; // 2026-02-30
  return formatInstantInZone(timeZone, instantOfWallTime(timeZone, wall));
}

export function intakeFromForm(form: SubmitForm, requester: { name: string; email: string; department?: string; employeeId?: string; language?: 'zh-CN' | 'en' }, timeZone: string): SubmitResult {
  const problems: Array<{ field: string; key: TextKey; params?: Record<string, string> }> = [];
  if (!form.title) problems.push({ field: 'title', key: 'missing.title' });
  if (!form.description) problems.push({ field: 'description', key: 'missing.description' });
  if (!form.impact || !(IMPACTS as readonly string[]).includes(form.impact)) problems.push({ field: 'impact', key: 'missing.impact' });
  if (!form.urgency || !(URGENCIES as readonly string[]).includes(form.urgency)) problems.push({ field: 'urgency', key: 'missing.urgency' });
  let occurredAt: string | undefined;
  if (form.occurredAt) {
    occurredAt = parseLocalDateTime(form.occurredAt, timeZone) ?? undefined;
    if (!occurredAt) problems.push({ field: 'occurredAt', key: 'invalid.occurredAt' });
  }
  if (problems.length) return { ok: false, problems };

  const candidate = {
    requester: {
      name: requester.name,
      email: requester.email,
      ...(optional(form.department) ?? requester.department ? { department: optional(form.department) ?? requester.department } : {}),
      ...(requester.employeeId ? { employeeId: requester.employeeId } : {}),
      ...(form.phone ? { phone: form.phone } : {}),
      ...(requester.language ? { language: requester.language } : {}),
    },
    channel: 'api' as const,
    title: form.title,
    description: form.description,
    occurredAt,
    location: optional(form.location),
    affectedSystem: optional(form.affectedSystem),
    affectedVersion: optional(form.affectedVersion),
    errorMessage: optional(form.errorMessage),
    stepsToReproduce: optional(form.stepsToReproduce),
    reproducible: form.reproducible === 'yes' ? true : form.reproducible === 'no' ? false : undefined,
    alreadyTried: optional(form.alreadyTried),
    impact: form.impact,
    urgency: form.urgency,
  };
  const parsed = TicketIntakeSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: tooLong(parsed.error) };
  return { ok: true, intake: parsed.data };
}

/** What is left after the checks above: a field over the schema's length. */
function tooLong(error: z.ZodError) {
  return error.issues.map((issue) => {
    const field = issue.path.filter((p) => p !== 'requester').join('.') || 'form';
    return { field, key: 'invalid.tooLong' as TextKey, params: { field } };
  });
}

/** A key the browser sends back with the form: a double-click is one request (8–128 safe characters). */
export function validIdempotencyKey(key: string | undefined): key is string {
  return typeof key === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(key);
}
