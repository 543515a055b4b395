// One contract per ticket action (issue #10): the body a caller sends, the update's argument (the
// body plus who acts, and what the API derives), their types, and who may take the action. The
// API validates bodies with `body`; the ticket workflow's validators check `args` again, since
// an update can come from anywhere that reaches Temporal. Pure: no Temporal, no I/O.
import { z } from 'zod';
import { kebabId, memberId } from '../config/schema/ids';
import { DEFAULT_WATCH_UPDATES, PENDING_REASONS, ROLES, SITE_KINDS, WATCH_UPDATES, WORKAROUND_KINDS, type Role } from '../config/schema/valueSets';
import { MailAddressStringSchema } from '../mail/address';
import { INTAKE_LIMITS } from './intakeLimits';
import { STATUSES, type TicketAction } from './lifecycle';

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const COMMENT_VISIBILITIES = ['public', 'internal'] as const;
export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export const CONFIRMATIONS = ['requester', 'agent-on-behalf'] as const;
export { PENDING_REASONS, SITE_KINDS, STATUSES, WATCH_UPDATES, WORKAROUND_KINDS };

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().max(max).optional();
// Ids as config writes them, bounded (they become search attributes): config/schema/ids.ts.
export const MemberId = memberId('a member id such as li.na');
export const GroupId = kebabId('a group id such as network');
export const CategoryId = kebabId('a category id such as hardware');
export const PriorityId = z.string().regex(/^P[1-9]$/, 'a priority such as P2');
export const TicketNumber = z.string().regex(/^[A-Z]{1,6}-\d{3,10}$/, 'a ticket number such as IT-000123');
/** Words that link a new mail's ticket to a major incident: short phrases, matched case-insensitively. */
export const MajorIncidentKeywords = z.array(z.string().trim().min(2).max(100)).max(20).default([]);

let actor: ReturnType<typeof buildActorSchema> | undefined;
const buildActorSchema = () => z.object({ role: z.enum([...ROLES, 'system']), id: z.string().min(1).max(320) }).strict();
/** Who acts: part of every update's argument. */
export const actorSchema = () => (actor ??= buildActorSchema());

/** A watcher's mail address: bounded like the requester's at intake, then in the desk's normal form. */
const WatcherAddress = z.string().max(INTAKE_LIMITS.email).pipe(MailAddressStringSchema);

const STAFF: readonly Role[] = ['agent', 'admin'];
const EVERYONE: readonly Role[] = ROLES;

interface ActionFacts {
  /** The path segment: POST /api/tickets/{number}/{route}. */
  route: string;
  /** The workflow update's name. */
  update: string;
  /** The lifecycle action it is (approval decisions follow the approval, not the status table). */
  lifecycle: TicketAction | null;
  roles: readonly Role[];
}

