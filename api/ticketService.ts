// What the API asks of Temporal: open a ticket (once per idempotency key), read it by query,
// change it by update, list tickets through the search attributes.
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ConfigSource } from '../config/source';
import type { ArchiveFilter, ArchiveReader } from '../store/archiveSearch';
import { TERMINAL_STATUSES, type TicketStatus } from '../ticket/lifecycle';
import { calendarLookup } from '../sla/calendarLookup';
import { viewClock } from '../sla/clock';
import { canonicalIntake, type TicketIntake } from '../ticket/intake';
import type { TicketView } from '../ticket/state';
import type { TemporalSettings } from '../temporal/settings';
import type { UpdateDefinition } from '@temporalio/common';
import { AFTERCARE_ACTIONS, aftercareWorkflowId, getTicketQuery, ticketWorkflowId, type TicketAck } from '../workflows/messages';
import { TicketSearch } from '../workflows/searchAttributes';
import { saysWorkflowFinished } from '../temporal/finishedWorkflow';
import type { TicketStarter } from '../temporal/ticketStarter';
import { ProblemError, problems } from './problem';
import { failingTaskAttempts, stuckTicketView, ticketSummary, type StuckTicketView, type TicketSummary } from './ticketHealth';

export interface TicketServiceDeps {
  client: Client;
  settings: TemporalSettings;
  config: ConfigSource;
  /** Reads a ticket from the archive once Temporal no longer holds its workflow. */
  readArchived?: (number: string) => Promise<TicketView | undefined>;
  /** Lists finished tickets and searches their text; without it lists come from Temporal only. */
  archive?: ArchiveReader;
  /** Opens tickets: reserves the number and starts the ticket's workflow (temporal/ticketStarter.ts). */
  starter?: TicketStarter;
}

export type { TicketSummary } from './ticketHealth';

type OneOrMany<T> = T | T[];
/**
 * Equal to a value, or (a list, open tickets only: the workbench's queues) to one of the values.
 * A finished status, a period or words read the archive too.
 */
export type ListFilter = Omit<ArchiveFilter, 'status' | 'priority' | 'assignee' | 'group' | 'category' | 'requester'> & {
  status?: OneOrMany<TicketStatus>;
  priority?: OneOrMany<string>;
  assignee?: OneOrMany<string>;
  group?: OneOrMany<string>;
  category?: OneOrMany<string>;
  requester?: OneOrMany<string>;
  /** `open` / `resolved` major incidents, or the tickets linked to one (its number); open tickets only. */
  majorIncident?: string;
};

const NUMBER_PATTERN = /^[A-Z]{1,6}-\d{3,10}$/;
const UPDATE_DEADLINE_MS = 30_000;

/** List filters and the search attribute each one reads. */
const LIST_FILTER_ATTRIBUTES = new Map([
  ['status', 'TicketStatus'],
  ['priority', 'TicketPriority'],
  ['assignee', 'Assignee'],
  ['group', 'AssignmentGroup'],
  ['category', 'TicketCategory'],
  ['requester', 'Requester'],
  ['majorIncident', 'MajorIncident'],
]);

