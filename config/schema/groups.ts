// groups.yaml: assignment groups, their members (with working calendar and absences), lead and
// escalation contact.
import { z } from 'zod';
import { parseCivilDate } from '../../sla/civilDate';
import { CivilDateSchema } from '../../sla/calendarSchema';
import { kebabId, memberId } from './ids';

/** Support tiers, lowest first: L1 the service desk, L2 the specialist groups, L3 the experts behind them. */
export const TIERS = ['L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];
/**
 * How senior an engineer is, in the words of the manual's dispatch table (P1/P2 senior engineers,
 * P3 service-desk engineers, P4 junior engineers). A member who states none counts as `desk`.
 */
export const SENIORITIES = ['junior', 'desk', 'senior'] as const;
export type Seniority = (typeof SENIORITIES)[number];
export const DEFAULT_SENIORITY: Seniority = 'desk';

export const AbsenceSchema = z
  .object({
    from: CivilDateSchema.describe('first day away, YYYY-MM-DD'),
    to: CivilDateSchema.describe('last day away (inclusive), YYYY-MM-DD'),
    reason: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((absence, ctx) => {
    const [from, to] = [parseCivilDate(absence.from), parseCivilDate(absence.to)];
    if (from !== undefined && to !== undefined && to < from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `'to' ${absence.to} is before 'from' ${absence.from}` });
  });
export type Absence = z.infer<typeof AbsenceSchema>;

export const PersonSchema = z
  .object({
    id: memberId(),
    name: z.string().min(1),
    email: z.email(),
    /** Without one the member takes tickets around the clock. */
    calendar: z.string().min(1).optional().describe('calendar id (calendars.yaml) of the hours this member takes tickets; none = always'),
    absences: z.array(AbsenceSchema).optional().describe('whole days away, read in the time zone of the member calendar'),
    seniority: z.enum(SENIORITIES).optional().describe('junior, desk (a service-desk engineer, the default) or senior: what the dispatch table of routing.yaml matches'),
  })
  .strict();
export type Person = z.infer<typeof PersonSchema>;

export const GroupSchema = z
  .object({
    name: z.string().min(1),
    lead: z.string().optional().describe('member id of the group lead'),
    tier: z.enum(TIERS).optional().describe('support tier: L1 service desk, L2 specialists, L3 experts; categories.yaml tiers ladders climb them'),
    escalationContact: z.object({ name: z.string().min(1), email: z.email() }).strict(),
    members: z.array(PersonSchema).default([]),
  })
  .strict();
export type GroupConfig = z.infer<typeof GroupSchema>;

export const GroupsSchema = z
  .object({
    groups: z.record(kebabId('group ids are lower-case kebab-case'), GroupSchema),
    itManager: z.object({ name: z.string().min(1), email: z.email() }).strict(),
  })
  .strict();
export type GroupsConfig = z.infer<typeof GroupsSchema>;
