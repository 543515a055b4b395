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
import type { TicketIntake } from '../ticket/intake';
import type { TicketView } from '../ticket/state';
import type { TemporalSettings } from '../temporal/settings';
import { intakeWorkflowId, getTicketQuery, ticketWorkflowId } from '../workflows/messages';
import type { openTicketWorkflow } from '../workflows/openTicket';
import { problems } from './problem';

export interface TicketServiceDeps {
  client: Client;
  settings: TemporalSettings;
  config: ConfigSource;
  /** Reads a ticket from the archive once Temporal no longer holds its workflow. */
  readArchived?: (number: string) => Promise<TicketView | undefined>;
  /** Lists finished tickets and searches their text; without it lists come from Temporal only. */
  archive?: ArchiveReader;
}

export interface TicketSummary {
  number: string;
  title: string;
  requester: string;
  status: string;
  priority: string;
  category: string;
  group: string;
  assignee: string | null;
  slaResponseDue: string | null;
  slaResolutionDue: string | null;
  breached: boolean;
  /** Known for archived tickets and for open ones listed by period. */
  createdAt?: string;
  closedAt?: string | null;
  /** Where the entry came from: the search attributes of a workflow, or the sqlite archive. */
  source?: 'live' | 'archive';
}

export type ListFilter = Omit<ArchiveFilter, 'status'> & { status?: TicketStatus };

const NUMBER_PATTERN = /^[A-Z]{1,6}-\d{3,10}$/;

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

  async function queryTicket(number: string): Promise<TicketView> {
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
        // Right after start the query handler is not registered yet: try again shortly.
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  return {
    async create(intake: TicketIntake, idempotencyKey?: string): Promise<{ ticket: TicketView; replayed: boolean }> {
      const key = idempotencyKey ?? randomUUID();
      const workflowId = intakeWorkflowId(key);
      let replayed = false;
      let result: { number: string };
      try {
        const handle = await client.workflow.start<typeof openTicketWorkflow>('openTicketWorkflow', {
          workflowId,
          taskQueue: settings.taskQueues.tickets,
          args: [{ idempotencyKey: key, intake, storeTaskQueue: settings.taskQueues.store }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowExecutionTimeout: '1h',
          staticSummary: `intake: ${intake.title}`.slice(0, 200),
        });
        result = await handle.result();
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        replayed = true;
        result = await client.workflow.getHandle<typeof openTicketWorkflow>(workflowId).result();
      }
      return { ticket: refreshSla(await queryTicket(result.number)), replayed };
    },

    async get(number: string): Promise<TicketView> {
      if (!NUMBER_PATTERN.test(number)) throw problems.notFound(`'${number}' is not a ticket number`);
      return refreshSla(await queryTicket(number));
    },

    async act<A>(number: string, updateName: string, args: A): Promise<TicketView> {
      if (!NUMBER_PATTERN.test(number)) throw problems.notFound(`'${number}' is not a ticket number`);
      const handle = client.workflow.getHandle(ticketWorkflowId(number));
      try {
        await handle.executeUpdate<unknown, [A]>(updateName, { args: [args] });
        // Read-your-writes: the query is answered after the update's workflow task.
        return refreshSla(await queryTicket(number));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          // A finished ticket (closed, cancelled, declined) still exists: say so, not "not found".
          const finished = await queryTicket(number).catch(() => undefined);
          if (finished) throw problems.illegalTransition(`ticket ${number} is ${finished.status} and can no longer change`);
          throw problems.notFound(`no ticket ${number}`);
        }
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          if (err.cause.type === 'IllegalTransition') throw problems.illegalTransition(err.cause.message);
          throw problems.rejected(err.cause.message);
        }
        // Completed workflows answer updates with a "workflow execution already completed" error.
        if (/already completed/i.test((err as Error).message)) throw problems.illegalTransition(`ticket ${number} is finished`);
        throw err;
      }
    },

    /**
     * One list for open and finished tickets. A finished status (closed, cancelled, declined), a
     * period (`from`/`to`, on the opening time) or words (`q`) read the archive; open tickets come
     * from the search attributes. Words search the archive only: open tickets' text is not indexed.
     */
    async list(filter: ListFilter, limit: number): Promise<TicketSummary[]> {
      const { q, from, to, ...fields } = filter;
      const finished = fields.status !== undefined && TERMINAL_STATUSES.has(fields.status);
      if (!deps.archive || (q === undefined && !from && !to && !finished)) return listLive(fields, limit);
      const archived = await deps.archive.list(filter, limit);
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
    const clauses = [`WorkflowType = 'ticketWorkflow'`, `ExecutionStatus != 'ContinuedAsNew'`];
    if (numbers) clauses.push(`TicketNumber IN (${numbers.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ')})`);
    const attribute: Record<string, string> = {
      status: 'TicketStatus',
      priority: 'TicketPriority',
      assignee: 'Assignee',
      group: 'AssignmentGroup',
      category: 'TicketCategory',
      requester: 'Requester',
    };
    for (const [field, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (field === 'breached') clauses.push(`SlaBreached = ${value === 'true'}`);
      else if (attribute[field]) clauses.push(`${attribute[field]} = '${value.replace(/'/g, "''")}'`);
    }
    const out: TicketSummary[] = [];
    for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = execution.typedSearchAttributes;
      const get = (name: string) => {
        const pair = sa.getAll().find((p) => p.key.name === name);
        return pair?.value as unknown;
      };
      const date = (name: string) => {
        const value = get(name) as Date | undefined;
        return value ? new Date(value).toISOString() : null;
      };
      const memo = (execution.memo ?? {}) as { title?: string };
      out.push({
        number: String(get('TicketNumber') ?? ''),
        title: memo.title ?? '',
        requester: String(get('Requester') ?? ''),
        status: String(get('TicketStatus') ?? ''),
        priority: String(get('TicketPriority') ?? ''),
        category: String(get('TicketCategory') ?? ''),
        group: String(get('AssignmentGroup') ?? ''),
        assignee: (get('Assignee') as string | undefined) ?? null,
        slaResponseDue: date('SlaResponseDue'),
        slaResolutionDue: date('SlaResolutionDue'),
        breached: Boolean(get('SlaBreached')),
        source: 'live',
      });
      if (out.length >= limit) break;
    }
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
