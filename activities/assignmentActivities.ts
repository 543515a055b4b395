// Activities that pick a ticket's assignee: open-ticket counts come from Temporal visibility
// (each ticket is a workflow, so no second store of workloads can drift), then the pure choice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { chooseAssignee, InvalidTicketNumberError, needsOpenCounts, UnknownAssignmentGroupError, type AssigneeDecision } from '../routing/chooseAssignee';
import { openTicketsQuery } from '../routing/openTickets';
import type { ConfigSource } from '../config/source';
import { ownValue } from '../config/lookup';
import { nextTier, type NextTier } from '../routing/tiers';

export interface AssignmentActivityDeps {
  config: ConfigSource;
  client: Client;
  now?: () => Date;
  /** See WORKLOAD_CACHE_MS; 0 counts afresh for every choice. */
  workloadCacheMs?: number;
}

export interface ChooseAssigneeActivityInput {
  groupId: string;
  skills: string[];
  ticketNumber: string;
  /** For routing.yaml's dispatch table; callers that predate it leave it out. */
  priority?: string;
}

export interface ChooseAssigneeResult extends AssigneeDecision {
  /** What the choice saw, so the workflow history explains it: {} when the strategy needs none. */
  openCounts: Record<string, number>;
  decidedAt: string;
  configVersion: string;
}

/**
 * How long a member's open-ticket count is taken as it was. Each count is a visibility query that
 * scans the open tickets (on the embedded SQLite server it grows with them: at 7,000 open tickets
 * four counts per new ticket were the desk's bottleneck), and visibility lags by a moment anyway;
 * meanwhile this process counts its own assignments on top, so a burst is still spread evenly.
 */
export const WORKLOAD_CACHE_MS = 5_000;

export function createAssignmentActivities({ config, client, now = () => new Date(), workloadCacheMs = WORKLOAD_CACHE_MS }: AssignmentActivityDeps) {
  const workloads = new Map<string, { count: number; at: number }>();

  async function openCountsFor(memberIds: readonly string[]): Promise<Record<string, number>> {
    const at = Date.now();
    const stale = memberIds.filter((id) => {
      const known = workloads.get(id);
      return !known || at - known.at >= workloadCacheMs;
    });
    try {
      const counts = await Promise.all(stale.map(async (id) => [id, (await client.workflow.count(openTicketsQuery(id))).count] as const));
      for (const [id, count] of counts) workloads.set(id, { count, at });
    } catch {
      // A server without visibility counts (e.g. the time-skipping test server) must not leave
      // tickets unassigned: with no counts every member looks equally busy, so order decides.
      return {};
    }
    return Object.fromEntries(memberIds.map((id) => [id, workloads.get(id)!.count]));
  }

  /** The chosen member has one more open ticket, whatever visibility says until the next count. */
  function counted(assignee: string | null | undefined): void {
    const known = assignee ? workloads.get(assignee) : undefined;
    if (known) known.count += 1;
  }

  return {
    async chooseAssignee(input: ChooseAssigneeActivityInput): Promise<ChooseAssigneeResult> {
      const current = config.current();
      const at = now();
      const assignment = ownValue(current.routing.assignment, input.groupId);
      // Visibility is eventually consistent and each count is a round trip: ask only when the
      // strategy compares workloads.
      const openCounts = assignment && needsOpenCounts(assignment.strategy) ? await openCountsFor(assignment.members.map((m) => m.id)) : {};
      try {
        const decision = chooseAssignee(current, { ...input, openCounts, at });
        counted(decision.assignee);
        return { ...decision, openCounts, decidedAt: at.toISOString(), configVersion: current.version };
      } catch (err) {
        // A group or number the config cannot know will not appear on a retry.
        if (err instanceof UnknownAssignmentGroupError || err instanceof InvalidTicketNumberError)
          throw ApplicationFailure.nonRetryable(err.message, err.type);
        throw err;
      }
    },

    /** The next tier's group for the ticket's category (categories.yaml tiers), under the current config. */
    async nextTier(input: { category: string; group: string }): Promise<NextTier & { configVersion: string }> {
      const current = config.current();
      return { ...nextTier(current, input.category, input.group), configVersion: current.version };
    },
  };
}

export type AssignmentActivities = ReturnType<typeof createAssignmentActivities>;
