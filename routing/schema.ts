// Zod schemas for the routing config admins write in YAML (priority matrix, ordered rules,
// per-group assignment) and for the ticket the engine routes; every routing type comes from here.
import { z } from 'zod';
import { patternProblem } from './pattern';
import { SENIORITIES } from '../config/schema/groups';
import { watcherEntrySchema } from '../config/schema/watchers';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const IMPACTS = ['company', 'department', 'individual'] as const;
export const URGENCIES = ['critical', 'high', 'medium', 'low'] as const;
export const CHANNELS = ['api', 'mail', 'phone', 'im', 'walk-in'] as const;
export const SEARCHABLE_FIELDS = ['title', 'description'] as const;

export const PrioritySchema = z.enum(PRIORITIES);
export const ImpactSchema = z.enum(IMPACTS);
export const UrgencySchema = z.enum(URGENCIES);
export const ChannelSchema = z.enum(CHANNELS);
export type Priority = z.infer<typeof PrioritySchema>;
export type Impact = z.infer<typeof ImpactSchema>;
export type Urgency = z.infer<typeof UrgencySchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type SearchableField = (typeof SEARCHABLE_FIELDS)[number];

const Text = z.string().min(1, 'must not be empty');

/** A regular-expression source; a pattern that does not compile is reported at its own path. */
export const RegexSourceSchema = Text.superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

// Admins write `category: hardware` as often as `category: [hardware, software]`; accept both and
// keep the YAML shape (the compiler normalises), so a stored config reads back as it was written.
function oneOrMany<T extends z.ZodType<string>>(item: T) {
  return z.union([item, z.array(item).min(1, 'list must not be empty')], {
    error: 'expected a value or a non-empty list of values',
  });
}

// ---------------------------------------------------------------------------------------------
// Priority matrix

