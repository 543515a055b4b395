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

export function createAssignmentActivities({ config, client, now = () => new Date() }: AssignmentActivityDeps) {
  async function openCountsFor(memberIds: readonly string[]): Promise<Record<string, number>> {
    try {
      const counts = await Promise.all(memberIds.map(async (id) => [id, (await client.workflow.count(openTicketsQuery(id))).count] as const));
      return Object.fromEntries(counts);
    } catch {
      // A server without visibility counts (e.g. the time-skipping test server) must not leave
      // tickets unassigned: with no counts every member looks equally busy, so order decides.
      return {};
    }
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
