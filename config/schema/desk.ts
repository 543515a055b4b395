// desk.yaml: who the desk is — name, ticket numbering, defaults for language and time zone.
import { z } from 'zod';
import { TimeZoneSchema } from '../../sla/calendarSchema';
import { WEEKDAY_KEYS } from '../../sla/civilDate';
import { DurationSchema } from './duration';

/** The weekly service report mailed by a Temporal Schedule the desk keeps in step with this. */
export const WeeklyReportSchema = z
  .object({
    day: z.enum(WEEKDAY_KEYS).describe('weekday it is mailed (the report covers the 7 days before that day)'),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:00').describe("HH:MM in the desk's zone (the office calendar's)"),
    /** Default: the IT manager of groups.yaml. */
    recipients: z.array(z.email()).min(1).optional().describe('who gets it; default: groups.yaml itManager'),
  })
  .strict();
export type WeeklyReportConfig = z.infer<typeof WeeklyReportSchema>;

export const DeskSchema = z
  .object({
    name: z.string().min(1),
    ticketPrefix: z.string().regex(/^[A-Z]{1,6}$/, 'use 1–6 capital letters, e.g. IT'),
    ticketDigits: z.number().int().min(3).max(10),
    defaultLanguage: z.enum(['zh-CN', 'en']),
    /** Mail address staff notices and requester mails are sent from. */
    fromAddress: z.email(),
    fromName: z.string().min(1),
    /** A resolved ticket closes by itself when the requester has not answered by then. */
    resolvedAutoCloseAfter: DurationSchema,
    /** How long after closing the requester may still rate the ticket. */
    satisfactionWindow: DurationSchema,
    /**
     * A ticket waiting on the requester (pending, reason requester) reminds them once by mail when
     * they have not answered this long after the question. Absent: no reminder.
     */
    pendingReminderAfter: DurationSchema.optional(),
    /**
     * Requesters of tickets opened through these channels get the same threaded mail as those who
     * wrote to the mailbox (acknowledgement, assignment, public replies, pending, resolution,
     * closure), sent to the intake's mail address. Tickets opened by mail always do.
     */
    requesterMailChannels: z.array(z.enum(['api', 'phone', 'im', 'walk-in'])).default(['api', 'phone', 'im', 'walk-in']),
    /**
     * The zone every time shown to a person is in (portal, workbench). Absent: the zone of
     * sla.yaml's quietHoursCalendar, else of the first calendar.
     */
    timeZone: TimeZoneSchema.optional(),
    /** Where people reach the API, for links in mail (one-click approvals). */
    publicUrl: z.url().default('http://127.0.0.1:8080'),
    /** Absent: no weekly report (an existing schedule is removed). */
    weeklyReport: WeeklyReportSchema.optional(),
  })
  .strict();
export type DeskConfig = z.infer<typeof DeskSchema>;