function matrixCell(impact: Impact, urgency: Urgency) {
  return z.enum(PRIORITIES, {
    error: (issue) =>
      issue.input === undefined
        ? `missing priority for impact '${impact}' × urgency '${urgency}'`
        : `expected one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

function urgencyRow(impact: Impact) {
  return z
    .object(
      {
        critical: matrixCell(impact, 'critical'),
        high: matrixCell(impact, 'high'),
        medium: matrixCell(impact, 'medium'),
        low: matrixCell(impact, 'low'),
      },
      {
        error: (issue) =>
          issue.input === undefined
            ? `missing row for impact '${impact}' (needs ${URGENCIES.join(', ')})`
            : undefined,
      },
    )
    .strict();
}

export const KeywordOverrideSchema = z
  .object({
    /** Regex source, matched case-insensitively against title and description. */
    pattern: RegexSourceSchema,
    priority: PrioritySchema,
  })
  .strict();

export const PriorityMatrixSchema = z
  .object({
    matrix: z
      .object({
        company: urgencyRow('company'),
        department: urgencyRow('department'),
        individual: urgencyRow('individual'),
      })
      .strict(),
    keywordOverrides: z.array(KeywordOverrideSchema).default([]),
    /** Levels a VIP requester's priority is raised by; never above P1. */
    vipBump: z.number().int().min(0).max(PRIORITIES.length - 1).default(0),
    /** What a ticket that states neither (most mail) is taken to be. */
    defaults: z
      .object({ impact: ImpactSchema, urgency: UrgencySchema })
      .strict()
      .default({ impact: 'individual', urgency: 'medium' }),
  })
  .strict();
export type PriorityMatrix = z.infer<typeof PriorityMatrixSchema>;
export type KeywordOverride = z.infer<typeof KeywordOverrideSchema>;

// ---------------------------------------------------------------------------------------------
// Routing rules

export const RequesterConditionSchema = z
  .object({
    department: oneOrMany(Text).optional(),
    vip: z.boolean().optional(),
    location: oneOrMany(Text).optional(),
  })
  .strict();

export const TimeOfDayConditionSchema = z
  .object({
    calendar: Text,
    within: z.enum(['working', 'outside']),
  })
  .strict();

export const RuleConditionsSchema = z
  .object({
    category: oneOrMany(Text).optional(),
    /** Any of these, as case-insensitive substrings (no word boundaries, so Chinese works). */
    keywords: z.array(Text).min(1, 'list must not be empty').optional(),
    regex: RegexSourceSchema.optional(),
    /** Which text `keywords` and `regex` search; both when absent. */
    fields: z.array(z.enum(SEARCHABLE_FIELDS)).min(1, 'list must not be empty').optional(),
    channel: oneOrMany(ChannelSchema).optional(),
    mailbox: oneOrMany(Text).optional(),
    requester: RequesterConditionSchema.optional(),
    affectedSystem: oneOrMany(Text).optional(),
    timeOfDay: TimeOfDayConditionSchema.optional(),
    /**
     * The priority the ticket has at this rule: from the matrix on the impact and urgency known so
     * far, the keyword overrides, an earlier rule's priority and the VIP raise. Later rules may
     * still change it, so put priority rules after the ones that set impact or urgency.
     */
    priority: oneOrMany(PrioritySchema).optional(),
  })
  .strict()
  .superRefine((when, ctx) => {
    if (when.fields && when.keywords === undefined && when.regex === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields'],
        message: "'fields' only says where 'keywords' and 'regex' search, and this rule has neither",
      });
    }
  });
export type RuleConditions = z.infer<typeof RuleConditionsSchema>;

export const DeclineSchema = z
  .object({
    /** Shown to the requester, e.g. "个人设备不在 IT 支持范围内". */
    reason: Text,
    /** Id of the mail template that tells the requester. */
    template: Text,
  })
  .strict();
export type Decline = z.infer<typeof DeclineSchema>;

export const MajorIncidentDeclarationSchema = z
  .object({
    /** Recorded as the declaration's reason, e.g. "财务系统全公司不可用". */
    reason: Text,
    /** Words that link later mails' tickets to it (matched case-insensitively). */
    keywords: z.array(Text).max(20).optional(),
  })
  .strict();
export type MajorIncidentDeclaration = z.infer<typeof MajorIncidentDeclarationSchema>;

export const RuleActionsSchema = z
  .object({
    category: Text.optional(),
    impact: ImpactSchema.optional(),
    urgency: UrgencySchema.optional(),
    priority: PrioritySchema.optional(),
    group: Text.optional(),
    tags: z.array(Text).optional(),
    /** Mail addresses or member ids, each optionally with the updates they get (config/schema/watchers.ts). */
    watchers: z.array(watcherEntrySchema(Text)).optional(),
    /** Skills the assignee needs; read by the `skills` assignment strategy. */
    skills: z.array(Text).optional(),
    decline: DeclineSchema.optional(),
    /** Declares the ticket a major incident as it opens (issue #12), e.g. the core ERP down. */
    majorIncident: MajorIncidentDeclarationSchema.optional(),
    /** Incident or service request, when the requester did not choose (default incident). */
    type: z.enum(['incident', 'request']).optional(),
  })
  .strict();
export type RuleActions = z.infer<typeof RuleActionsSchema>;

export const RoutingRuleSchema = z
  .object({
    name: Text,
    /** A note for the next admin; the engine ignores it. */
    note: z.string().optional(),
    when: RuleConditionsSchema.optional(),
    then: RuleActionsSchema.optional(),
    /** Keep evaluating later rules after this one matched (otherwise the first match stops). */
    continue: z.boolean().optional(),
  })
  .strict();
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

/** True when a rule states no condition, so it matches every ticket. */
export function matchesEveryTicket(when: RuleConditions | undefined): boolean {
  if (!when) return true;
  return Object.entries(when).every(([kind, value]) => {
    if (value === undefined || kind === 'fields') return true;
    if (kind === 'requester') return Object.values(value as object).every((v) => v === undefined);
    return false;
  });
}

export const RoutingRulesSchema = z.array(RoutingRuleSchema).superRefine(
  (rules, ctx) => {
    const firstIndexByName = new Map<string, number>();
    rules.forEach((rule, index) => {
      // Runs even when some rules have other errors, so read defensively.
      if (!rule || typeof rule !== 'object') return;
      if (typeof rule.name === 'string') {
        const firstIndex = firstIndexByName.get(rule.name);
        if (firstIndex === undefined) firstIndexByName.set(rule.name, index);
        else
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicate rule name '${rule.name}' (already used by rule #${firstIndex + 1})`,
          });
      }
      const isLast = index === rules.length - 1;
      const when = rule.when && typeof rule.when === 'object' ? rule.when : undefined;
      if (!isLast && rule.continue !== true && matchesEveryTicket(when)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `rule '${String(rule.name)}' matches every ticket, so the rules after it can never match`,
        });
      }
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);
export type RoutingRules = z.infer<typeof RoutingRulesSchema>;

