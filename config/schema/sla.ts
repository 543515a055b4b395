// sla.yaml: SLA policies (targets per priority on a business calendar), which pending
// reasons pause the resolution clock, and the escalation chain of each clock.
import { z } from 'zod';
import { DurationSchema, PercentSchema } from './duration';
import { PriorityIdSchema } from './priorities';
import { kebabId } from './ids';

export const CLOCK_NAMES = ['response', 'resolution', 'update'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export const PENDING_REASONS = ['requester', 'vendor', 'approval'] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

export const NOTIFY_ROLES = ['assignee', 'groupLead', 'groupEscalation', 'dutySupervisor', 'itManager'] as const;
export type NotifyRole = (typeof NOTIFY_ROLES)[number];

export const TargetsSchema = z
  .object({
    calendar: z.string().min(1),
    response: DurationSchema,
    resolution: DurationSchema,
    /** P1/P2: the requester hears from us at least this often while the ticket is open. */
    update: DurationSchema.optional(),
  })
  .strict();
export type Targets = z.infer<typeof TargetsSchema>;

export const EscalationLevelSchema = z
  .object({
    /** Fires when this share of the target is consumed (100% is the breach)… */
    at: PercentSchema.optional(),
    /** …or this much business time after the breach. */
    after: DurationSchema.optional(),
    notify: z.array(z.enum(NOTIFY_ROLES)).default([]),
    /** Hold the notice until the calendar's working hours (never for P1). */
    quiet: z.boolean().default(false),
    /** Hand the ticket to another group (its assignment strategy picks the person). */
    reassignTo: z.string().min(1).optional(),
    /** Raise the priority one level (never above P1); the new targets apply to time consumed. */
    raisePriority: z.boolean().default(false),
    /** Add these people as watchers of the ticket. */
    addWatchers: z.array(z.email()).default([]),
    /** Hand the ticket to the next tier's group of its category (categories.yaml `tiers`). */
    escalateTier: z.boolean().default(false),
  })
  .strict()
  .refine((l) => (l.at === undefined) !== (l.after === undefined), {
    message: "give exactly one of 'at' (e.g. 75%) or 'after' (e.g. 30m after the breach)",
  })
  .refine((l) => l.notify.length > 0 || l.reassignTo || l.raisePriority || l.addWatchers.length > 0 || l.escalateTier, {
    message: 'a level must do something: notify, reassignTo, raisePriority, addWatchers or escalateTier',
  });
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

/** Who hears at once, without waiting for an SLA threshold (the manuals: P1/P2 → duty supervisor now). */
export const UrgentNoticeSchema = z.object({ notify: z.array(z.enum(NOTIFY_ROLES)).min(1, 'name who to notify') }).strict();
export type UrgentNotice = z.infer<typeof UrgentNoticeSchema>;

export const SlaPolicySchema = z
  .object({
    targets: z.record(PriorityIdSchema, TargetsSchema),
    /** Per priority: who is told the moment a ticket of that priority opens. */
    onOpen: z.record(PriorityIdSchema, UrgentNoticeSchema).default({}),
    /** Per priority: who is told the moment a ticket is raised to that priority (by staff or a level). */
    onRaise: z.record(PriorityIdSchema, UrgentNoticeSchema).default({}),
    escalation: z
      .object({
        response: z.array(EscalationLevelSchema).default([]),
        resolution: z.array(EscalationLevelSchema).default([]),
        update: z.array(EscalationLevelSchema).default([]),
      })
      .strict(),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

export const SlaSchema = z
  .object({
    pauseResolutionWhilePending: z.array(z.enum(PENDING_REASONS)),
    defaultPolicy: z.string().min(1),
    /** Who `dutySupervisor` is: the first shift covering the moment (and, if it names a calendar, inside its working time). */
    dutyRoster: z
      .object({
        timezone: z.string().min(1),
        shifts: z
          .array(
            z
              .object({
                from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
                to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
                calendar: z.string().min(1).optional(),
                name: z.string().min(1),
                email: z.email(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    /** Quiet escalation levels wait for working hours on this calendar (P1 never waits). */
    quietHoursCalendar: z.string().min(1).optional(),
    /** First matching override picks the policy; the default applies otherwise. */
    overrides: z
      .array(
        z
          .object({
            when: z
              .object({ category: z.string().optional(), vip: z.boolean().optional() })
              .strict(),
            policy: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    policies: z.record(kebabId('policy ids are lower-case kebab-case'), SlaPolicySchema),
  })
  .strict();
export type SlaConfig = z.infer<typeof SlaSchema>;
