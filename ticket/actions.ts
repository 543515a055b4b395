// One contract per ticket action (issue #10): the body a caller sends, the update's argument (the
// body plus who acts, and what the API derives), their types, and who may take the action. The
// API validates bodies with `body`; the ticket workflow's validators check `args` again (through
// the JSON Schema generated from it), since an update can come from anywhere that reaches
// Temporal. Pure: no Temporal, no I/O.
import { z } from 'zod';
import { kebabId, memberId } from '../config/schema/ids';
import { DEFAULT_WATCH_UPDATES, PENDING_REASONS, ROLES, SITE_KINDS, WATCH_UPDATES, WORKAROUND_KINDS } from '../config/schema/valueSets';
import { ACTION_FACTS, type ActionFacts, type TicketActionName } from './actionFacts';
import { MailAddressStringSchema } from '../mail/addressSchema';
import { INTAKE_LIMITS } from './intakeLimits';
import { STATUSES } from './lifecycle';

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const COMMENT_VISIBILITIES = ['public', 'internal'] as const;
export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export const CONFIRMATIONS = ['requester', 'agent-on-behalf'] as const;
export { PENDING_REASONS, SITE_KINDS, STATUSES, WATCH_UPDATES, WORKAROUND_KINDS };

// `notBlank`, `problem`: keywords of the JSON Schema the workflow's check is generated from
// (ticket/argumentCheck.ts): what `trim().min(1)` and a custom message mean there.
const text = (max: number) => z.string().trim().min(1).max(max).meta({ notBlank: true });
const optionalText = (max: number) => z.string().max(max).optional();
// Ids as config writes them, bounded (they become search attributes): config/schema/ids.ts.
// (`problem`: the message for the workflow's generated check; config's schemas stay without it.)
const withProblem = <S extends z.ZodType>(schema: S, problem: string) => schema.meta({ problem });
export const MemberId = withProblem(memberId('a member id such as li.na'), 'a member id such as li.na');
export const GroupId = withProblem(kebabId('a group id such as network'), 'a group id such as network');
export const CategoryId = withProblem(kebabId('a category id such as hardware'), 'a category id such as hardware');
const TaskId = withProblem(kebabId('a task id of the ticket, such as accounts'), 'a task id of the ticket, such as accounts');
export const PriorityId = z.string().regex(/^P[1-9]$/, 'a priority such as P2').meta({ problem: 'a priority such as P2' });
export const TicketNumber = z.string().regex(/^[A-Z]{1,6}-\d{3,10}$/, 'a ticket number such as IT-000123').meta({ problem: 'a ticket number such as IT-000123' });
/** Words that link a new mail's ticket to a major incident: short phrases, matched case-insensitively. */
export const MajorIncidentKeywords = z.array(z.string().trim().min(2).max(100).meta({ notBlank: true })).max(20).default([]);

let actor: ReturnType<typeof buildActorSchema> | undefined;
const buildActorSchema = () => z.object({ role: z.enum([...ROLES, 'system']), id: z.string().min(1).max(320) }).strict();
/** Who acts: part of every update's argument. */
export const actorSchema = () => (actor ??= buildActorSchema());

/** A watcher's mail address: bounded like the requester's at intake, then in the desk's normal form. */
const WatcherAddress = z.string().max(INTAKE_LIMITS.email).pipe(MailAddressStringSchema).meta({ mailAddress: true });

/**
 * An action's facts (ticket/actionFacts.ts) with its two schemas, each built on first use and
 * kept: a process builds only the contracts it uses. The workflow does not load this module at
 * all (issue #10); it checks arguments against JSON Schema generated from `args`
 * (ticket/argumentCheck.ts, `npm run generate:action-arguments`).
 */
function lazyContract<Body extends z.ZodType, Args extends z.ZodType>(facts: ActionFacts, body: () => Body, args: () => Args) {
  let builtBody: Body | undefined;
  let builtArgs: Args | undefined;
  return {
    ...facts,
    get body(): Body {
      return (builtBody ??= body());
    },
    get args(): Args {
      return (builtArgs ??= args());
    },
  };
}