export function createTicketService(deps: TicketServiceDeps) {
  const { client, settings } = deps;

  /** Consumed/remaining business time as of now, not as of the workflow's last event. */
  function refreshSla(view: TicketView): TicketView {
    const calendars = calendarLookup(deps.config.current().calendars);
    const now = new Date();
    try {
      const sla = view.clocks.map((ledger) => viewClock(ledger, now, calendars));
      return { ...view, sla, slaComputedAt: now.toISOString(), breached: sla.some((c) => c.breached) };
    } catch {
      return view; // a calendar removed from config since: show what the workflow computed
    }
  }

  /** A closed ticket's rating and follow-up live in its aftercare workflow, when it has one. */
  async function withAftercare(view: TicketView): Promise<TicketView> {
    if (view.status !== 'closed') return view;
    try {
      return await client.workflow.getHandle(aftercareWorkflowId(view.number)).query(getTicketQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return view; // a ticket that ran through its window itself
      throw err;
    }
  }

  async function queryTicket(number: string): Promise<TicketView | StuckTicketView> {
    const answered = await queryTicketWorkflow(number);
    return 'health' in answered ? answered : withAftercare(answered);
  }

  async function queryTicketWorkflow(number: string): Promise<TicketView | StuckTicketView> {
    const handle = client.workflow.getHandle(ticketWorkflowId(number));
    // Under a burst the new workflow's first task can take a while: wait up to 30 s for it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await handle.query(getTicketQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          const archived = await deps.readArchived?.(number);
          if (archived) return archived;
          throw problems.notFound(`no ticket ${number}`);
        }
        // A workflow that keeps failing its task answers no query: show what visibility knows.
        const stuck = await stuckView(number, (err as Error).message);
        if (stuck) return stuck;
        // Still opening (the query says so, or older tickets have no handler yet): try again shortly.
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async function stuckView(number: string, failure: string): Promise<StuckTicketView | undefined> {
    const description = await client.workflow.getHandle(ticketWorkflowId(number)).describe().catch(() => undefined);
    return description && failingTaskAttempts(description) ? stuckTicketView(description, failure) : undefined;
  }

  const isStuck = (view: TicketView | StuckTicketView): view is StuckTicketView => 'health' in view;

  /** The ticket completed as it closed (or says it is closing): its rating and follow-up are the aftercare's. */
  function keptByAftercare(err: unknown, updateName: string): boolean {
    if (!(AFTERCARE_ACTIONS as readonly string[]).includes(updateName)) return false;
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type === 'Aftercare';
    return saysWorkflowFinished(err);
  }

  async function updateAftercare<A>(number: string, update: UpdateDefinition<TicketAck, [A], string>, args: A): Promise<TicketAck> {
    const handle = client.workflow.getHandle(aftercareWorkflowId(number));
    // The closing ticket starts it as it ends: give it a moment to exist.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () => handle.executeUpdate(update, { args: [args] }));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  return {
    async create(intake: TicketIntake, idempotencyKey?: string): Promise<{ ticket: TicketView; replayed: boolean }> {
      if (!deps.starter) throw new Error('this API process has no store to number tickets with');
      const opened = await deps.starter.open(idempotencyKey ?? randomUUID(), { intake });
      const replayed = !opened.created;
      // A finished ticket, or one an older desk's intake workflow started: read it as any other.
      const answered: TicketView | StuckTicketView = opened.ticket ?? (await queryTicket(opened.number));
      if (isStuck(answered)) throw problems.ticketStuck(answered.number, answered.health.reason);
      const ticket = refreshSla(answered);
      // A key names one request: the same key with another body is a client bug, not a retry,
      // and answering with the first ticket would hide it (the IETF idempotency-key draft says 422).
      if (replayed && canonicalIntake(ticket.intake) !== canonicalIntake(intake))
        throw problems.idempotencyKeyReused(`this Idempotency-Key opened ${ticket.number} with a different request; use a new key for a new request`);
      return { ticket, replayed };
    },

    /** The ticket, or — when its workflow cannot make progress — what visibility knows of it. */
    async get(number: string): Promise<TicketView | StuckTicketView> {
      if (!NUMBER_PATTERN.test(number)) throw problems.notFound(`'${number}' is not a ticket number`);
      const ticket = await queryTicket(number);
      return isStuck(ticket) ? ticket : refreshSla(ticket);
    },

    /** The ticket as its workflow answers; a stuck ticket is a 503 problem. */
    async read(number: string): Promise<TicketView> {
      const ticket = await this.get(number);
      if (isStuck(ticket)) throw problems.ticketStuck(number, ticket.health.reason);
      return ticket;
    },

    /** Takes an action on the ticket through its typed update (workflows/messages.ts ticketUpdates). */
    async act<A>(number: string, update: UpdateDefinition<TicketAck, [A], string>, args: A): Promise<TicketView> {
      if (!NUMBER_PATTERN.test(number)) throw problems.notFound(`'${number}' is not a ticket number`);
      const handle = client.workflow.getHandle(ticketWorkflowId(number));
      try {
        // A ticket whose workflow task keeps failing never takes the update: give up after a while.
        await client
          .withDeadline(Date.now() + UPDATE_DEADLINE_MS, () => handle.executeUpdate(update, { args: [args] }))
          .catch((err) => (keptByAftercare(err, update.name) ? updateAftercare(number, update, args) : Promise.reject(err)));
        // Read-your-writes: the query is answered after the update's workflow task.
        const ticket = await queryTicket(number);
        if (isStuck(ticket)) throw problems.ticketStuck(number, ticket.health.reason);
        return refreshSla(ticket);
      } catch (err) {
        if (err instanceof ProblemError) throw err;
        if (err instanceof WorkflowNotFoundError) {
          // A finished ticket (closed, cancelled, declined) still exists: say so, not "not found".
          const finished = await queryTicket(number).catch(() => undefined);
          if (finished && isStuck(finished)) throw problems.ticketStuck(number, finished.health.reason);
          if (finished) throw problems.illegalTransition(`ticket ${number} is ${finished.status} and can no longer change`);
          throw problems.notFound(`no ticket ${number}`);
        }
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          if (err.cause.type === 'IllegalTransition') throw problems.illegalTransition(err.cause.message);
          throw problems.rejected(err.cause.message);
        }
        // Completed workflows answer updates with a "workflow execution already completed" error.
        if (saysWorkflowFinished(err)) throw problems.illegalTransition(`ticket ${number} is finished`);
        const stuck = await stuckView(number, (err as Error).message);
        if (stuck) throw problems.ticketStuck(number, stuck.health.reason);
        throw err;
      }
    },

    /**
     * Numbers of the closed tickets whose workflows still run: older tickets in their rating
     * window, and the aftercare of lean ones (workflows/ticketAftercare.ts). The workbench's
     * follow-ups page reads each.
     */
    async closedButRunning(limit: number): Promise<string[]> {
      const queue = `TaskQueue = '${settings.taskQueues.tickets.replace(/'/g, "''")}' AND ExecutionStatus = 'Running'`;
      const query = `${queue} AND (WorkflowType = 'ticketAftercareWorkflow' OR (WorkflowType = 'ticketWorkflow' AND TicketStatus = 'closed'))`;
      const numbers = new Set<string>();
      for await (const execution of client.workflow.list({ query })) {
        const number = execution.typedSearchAttributes.get(TicketSearch.number);
        if (typeof number === 'string') numbers.add(number);
        if (numbers.size >= limit) break;
      }
      return [...numbers];
    },

    /**
     * One list for open and finished tickets. A finished status (closed, cancelled, declined), a
     * period (`from`/`to`, on the opening time) or words (`q`) read the archive; open tickets come
     * from the search attributes. Words search the archive only: open tickets' text is not indexed.
     */
    async list(filter: ListFilter, limit: number): Promise<TicketSummary[]> {
      const { q, from, to, ...fields } = filter;
      const finished = typeof fields.status === 'string' && TERMINAL_STATUSES.has(fields.status);
      const byLists = Object.values(fields).some(Array.isArray); // the workbench's queues: open tickets only
      if (!deps.archive || byLists || fields.majorIncident !== undefined || (q === undefined && !from && !to && !finished)) return listLive(fields, limit);
      const archived = await deps.archive.list(filter as ArchiveFilter, limit);
      if (q !== undefined) return archived;
      let live: TicketSummary[];
      if (from || to) {
        const opened = await deps.archive.unarchivedNumbersOpenedBetween(from, to);
        const createdAt = new Map(opened.map((n) => [n.number, n.createdAt]));
        live = opened.length ? (await listLive(fields, limit, [...createdAt.keys()])).map((t) => ({ ...t, createdAt: createdAt.get(t.number) })) : [];
      } else {
        live = await listLive(fields, limit);
      }
      // A finished workflow stays listed until the namespace's retention ends: the archive wins.
      const archivedToo = await deps.archive.archivedAmong(live.map((t) => t.number));
      return [...live.filter((t) => !archivedToo.has(t.number)), ...archived].slice(0, limit);
    },

    temporalReachable,

    /** Running tickets whose workflow task keeps failing (a sweep: one describe per open ticket). */
    async findStuckTickets(concurrency = 4): Promise<Array<{ number: string; attempts: number }>> {
      const query = `WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${settings.taskQueues.tickets.replace(/'/g, "''")}'`;
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
      const stuck: Array<{ number: string; attempts: number }> = [];
      const lane = async () => {
        for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
          const description = await client.workflow.getHandle(id).describe().catch(() => undefined);
          const attempts = description ? failingTaskAttempts(description) : 0;
          if (attempts) stuck.push({ number: id.replace(/^ticket-/, ''), attempts });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      return stuck.sort((a, b) => a.number.localeCompare(b.number));
    },

  };

  /** From the search attributes; `numbers` narrows to those tickets (a period's open ones). */
  async function listLive(filter: Omit<ListFilter, 'q' | 'from' | 'to'>, limit: number, numbers?: string[]): Promise<TicketSummary[]> {
    if (numbers) {
      const out: TicketSummary[] = [];
      // Visibility queries have a length limit: ask for the numbers in chunks.
      for (let i = 0; i < numbers.length && out.length < limit; i += 100)
        out.push(...(await listLiveQuery(filter, limit - out.length, numbers.slice(i, i + 100))));
      return out;
    }
    return listLiveQuery(filter, limit);
  }

  async function listLiveQuery(filter: Omit<ListFilter, 'q' | 'from' | 'to'>, limit: number, numbers?: string[]): Promise<TicketSummary[]> {
    // `x IN ()` is no query: an empty set of values matches nothing.
    if (Object.values(filter).some((v) => Array.isArray(v) && v.length === 0)) return [];
    const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
    // This desk's tickets only: its ticket workers' queue (another desk may share the namespace).
    const clauses = [`WorkflowType = 'ticketWorkflow'`, `ExecutionStatus != 'ContinuedAsNew'`, `TaskQueue = ${quoted(settings.taskQueues.tickets)}`];
    if (numbers) clauses.push(`TicketNumber IN (${numbers.map(quoted).join(', ')})`);
    for (const [field, value] of Object.entries(filter) as Array<[string, string | string[] | undefined]>) {
      if (value === undefined) continue;
      const attribute = LIST_FILTER_ATTRIBUTES.get(field);
      if (field === 'breached') clauses.push(`SlaBreached = ${value === 'true'}`);
      // A person's tickets are the ones they own and the ones they help on (the response team).
      else if (field === 'assignee') {
        const values = (Array.isArray(value) ? value : [value]).map(quoted).join(', ');
        clauses.push(`(Assignee IN (${values}) OR TicketHelpers IN (${values}))`);
      }
      else if (attribute && Array.isArray(value)) clauses.push(`${attribute} IN (${value.map(quoted).join(', ')})`);
      else if (attribute) clauses.push(`${attribute} = ${quoted(value as string)}`);
    }
    // The raw listing, decoded here: the SDK's iterator decodes every memo through the data
    // converter asynchronously and builds typed attributes, which for 1,000 tickets cost more
    // than the server's answer (bench/webPages.ts). Search attributes and memo are plain JSON.
    const out: TicketSummary[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: clauses.join(' AND '),
        pageSize: Math.min(1000, limit),
        nextPageToken,
      });
      for (const execution of page.executions ?? []) {
        const fields = execution.searchAttributes?.indexedFields ?? {};
        const helpers = jsonPayload(fields.TicketHelpers, { list: true });
        out.push({
          ...ticketSummary((name) => jsonPayload(fields[name]), jsonPayload(execution.memo?.fields?.title)),
          ...(Array.isArray(helpers) && helpers.length ? { helpers: helpers.map(String) } : {}),
          source: 'live',
        });
        if (out.length >= limit) return out;
      }
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return out;
  }


  async function temporalReachable(): Promise<boolean> {
    try {
      await client.connection.workflowService.getSystemInfo({});
      return true;
    } catch {
      return false;
    }
  }
}

export type TicketService = ReturnType<typeof createTicketService>;

/** A JSON payload's value (search attributes, memo fields); a keyword list gives its first value unless `list`. */
function jsonPayload(payload: { data?: Uint8Array | null } | null | undefined, { list = false } = {}): unknown {
  if (!payload?.data?.length) return undefined;
  try {
    const value = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    return Array.isArray(value) && !list ? value[0] : value;
  } catch {
    return undefined;
  }
}
