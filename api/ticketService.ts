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
}

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

    /** Equal to a value, or (for an array) to one of the values; `breached` is 'true' or 'false'. */
    async list(filter: Record<string, string | string[] | undefined>, limit: number): Promise<TicketSummary[]> {
      // `x IN ()` is no query: an empty set of values matches nothing.
      if (Object.values(filter).some((v) => Array.isArray(v) && v.length === 0)) return [];
      const clauses = [`WorkflowType = 'ticketWorkflow'`, `ExecutionStatus != 'ContinuedAsNew'`];
      const attribute: Record<string, string> = {
        status: 'TicketStatus',
        priority: 'TicketPriority',
        assignee: 'Assignee',
        group: 'AssignmentGroup',
        category: 'TicketCategory',
        requester: 'Requester',
      };
      const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
      for (const [field, value] of Object.entries(filter)) {
        if (value === undefined) continue;
        if (field === 'breached') clauses.push(`SlaBreached = ${value === 'true'}`);
        else if (attribute[field] && Array.isArray(value)) clauses.push(`${attribute[field]} IN (${value.map(quoted).join(', ')})`);
        else if (attribute[field]) clauses.push(`${attribute[field]} = ${quoted(value as string)}`);
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
          const get = (name: string) => jsonPayload(fields[name]);
          const date = (name: string) => {
            const value = get(name);
            return typeof value === 'string' && value ? new Date(value).toISOString() : null;
          };
          const title = jsonPayload(execution.memo?.fields?.title);
          out.push({
            number: String(get('TicketNumber') ?? ''),
            title: typeof title === 'string' ? title : '',
            requester: String(get('Requester') ?? ''),
            status: String(get('TicketStatus') ?? ''),
            priority: String(get('TicketPriority') ?? ''),
            category: String(get('TicketCategory') ?? ''),
            group: String(get('AssignmentGroup') ?? ''),
            assignee: (get('Assignee') as string | undefined) ?? null,
            slaResponseDue: date('SlaResponseDue'),
            slaResolutionDue: date('SlaResolutionDue'),
            breached: get('SlaBreached') === true,
          });
          if (out.length >= limit) return out;
        }
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);
      return out;
    },

    async temporalReachable(): Promise<boolean> {
      try {
        await client.connection.workflowService.getSystemInfo({});
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;

/** A JSON payload's value (search attributes, memo fields); a keyword list gives its first value. */
function jsonPayload(payload: { data?: Uint8Array | null } | null | undefined): unknown {
  if (!payload?.data?.length) return undefined;
  try {
    const value = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    return Array.isArray(value) ? value[0] : value;
  } catch {
    return undefined;
  }
}