/** Where a ticket goes when no rule chose a category or group. */
export const RoutingFallbackSchema = z
  .object({ category: Text, group: Text })
  .strict();
export type RoutingFallback = z.infer<typeof RoutingFallbackSchema>;

// ---------------------------------------------------------------------------------------------
// Assignment within a group

export const ASSIGNMENT_STRATEGIES = ['round-robin', 'fewest-open', 'skills'] as const;

export const GroupMemberSchema = z
  .object({
    id: Text,
    skills: z.array(Text).default([]),
  })
  .strict();

export const AssignmentSchema = z
  .object({
    strategy: z.enum(ASSIGNMENT_STRATEGIES),
    members: z.array(GroupMemberSchema).min(1, 'a group needs at least one member'),
  })
  .strict()
  .superRefine((assignment, ctx) => {
    const seen = new Set<string>();
    assignment.members.forEach((member, index) => {
      if (seen.has(member.id))
        ctx.addIssue({
          code: 'custom',
          path: ['members', index, 'id'],
          message: `member '${member.id}' is listed twice`,
        });
      seen.add(member.id);
    });
  });
export type Assignment = z.infer<typeof AssignmentSchema>;
export type AssignmentStrategy = Assignment['strategy'];

// ---------------------------------------------------------------------------------------------
// Dispatch by priority (the manual's table: P1/P2 senior engineers, P3 service-desk engineers,
// P4 junior engineers): which seniority of groups.yaml the group's strategy picks among.

export const DispatchSchema = z
  .partialRecord(PrioritySchema, z.enum(SENIORITIES))
  .describe('priority → the seniority (junior, desk, senior) who takes it; with none available the nearest seniority takes it');
export type Dispatch = z.infer<typeof DispatchSchema>;

// ---------------------------------------------------------------------------------------------
// The routing config file as a whole (a suggested layout; see routing/defaults.example.yaml)

export const RoutingConfigSchema = z
  .object({
    priority: PriorityMatrixSchema,
    fallback: RoutingFallbackSchema,
    rules: RoutingRulesSchema,
    /** Keyed by group id. */
    assignment: z.record(z.string(), AssignmentSchema).default({}),
    /** Who takes a ticket of each priority; without it the strategy picks among every member. */
    dispatch: DispatchSchema.optional(),
  })
  .strict();
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

// ---------------------------------------------------------------------------------------------
// The ticket as the engine sees it

export const RoutableTicketSchema = z
  .object({
    title: z.string(),
    description: z.string().default(''),
    /** What the requester or agent picked, if anything; rules may change it. */
    category: Text.optional(),
    impact: ImpactSchema.optional(),
    urgency: UrgencySchema.optional(),
    /** An explicit priority given with the request. */
    priority: PrioritySchema.optional(),
    channel: ChannelSchema.default('api'),
    /** The desk mailbox a mail arrived at. */
    mailbox: z.string().optional(),
    requester: z
      .object({
        department: z.string().optional(),
        vip: z.boolean().optional(),
        location: z.string().optional(),
        email: z.string().optional(),
      })
      .strict()
      .default({}),
    affectedSystem: z.string().optional(),
  })
  .strict();
export type RoutableTicket = z.infer<typeof RoutableTicketSchema>;
/** What callers may hand in before defaults apply (e.g. an admin's test case). */
export type RoutableTicketInput = z.input<typeof RoutableTicketSchema>;