/** The update's argument is the body, plus who acts and what the API adds (`extra`). */
function contract<Shape extends z.ZodRawShape, Extra extends z.ZodRawShape = {}>(
  spec: ActionFacts & { body: () => z.ZodObject<Shape, z.core.$strict> },
  extra?: () => Extra,
) {
  const { body, ...facts } = spec;
  let shared: z.ZodObject<Shape, z.core.$strict> | undefined;
  const once = () => (shared ??= body());
  return lazyContract(facts, once, () => withActor(once(), extra?.() ?? ({} as Extra)));
}
function withActor<Shape extends z.ZodRawShape, Extra extends z.ZodRawShape>(body: z.ZodObject<Shape, z.core.$strict>, extra: Extra) {
  return body.extend({ actor: actorSchema(), ...extra });
}

const AssignFields = () => z.object({ group: GroupId.optional(), assignee: MemberId.nullable().optional(), reason: optionalText(2000) }).strict();
const givesGroupOrAssignee = (b: { group?: string; assignee?: string | null }) => b.group !== undefined || b.assignee !== undefined;
const GROUP_OR_ASSIGNEE = { message: 'give group and/or assignee' };
// The refinement as JSON Schema says it, for the workflow's generated check (ticket/argumentCheck.ts).
const GROUP_OR_ASSIGNEE_SCHEMA = { anyOf: [{ required: ['group'] }, { required: ['assignee'] }], problem: GROUP_OR_ASSIGNEE.message };

