// What a request must carry when it is opened (DESIGN §1 "record"): who, what, when, impact.
// One schema serves the API body, the mail intake and the workflow input type.
import { z } from 'zod';
import { MailAddressStringSchema } from '../mail/address';

export const CHANNELS = ['api', 'mail', 'phone', 'im', 'walk-in'] as const;
export const IMPACTS = ['company', 'department', 'individual'] as const;
export const URGENCIES = ['critical', 'high', 'medium', 'low'] as const;

export const RequesterSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** normal form (mail/address.ts): the mail intake and the API agree on what an address is */
    email: MailAddressStringSchema,
    department: z.string().max(200).optional(),
    employeeId: z.string().max(64).optional(),
    phone: z.string().max(64).optional(),
    vip: z.boolean().optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict();
export type Requester = z.infer<typeof RequesterSchema>;

export const TicketIntakeSchema = z
  .object({
    requester: RequesterSchema,
    channel: z.enum(CHANNELS).default('api'),
    title: z.string().trim().min(1).max(300),
    description: z.string().max(20_000).default(''),
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
    category: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    /** Mail intake: the desk mailbox the request arrived at. */
    mailbox: z.string().max(320).optional(),
    /** Mail intake: the Message-ID of the mail that opened the ticket. */
    sourceMessageId: z.string().max(998).optional(),
  })
  .strict();
export type TicketIntake = z.infer<typeof TicketIntakeSchema>;
