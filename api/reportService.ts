// Gathers a report: archived tickets' facts from the store, open (not yet archived) tickets
// from Temporal — their workflows, read by query — and the knowledge base usage log; then the
// pure computation (report/compute.ts). Used by GET /api/reports, `itdesk report` and the weekly mail.
import type { Client } from '@temporalio/client';
import { computeReport, type Report } from '../report/compute';
import { ticketFacts, type TicketFacts } from '../report/facts';
import type { Db } from '../store/db';
import { kbUsageBetween } from '../store/knowledge';
import { archivedFactsFor } from '../store/reportFacts';
import { getTicketQuery } from '../workflows/messages';

export interface ReportRequest {
  from: Date;
  to: Date;
  timeZone: string;
  group?: string;
}

export interface ReportSources {
  archived: number;
  live: number;
  /** Set when Temporal could not be read: the report then covers archived tickets only. */
  liveUnavailable?: string;
}

export type GatheredReport = Report & { sources: ReportSources };

const QUERY_CONCURRENCY = 8;

/**
 * Facts of this desk's ticket workflows still running (open, resolved, or closed within the
 * satisfaction window). Scoped by the desk's ticket task queue: a namespace may hold more.
 */
export async function liveTicketFacts(client: Client, ticketsTaskQueue: string, skip: ReadonlySet<string>): Promise<TicketFacts[]> {
  const ids: string[] = [];
  const query = `WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${ticketsTaskQueue.replace(/'/g, "''")}'`;
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  const out: TicketFacts[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      try {
        const view = await client.workflow.getHandle(id).query(getTicketQuery);
        if (!skip.has(view.number)) out.push(ticketFacts(view));
      } catch {
        // Finished between the list and the query: the archive has it, or will on the next report.
      }
    }
  };
  await Promise.all(Array.from({ length: QUERY_CONCURRENCY }, worker));
  return out;
}

export interface ReportDeps {
  db: Db;
  /** Without a client (or when Temporal cannot be read) the report covers archived tickets only. */
  live?: { client: Client; ticketsTaskQueue: string };
}

export async function gatherReport(deps: ReportDeps, request: ReportRequest): Promise<GatheredReport> {
  const archived = await archivedFactsFor(deps.db, request.from, request.to, request.group);
  const sources: ReportSources = { archived: archived.length, live: 0 };
  let live: TicketFacts[] = [];
  if (deps.live) {
    try {
      // Archived wins: a workflow may still answer queries for a moment after it archived.
      const all = await liveTicketFacts(deps.live.client, deps.live.ticketsTaskQueue, new Set(archived.map((f) => f.number)));
      // No last-event filter here, unlike the archive: an open ticket untouched since before the
      // period is still backlog at its end.
      live = all.filter((f) => f.createdAt < request.to.getTime() && (!request.group || f.group === request.group));
      sources.live = live.length;
    } catch (err) {
      sources.liveUnavailable = (err as Error).message;
    }
  }
  const kbUsage = await kbUsageBetween(deps.db, request.from, request.to);
  return { ...computeReport([...archived, ...live], { ...request, kbUsage }), sources };
}