/** Every ticket action, keyed by its update name. */
export const ticketActions = {
  assign: lazyContract(
    ACTION_FACTS.assign,
    () => AssignFields().refine(givesGroupOrAssignee, GROUP_OR_ASSIGNEE).meta(GROUP_OR_ASSIGNEE_SCHEMA),
    // Refined like the body: extended from the fields, since a refined object cannot be extended.
    () => AssignFields().extend({ actor: actorSchema() }).refine(givesGroupOrAssignee, GROUP_OR_ASSIGNEE).meta(GROUP_OR_ASSIGNEE_SCHEMA),
  ),
  respond: contract({ ...ACTION_FACTS.respond, body: () => z.object({ message: text(20_000) }).strict() }),
  comment: contract({
    ...ACTION_FACTS.comment,
    body: () => z.object({ body: text(20_000), visibility: z.enum(COMMENT_VISIBILITIES).default('public') }).strict(),
  }),
  changePriority: contract({
    ...ACTION_FACTS.changePriority,
    body: () => z.object({ priority: PriorityId, reason: text(2000) }).strict(),
  }),
  changeCategory: contract({
    ...ACTION_FACTS.changeCategory,
    body: () => z.object({ category: CategoryId, reason: text(2000) }).strict(),
  }),
  pend: contract({ ...ACTION_FACTS.pend, body: () => z.object({ reason: z.enum(PENDING_REASONS), note: text(5000) }).strict() }),
  resume: contract({ ...ACTION_FACTS.resume, body: () => z.object({ note: optionalText(5000) }).strict() }),
  resolve: contract({
    ...ACTION_FACTS.resolve,
    body: () => z.object({ resolutionNote: text(20_000), code: optionalText(100) }).strict(),
  }),
  // From a link in a resolution mail, `round` names the resolution it answers (reopenCount then).
  reopen: contract(
    { ...ACTION_FACTS.reopen, body: () => z.object({ reason: text(5000) }).strict() },
    () => ({ round: z.number().int().nonnegative().optional() }),
  ),
  // Only the requester confirms; staff record a confirmation given by phone or chat (the API
  // sets `confirmation` from the caller's role).
  close: contract(
    { ...ACTION_FACTS.close, body: () => z.object({ note: optionalText(5000) }).strict() },
    () => ({ confirmation: z.enum(CONFIRMATIONS), round: z.number().int().nonnegative().optional() }),
  ),
  cancel: contract({ ...ACTION_FACTS.cancel, body: () => z.object({ reason: text(5000) }).strict() }),
  decline: contract({ ...ACTION_FACTS.decline, body: () => z.object({ reason: text(5000) }).strict() }),
  rate: contract({
    ...ACTION_FACTS.rate,
    body: () => z.object({ rating: z.enum(RATINGS), comment: optionalText(5000) }).strict(),
  }),
  // The approver (or an admin) decides; the workflow checks who the approver is. A one-click
  // mail link adds its nonce, which must match the ticket's current approval.
  decideApproval: contract(
    {
      // Requesters too: a line manager who is no desk member decides their step (the API checks who).
      ...ACTION_FACTS.decideApproval,
      body: () => z.object({ decision: z.enum(APPROVAL_DECISIONS), comment: optionalText(5000) }).strict(),
    },
    () => ({ nonce: z.string().max(200).optional() }),
  ),
  // Tiers and the response team (issue #12). Moving a ticket between groups and people is
  // assignment, so they are allowed where `assign` is (open statuses): otherwise 409.
  // The next tier's group for the ticket's category (categories.yaml `tiers`); 409 at the top.
  escalateTier: contract({ ...ACTION_FACTS.escalateTier, body: () => z.object({ reason: text(2000) }).strict() }),
  // A helper works beside the assignee (who stays the owner) and has the ticket in their queue.
  addHelper: contract({
    ...ACTION_FACTS.addHelper,
    body: () => z.object({ helper: MemberId, note: optionalText(2000) }).strict(),
  }),
  removeHelper: contract({
    ...ACTION_FACTS.removeHelper,
    body: () => z.object({ helper: MemberId, reason: optionalText(2000) }).strict(),
  }),
  // A service request's fulfilment task (catalogue checklist), ticked off by an engineer of the
  // task's group or the assignee; the last one resolves the ticket.
  completeTask: contract({
    ...ACTION_FACTS.completeTask,
    body: () => z.object({ task: TaskId, note: optionalText(2000) }).strict(),
  }),
  // Issue #12: a workaround or containment short of the real fix; per policy it meets the
  // resolution clock, and the requester is told as a public update.
  recordWorkaround: contract({
    ...ACTION_FACTS.recordWorkaround,
    body: () => z.object({ kind: z.enum(WORKAROUND_KINDS), note: text(5000) }).strict(),
  }),
  // An on-site visit (time in the future, place, site kind); a booking while one is open moves
  // it (reason required). The requester is told; the arrival clock runs from the first booking.
  bookVisit: contract({
    ...ACTION_FACTS.bookVisit,
    body: () => z
      .object({
        scheduledAt: z.iso.datetime({ offset: true }),
        place: text(500),
        site: z.enum(SITE_KINDS),
        engineer: MemberId.optional(),
        note: optionalText(2000),
        reason: optionalText(2000),
      })
      .strict(),
  }),
  cancelVisit: contract({ ...ACTION_FACTS.cancelVisit, body: () => z.object({ reason: text(2000) }).strict() }),
  recordArrival: contract({ ...ACTION_FACTS.recordArrival, body: () => z.object({ note: optionalText(2000) }).strict() }),
  // Major incidents (issue #12). Declaring needs a group lead or an admin (the API checks
  // groups.yaml leads; the workflow only knows roles). Linking, broadcasting: any staff.
  declareMajorIncident: contract({
    ...ACTION_FACTS.declareMajorIncident,
    body: () => z.object({ reason: text(2000), keywords: MajorIncidentKeywords }).strict(),
  }),
  // On the major incident: these tickets are affected by it.
  linkTickets: contract({
    ...ACTION_FACTS.linkTickets,
    body: () => z.object({ tickets: z.array(TicketNumber).min(1).max(100), reason: optionalText(2000) }).strict(),
  }),
  // On an affected ticket: it belongs to that major incident.
  linkToMajorIncident: contract({
    ...ACTION_FACTS.linkToMajorIncident,
    body: () => z.object({ majorIncident: TicketNumber, reason: optionalText(2000) }).strict(),
  }),
  broadcastMajorIncidentUpdate: contract({
    ...ACTION_FACTS.broadcastMajorIncidentUpdate,
    body: () => z.object({ message: text(20_000) }).strict(),
  }),
  // Watchers (issue #12): staff add anyone by mail address; a requester adds a colleague (the API
  // refuses addresses outside the organisation's sender policy). Addresses are bounded and
  // normalised as at intake. Not a lifecycle step: the workflow checks the status itself.
  addWatcher: contract({
    ...ACTION_FACTS.addWatcher,
    body: () => z.object({ address: WatcherAddress, updates: z.enum(WATCH_UPDATES).default(DEFAULT_WATCH_UPDATES) }).strict(),
  }),
  removeWatcher: contract({ ...ACTION_FACTS.removeWatcher, body: () => z.object({ address: WatcherAddress }).strict() }),
  // The group lead (or an admin) records how the follow-up of a dissatisfied rating ended.
  recordFollowUp: contract({ ...ACTION_FACTS.recordFollowUp, body: () => z.object({ outcome: text(5000) }).strict() }),
} as const;

export type { TicketActionName };
export { actionByRoute } from './actionFacts';
export type ActionBody<N extends TicketActionName> = z.output<(typeof ticketActions)[N]['body']>;
export type ActionArgs<N extends TicketActionName> = z.output<(typeof ticketActions)[N]['args']>;