/**
 * An action's facts with its two schemas, each built on first use and kept. The workflow bundle
 * evaluates this module once per cached ticket, and a ticket only ever validates the few actions
 * it receives (issue #10: building every contract up front was most of an open ticket's memory).
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

/** Every ticket action, keyed by its update name. */
export const ticketActions = {
  assign: lazyContract(
    { route: 'assign', update: 'assign', lifecycle: 'assign', roles: STAFF },
    () => AssignFields().refine(givesGroupOrAssignee, GROUP_OR_ASSIGNEE),
    // Refined like the body: extended from the fields, since a refined object cannot be extended.
    () => AssignFields().extend({ actor: actorSchema() }).refine(givesGroupOrAssignee, GROUP_OR_ASSIGNEE),
  ),
  respond: contract({ route: 'respond', update: 'respond', lifecycle: 'respond', roles: STAFF, body: () => z.object({ message: text(20_000) }).strict() }),
  comment: contract({
    route: 'comments',
    update: 'comment',
    lifecycle: 'comment',
    roles: EVERYONE,
    body: () => z.object({ body: text(20_000), visibility: z.enum(COMMENT_VISIBILITIES).default('public') }).strict(),
  }),
  changePriority: contract({
    route: 'priority',
    update: 'changePriority',
    lifecycle: 'changePriority',
    roles: STAFF,
    body: () => z.object({ priority: PriorityId, reason: text(2000) }).strict(),
  }),
  changeCategory: contract({
    route: 'category',
    update: 'changeCategory',
    lifecycle: 'changeCategory',
    roles: STAFF,
    body: () => z.object({ category: CategoryId, reason: text(2000) }).strict(),
  }),
  pend: contract({ route: 'pend', update: 'pend', lifecycle: 'pend', roles: STAFF, body: () => z.object({ reason: z.enum(PENDING_REASONS), note: text(5000) }).strict() }),
  resume: contract({ route: 'resume', update: 'resume', lifecycle: 'resume', roles: STAFF, body: () => z.object({ note: optionalText(5000) }).strict() }),
  resolve: contract({
    route: 'resolve',
    update: 'resolve',
    lifecycle: 'resolve',
    roles: STAFF,
    body: () => z.object({ resolutionNote: text(20_000), code: optionalText(100) }).strict(),
  }),
  // From a link in a resolution mail, `round` names the resolution it answers (reopenCount then).
  reopen: contract(
    { route: 'reopen', update: 'reopen', lifecycle: 'reopen', roles: EVERYONE, body: () => z.object({ reason: text(5000) }).strict() },
    () => ({ round: z.number().int().nonnegative().optional() }),
  ),
  // Only the requester confirms; staff record a confirmation given by phone or chat (the API
  // sets `confirmation` from the caller's role).
  close: contract(
    { route: 'close', update: 'close', lifecycle: 'close', roles: EVERYONE, body: () => z.object({ note: optionalText(5000) }).strict() },
    () => ({ confirmation: z.enum(CONFIRMATIONS), round: z.number().int().nonnegative().optional() }),
  ),
  cancel: contract({ route: 'cancel', update: 'cancel', lifecycle: 'cancel', roles: EVERYONE, body: () => z.object({ reason: text(5000) }).strict() }),
  decline: contract({ route: 'decline', update: 'decline', lifecycle: 'decline', roles: STAFF, body: () => z.object({ reason: text(5000) }).strict() }),
  rate: contract({
    route: 'rate',
    update: 'rate',
    lifecycle: 'rate',
    roles: ['requester'],
    body: () => z.object({ rating: z.enum(RATINGS), comment: optionalText(5000) }).strict(),
  }),
  // The approver (or an admin) decides; the workflow checks who the approver is. A one-click
  // mail link adds its nonce, which must match the ticket's current approval.
  decideApproval: contract(
    {
      route: 'approval',
      update: 'decideApproval',
      lifecycle: null,
      // Requesters too: a line manager who is no desk member decides their step (the API checks who).
      roles: EVERYONE,
      body: () => z.object({ decision: z.enum(APPROVAL_DECISIONS), comment: optionalText(5000) }).strict(),
    },
    () => ({ nonce: z.string().max(200).optional() }),
  ),
  // Tiers and the response team (issue #12). Moving a ticket between groups and people is
  // assignment, so they are allowed where `assign` is (open statuses): otherwise 409.
  // The next tier's group for the ticket's category (categories.yaml `tiers`); 409 at the top.
  escalateTier: contract({ route: 'escalate-tier', update: 'escalateTier', lifecycle: 'assign', roles: STAFF, body: () => z.object({ reason: text(2000) }).strict() }),
  // A helper works beside the assignee (who stays the owner) and has the ticket in their queue.
  addHelper: contract({
    route: 'helpers',
    update: 'addHelper',
    lifecycle: 'assign',
    roles: STAFF,
    body: () => z.object({ helper: MemberId, note: optionalText(2000) }).strict(),
  }),
  removeHelper: contract({
    route: 'remove-helper',
    update: 'removeHelper',
    lifecycle: 'assign',
    roles: STAFF,
    body: () => z.object({ helper: MemberId, reason: optionalText(2000) }).strict(),
  }),
  // A service request's fulfilment task (catalogue checklist), ticked off by an engineer of the
  // task's group or the assignee; the last one resolves the ticket.
  completeTask: contract({
    route: 'complete-task',
    update: 'completeTask',
    lifecycle: 'completeTask',
    roles: STAFF,
    body: () => z.object({ task: kebabId('a task id of the ticket, such as accounts'), note: optionalText(2000) }).strict(),
  }),
  // Issue #12: a workaround or containment short of the real fix; per policy it meets the
  // resolution clock, and the requester is told as a public update.
  recordWorkaround: contract({
    route: 'workaround',
    update: 'recordWorkaround',
    lifecycle: 'recordWorkaround',
    roles: STAFF,
    body: () => z.object({ kind: z.enum(WORKAROUND_KINDS), note: text(5000) }).strict(),
  }),
  // An on-site visit (time in the future, place, site kind); a booking while one is open moves
  // it (reason required). The requester is told; the arrival clock runs from the first booking.
  bookVisit: contract({
    route: 'visits',
    update: 'bookVisit',
    lifecycle: 'bookVisit',
    roles: STAFF,
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
  cancelVisit: contract({ route: 'cancel-visit', update: 'cancelVisit', lifecycle: 'cancelVisit', roles: STAFF, body: () => z.object({ reason: text(2000) }).strict() }),
  recordArrival: contract({ route: 'arrival', update: 'recordArrival', lifecycle: 'recordArrival', roles: STAFF, body: () => z.object({ note: optionalText(2000) }).strict() }),
  // Major incidents (issue #12). Declaring needs a group lead or an admin (the API checks
  // groups.yaml leads; the workflow only knows roles). Linking, broadcasting: any staff.
  declareMajorIncident: contract({
    route: 'declare-major-incident',
    update: 'declareMajorIncident',
    lifecycle: null,
    roles: STAFF,
    body: () => z.object({ reason: text(2000), keywords: MajorIncidentKeywords }).strict(),
  }),
  // On the major incident: these tickets are affected by it.
  linkTickets: contract({
    route: 'link-tickets',
    update: 'linkTickets',
    lifecycle: null,
    roles: STAFF,
    body: () => z.object({ tickets: z.array(TicketNumber).min(1).max(100), reason: optionalText(2000) }).strict(),
  }),
  // On an affected ticket: it belongs to that major incident.
  linkToMajorIncident: contract({
    route: 'link-to-major-incident',
    update: 'linkToMajorIncident',
    lifecycle: null,
    roles: STAFF,
    body: () => z.object({ majorIncident: TicketNumber, reason: optionalText(2000) }).strict(),
  }),
  broadcastMajorIncidentUpdate: contract({
    route: 'broadcast',
    update: 'broadcastMajorIncidentUpdate',
    lifecycle: null,
    roles: STAFF,
    body: () => z.object({ message: text(20_000) }).strict(),
  }),
  // Watchers (issue #12): staff add anyone by mail address; a requester adds a colleague (the API
  // refuses addresses outside the organisation's sender policy). Addresses are bounded and
  // normalised as at intake. Not a lifecycle step: the workflow checks the status itself.
  addWatcher: contract({
    route: 'watch',
    update: 'addWatcher',
    lifecycle: null,
    roles: EVERYONE,
    body: () => z.object({ address: WatcherAddress, updates: z.enum(WATCH_UPDATES).default(DEFAULT_WATCH_UPDATES) }).strict(),
  }),
  removeWatcher: contract({ route: 'unwatch', update: 'removeWatcher', lifecycle: null, roles: EVERYONE, body: () => z.object({ address: WatcherAddress }).strict() }),
  // The group lead (or an admin) records how the follow-up of a dissatisfied rating ended.
  recordFollowUp: contract({ route: 'follow-up', update: 'recordFollowUp', lifecycle: null, roles: STAFF, body: () => z.object({ outcome: text(5000) }).strict() }),
} as const;

export type TicketActionName = keyof typeof ticketActions;
export type ActionBody<N extends TicketActionName> = z.output<(typeof ticketActions)[N]['body']>;
export type ActionArgs<N extends TicketActionName> = z.output<(typeof ticketActions)[N]['args']>;

/** The action behind a route segment; own keys only, so `constructor` is not an action. */
export function actionByRoute(route: string): TicketActionName | undefined {
  for (const [name, spec] of Object.entries(ticketActions)) if (spec.route === route) return name as TicketActionName;
  return undefined;
}

/** The first problem with an update's argument, as one line (for the workflow's validators). */
export function argumentProblem(name: TicketActionName, args: unknown): string | undefined {
  const parsed = ticketActions[name].args.safeParse(args);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(argument)'}: ${issue.message}`).join('; ');
}
