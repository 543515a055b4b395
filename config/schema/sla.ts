// sla.yaml: SLA policies (targets per priority on a business calendar), which pending
// reasons pause the resolution clock, and the escalation chain of each clock.
import { z } from 'zod';
import { DurationSchema, PercentSchema } from './duration';
import { PriorityIdSchema } from './priorities';
import { kebabId } from './ids';
import { watcherEntrySchema } from './watchers';
import { PENDING_REASONS, RESOLUTION_ENDS_AT, WORKAROUND_KINDS } from './valueSets';

// `arrival` runs only while an on-site visit is booked; its targets are the policy's `visits`.
export const CLOCK_NAMES = ['response', 'resolution', 'update', 'arrival'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export { PENDING_REASONS, type PendingReason } from './valueSets';

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
    /** Add these people as watchers of the ticket: an address, or { watcher: <address>, updates: all | resolution }. */
    addWatchers: z.array(watcherEntrySchema(z.email())).default([]),
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

export { RESOLUTION_ENDS_AT, SITE_KINDS, WORKAROUND_KINDS, type ResolutionEndsAt, type SiteKind, type WorkaroundKind } from './valueSets';

/** Per priority: which recorded kinds meet the resolution clock (the ticket stays open until resolved). */
export const WorkaroundMeetsSchema = z
  .object({ resolution: z.array(z.enum(WORKAROUND_KINDS)).min(1, 'name the kinds that meet the resolution clock: workaround, containment') })
  .strict();

/** On-site visits: where the engineer goes, and how long the requester waits for them at most. */
export const VisitsSchema = z
  .object({
    /** The calendar the arrival clock counts on (`always`: wall-clock hours). */
    calendar: z.string().min(1),
    /** Arrival target per site kind, counted from the booking (an appointment later than that moves the due to it). */
    arrival: z.object({ 'same-site': DurationSchema, 'other-office': DurationSchema }).strict(),
  })
  .strict();
export type VisitsPolicy = z.infer<typeof VisitsSchema>;
/** The follow-up a dissatisfied rating opens for the group lead (issue #12). */
export const DissatisfiedFollowUpSchema = z
  .object({
    /** The business calendar the due time counts on (calendars.yaml). */
    calendar: z.string().min(1),
    /** Business time on that calendar from the rating to the due time: 7h30m is one office working day. */
    due: DurationSchema,
    /** Who hears, once, when the follow-up is overdue. */
    escalateTo: z.array(z.enum(NOTIFY_ROLES)).min(1, 'name who hears of an overdue follow-up'),
  })
  .strict();
export type DissatisfiedFollowUp = z.infer<typeof DissatisfiedFollowUpSchema>;

export const SlaPolicySchema = z
  .object({
    targets: z.record(PriorityIdSchema, TargetsSchema),
    /** Per priority: who is told the moment a ticket of that priority opens. */
    onOpen: z.record(PriorityIdSchema, UrgentNoticeSchema).default({}),
    /** Per priority: who is told the moment a ticket is raised to that priority (by staff or a level). */
    onRaise: z.record(PriorityIdSchema, UrgentNoticeSchema).default({}),
    /** Per priority: a recorded workaround / containment meets the resolution clock; absent: it meets nothing. */
    workaroundMeets: z.record(PriorityIdSchema, WorkaroundMeetsSchema).default({}),
    /** The whole policy (`confirmation`) or per priority (`{ P3: confirmation }`, others resolve). */
    resolutionEndsAt: z
      .union([z.enum(RESOLUTION_ENDS_AT), z.record(PriorityIdSchema, z.enum(RESOLUTION_ENDS_AT))], {
        error: 'give resolve or confirmation, or one per priority such as { P3: confirmation }',
      })
      .default('resolve'),
    /** On-site visits' arrival targets; absent: visits are recorded without an arrival clock. */
    visits: VisitsSchema.optional(),
    escalation: z
      .object({
        response: z.array(EscalationLevelSchema).default([]),
        resolution: z.array(EscalationLevelSchema).default([]),
        update: z.array(EscalationLevelSchema).default([]),
        arrival: z.array(EscalationLevelSchema).default([]),
      })
      .strict(),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/**
 * Major incidents (issue #12): a ticket declared one gets these clocks instead of its priority's,
 * and who hears of it at declaration and resolution. The communication interval is the ticket's
 * `update` clock: it restarts with every broadcast to the affected requesters and escalates by
 * `escalation.communication` when no broadcast went out in time.
 */
export const MajorIncidentSchema = z
  .object({
    calendar: z.string().min(1).describe('the calendar the clocks count on (major incidents run round the clock: a 24×7 calendar)'),
    resolution: DurationSchema.describe('resolution target of the major incident'),
    communicationInterval: DurationSchema.describe('a broadcast to the affected requesters at least this often'),
    escalation: z
      .object({
        resolution: z.array(EscalationLevelSchema).default([]),
        communication: z.array(EscalationLevelSchema).default([]),
      })
      .strict()
      .default({ resolution: [], communication: [] }),
    /** Roles told at declaration and at resolution (besides the department heads). */
    notify: z.array(z.enum(NOTIFY_ROLES)).default([]),
    /** Department heads named by the organisation: told at declaration and at resolution. */
    departmentHeads: z
      .array(z.object({ department: z.string().min(1), name: z.string().min(1), email: z.email() }).strict())
      .default([]),
  })
  .strict();
export type MajorIncidentConfig = z.infer<typeof MajorIncidentSchema>;

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
    /** Absent: a declared major incident keeps the clocks of its priority and tells nobody extra. */
    majorIncident: MajorIncidentSchema.optional(),
    /** 不满意: the group lead follows the ticket up, due within this business time; overdue follow-ups escalate. */
    dissatisfiedFollowUp: DissatisfiedFollowUpSchema.optional(),
  })
  .strict();
export type SlaConfig = z.infer<typeof SlaSchema>;
