// What a request must carry when it is opened (DESIGN §1 "record"): who, what, when, impact.
// One schema serves the API body, the mail intake and the workflow input type.
//
// Every text is bounded here, at the entry both the API and the mailbox pass through: the
// requester's address becomes the `Requester` search attribute (a Keyword holds at most 2,048
// bytes; a longer value makes Temporal terminate the ticket), title and name go into the memo.
import { z } from 'zod';
import { kebabId } from '../config/schema/ids';
import { INTAKE_LIMITS } from './intakeLimits';
import { MailAddressStringSchema } from '../mail/addressSchema';
import { FieldNameSchema, TicketTypeSchema } from '../config/schema/catalogue';

export const CHANNELS = ['api', 'mail', 'phone', 'im', 'walk-in'] as const;
export const IMPACTS = ['company', 'department', 'individual'] as const;
export const URGENCIES = ['critical', 'high', 'medium', 'low'] as const;

export const RequesterSchema = z
  .object({
    name: z.string().trim().min(1).max(INTAKE_LIMITS.name),
    /** normal form (mail/address.ts): the mail intake and the API agree on what an address is */
    email: MailAddressStringSchema,
    department: z.string().max(200).optional(),
    employeeId: z.string().max(64).optional(),
    phone: z.string().max(64).optional(),
    /** Set by the desk from directory.yaml, never taken from an API caller (ticket/intakeAuthority.ts). */
    vip: z.boolean().optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict();
export type Requester = z.infer<typeof RequesterSchema>;

/** One answer to a catalogue item's field; what each field accepts is ticket/requestFields.ts. */
export const RequestFieldValueSchema = z.union([z.string().max(5_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]);
export type RequestFieldValue = z.infer<typeof RequestFieldValueSchema>;

export const TicketIntakeSchema = z
  .object({
    requester: RequesterSchema,
    channel: z.enum(CHANNELS).default('api'),
    title: z.string().trim().min(1).max(INTAKE_LIMITS.title),
    description: z.string().max(INTAKE_LIMITS.description).default(''),
    /** When and where it happened. */
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    location: z.string().max(300).optional(),
    affectedSystem: z.string().max(300).optional(),
    affectedVersion: z.string().max(100).optional(),
    errorMessage: z.string().max(5_000).optional(),
    stepsToReproduce: z.string().max(5_000).optional(),
    reproducible: z.boolean().optional(),
    alreadyTried: z.string().max(5_000).optional(),
    impact: z.enum(IMPACTS).optional(),
    urgency: z.enum(URGENCIES).optional(),
    priority: z.string().regex(/^P[1-9]$/).optional(),
    category: kebabId().optional(),
    /** Mail intake: the desk mailbox the request arrived at (a mailboxes.yaml id). */
    mailbox: z.string().max(64).optional(),
    /** Mail intake: the Message-ID of the mail that opened the ticket. */
    sourceMessageId: z.string().max(998).optional(),
    /** Incident (something broke) or service request; unsaid, a catalogue item makes it a request, else routing decides. */
    type: TicketTypeSchema.optional(),
    /** The request catalogue's item (catalogue.yaml) this request is for. */
    catalogueItem: kebabId('a catalogue item id such as new-staff-setup').optional(),
    /** The item's fields, by name (checked against the item: ticket/requestFields.ts). */
    fields: z.record(FieldNameSchema, RequestFieldValueSchema).optional(),
  })
  .strict();
export type TicketIntake = z.infer<typeof TicketIntakeSchema>;

/**
 * One text per request, whatever the key order or the defaults spelt out: two requests under
 * one Idempotency-Key are the same when these are equal. Facts the desk adds itself (VIP from
 * the directory) are left out, so a directory edit between a request and its retry changes nothing.
 */
export function canonicalIntake(intake: TicketIntake): string {
  const { vip: _deskFact, ...requester } = intake.requester;
  return JSON.stringify(sortKeys({ ...intake, requester }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
