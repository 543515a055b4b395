// catalogue.yaml (optional): the service requests a requester can choose instead of reporting an
// incident — new-staff setup, software installation, permission, hardware, account — each with the
// fields it needs, the approvals it must pass (in order), and the tasks that fulfil it.
import { z } from 'zod';
import { DurationSchema } from './duration';
import { kebabId, memberId } from './ids';

export const TICKET_TYPES = ['incident', 'request'] as const;
export const TicketTypeSchema = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketTypeSchema>;

export const LabelSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type Label = z.infer<typeof LabelSchema>;

export const FIELD_TYPES = ['text', 'textarea', 'date', 'number', 'boolean', 'email', 'choice', 'multichoice', 'system'] as const;

/** Field names are the keys of `fields` in a request body: camelCase, e.g. `startDate`. */
export const FieldNameSchema = z.string().max(64).regex(/^[a-z][A-Za-z0-9]*$/, 'camelCase, e.g. startDate');

export const RequestFieldSchema = z
  .object({
    name: FieldNameSchema,
    label: LabelSchema,
    type: z.enum(FIELD_TYPES).describe('system: one of the systems listed under `systems`'),
    required: z.boolean().default(false),
    /** For choice and multichoice: the values a requester may pick. */
    choices: z.array(z.object({ value: z.string().min(1).max(100), label: LabelSchema }).strict()).min(1).optional(),
    help: LabelSchema.optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    const needsChoices = field.type === 'choice' || field.type === 'multichoice';
    if (needsChoices && !field.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: `a ${field.type} field needs its choices` });
    if (!needsChoices && field.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: `only choice and multichoice fields have choices (this one is ${field.type})` });
  });
export type RequestField = z.infer<typeof RequestFieldSchema>;

/** Who approves one step of a request's chain. */
export const ChainApproverSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('lineManager') }).strict().describe("the requester's manager (directory.yaml `manager`)"),
  z
    .object({ role: z.literal('systemOwner'), field: FieldNameSchema.describe('the system field of the request that names the system') })
    .strict()
    .describe('the owner of the system the request names (catalogue `systems`)'),
  z.object({ role: z.literal('moduleOwner') }).strict().describe('the lead of the group the ticket is routed to'),
  z.object({ role: z.literal('groupLead'), group: kebabId('a group id from groups.yaml') }).strict().describe("a named group's lead, e.g. IT (desktop)"),
  z.object({ role: z.literal('person'), person: memberId('a member id from groups.yaml') }).strict(),
]);
export type ChainApprover = z.infer<typeof ChainApproverSchema>;

export const ApprovalStepSchema = z
  .object({
    approver: ChainApproverSchema,
    label: LabelSchema.optional(),
    reminderAfter: DurationSchema.optional(),
    timeoutAfter: DurationSchema.optional(),
    onTimeout: z.enum(['reject', 'escalate']).optional(),
  })
  .strict();
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;

export const FulfilmentTaskSchema = z
  .object({
    id: kebabId('task ids are lower-case kebab-case'),
    label: LabelSchema,
    /** The group whose engineers tick it off; without one, whoever works the ticket. */
    group: kebabId('a group id from groups.yaml').optional(),
  })
  .strict();
export type FulfilmentTask = z.infer<typeof FulfilmentTaskSchema>;

const uniqueBy = <T>(list: readonly T[], key: (item: T) => string, what: string, path: string, ctx: z.RefinementCtx) => {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [path, index], message: `duplicate ${what} '${k}' (already ${path}[${first}])` });
    else seen.set(k, index);
  });
};

export const CatalogueItemSchema = z
  .object({
    label: LabelSchema,
    description: LabelSchema.optional(),
    category: kebabId('a category id from categories.yaml'),
    /** Without one, the category's group takes the request. */
    group: kebabId('a group id from groups.yaml').optional(),
    urgency: z.enum(['critical', 'high', 'medium', 'low']).optional().describe('when the requester says none'),
    fields: z.array(RequestFieldSchema).default([]),
    /**
     * The approvals the request must pass, in order. Absent: approvals.yaml decides as for any
     * ticket; an empty list: none.
     */
    approvals: z.array(ApprovalStepSchema).optional(),
    checklist: z.array(FulfilmentTaskSchema).default([]),
  })
  .strict()
  .superRefine((item, ctx) => {
    uniqueBy(item.fields, (f) => f.name, 'field', 'fields', ctx);
    uniqueBy(item.checklist, (t) => t.id, 'task', 'checklist', ctx);
  });
export type CatalogueItem = z.infer<typeof CatalogueItemSchema>;

export const SystemSchema = z
  .object({
    label: LabelSchema,
    owner: memberId('the member id (groups.yaml) who owns the system and approves access to it'),
  })
  .strict();

export const CatalogueSchema = z
  .object({
    /** Reminder and timeout of a step that names none. */
    approvalDefaults: z
      .object({
        reminderAfter: DurationSchema,
        timeoutAfter: DurationSchema,
        onTimeout: z.enum(['reject', 'escalate']),
      })
      .strict()
      .prefault({ reminderAfter: '1d', timeoutAfter: '3d', onTimeout: 'escalate' }),
    /** Business systems and their owners, for `systemOwner` approvals and `system` fields. */
    systems: z.record(kebabId('system ids are lower-case kebab-case'), SystemSchema).default({}),
    items: z.record(kebabId('item ids are lower-case kebab-case'), CatalogueItemSchema).default({}),
  })
  .strict();
export type CatalogueConfig = z.infer<typeof CatalogueSchema>;
