// Tiers and the response team of a ticket (issue #12): "escalate to the next tier" — by an
// agent or by an escalation level — moves the ticket up its category's ladder; helpers work
// beside the assignee, who stays the owner. Workflow code only: config answers and mail come
// through activities, so a replay never re-reads config.
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor } from '../ticket/state';
import type { AddHelperArgs, EscalateTierArgs, RemoveHelperArgs } from './messages';
import { SYSTEM, type TicketCore } from './ticketCore';
import { assignment, teamNotices } from './ticketProxies';

export interface TicketTeam {
  /** Validator parts: throw with a message the caller reads (422). */
  checkAddHelper(args: AddHelperArgs): void;
  checkRemoveHelper(args: RemoveHelperArgs): void;
  addHelper(args: AddHelperArgs): Promise<void>;
  removeHelper(args: RemoveHelperArgs): void;
  /** The agent's action: refused (409) when the ticket is at the top of its ladder. */
  escalateTierAction(args: EscalateTierArgs): Promise<void>;
  /** An escalation level's `escalateTier`: at the top of the ladder it records why nothing moved. */
  escalateTierByLevel(why: string): Promise<void>;
  /** After the assignee changed: a helper who now owns the ticket is no longer listed as a helper. */
  ownerChanged(actor: Actor): void;
}

export function ticketTeam(core: TicketCore, deps: { autoAssign: () => Promise<void> }): TicketTeam {
  const helpersOf = () => core.state.helpers ?? [];

  async function escalateTier(actor: Actor, reason: string, atTop: 'refuse' | 'record'): Promise<void> {
    const { state } = core;
    const next = await assignment.nextTier.executeWithOptions(
      { summary: `next tier above ${state.group} for ${state.category}` },
      [{ category: state.category, group: state.group }],
    );
    if (!next.found) {
      if (atTop === 'refuse') throw ApplicationFailure.nonRetryable(`no next tier: ${next.why}`, 'IllegalTransition');
      core.record(SYSTEM, 'escalate-tier-skipped', { reason: `${reason}: ${next.why}` });
      return;
    }
    const previous = { group: state.group, assignee: state.assignee };
    const from = state.status;
    state.group = next.to.group;
    state.assignee = null;
    if (state.status === 'assigned') state.status = 'new';
    core.record(actor, 'escalateTier', {
      ...(state.status !== from ? { from, to: state.status } : {}),
      reason,
      detail: {
        fromGroup: previous.group,
        fromTier: next.from.tier,
        toGroup: next.to.group,
        toTier: next.to.tier,
        previousAssignee: previous.assignee,
        ladder: next.why,
        configVersion: next.configVersion,
      },
    });
    if (previous.assignee) {
      const previousAssignee = previous.assignee;
      const notified = await core.staffNotice('the previous assignee', () =>
        teamNotices.tellOfTierEscalation.executeWithOptions(
          { summary: `tell ${previousAssignee}: escalated to ${next.to.group}` },
          [{ ticket: core.view(), previousAssignee, fromGroup: previous.group, fromTier: next.from.tier, reason }],
        ),
      );
      core.record(SYSTEM, 'notify', { reason: 'the ticket went up a tier', detail: { notified } });
    }
    await deps.autoAssign();
  }

  return {
    checkAddHelper(a) {
      if (a.helper === core.state.assignee) throw new Error(`${a.helper} is the assignee (the owner) already`);
      if (helpersOf().includes(a.helper)) throw new Error(`${a.helper} is already helping on this ticket`);
    },
    checkRemoveHelper(a) {
      if (!helpersOf().includes(a.helper))
        throw new Error(`${a.helper} is not helping on this ticket (helpers: ${helpersOf().join(', ') || 'none'})`);
    },
    async addHelper(a) {
      const { state } = core;
      state.helpers = [...helpersOf(), a.helper];
      core.record(a.actor, 'addHelper', { reason: a.note, detail: { helper: a.helper, helpers: state.helpers } });
      const notified = await core.staffNotice('the helper notice', () =>
        teamNotices.tellHelper.executeWithOptions(
          { summary: `tell ${a.helper}: helping on ${state.number}` },
          [{ ticket: core.view(), helper: a.helper, addedBy: a.actor.id, note: a.note }],
        ),
      );
      core.record(SYSTEM, 'notify', { reason: `${a.helper} joined the response team`, detail: { notified } });
    },
    removeHelper(a) {
      const { state } = core;
      state.helpers = helpersOf().filter((id) => id !== a.helper);
      core.record(a.actor, 'removeHelper', { reason: a.reason, detail: { helper: a.helper, helpers: state.helpers } });
    },
    escalateTierAction: (a) => escalateTier(a.actor, a.reason, 'refuse'),
    escalateTierByLevel: (why) => escalateTier(SYSTEM, `escalation level ${why}`, 'record'),
    ownerChanged(actor) {
      const { state } = core;
      if (!state.assignee || !helpersOf().includes(state.assignee)) return;
      state.helpers = helpersOf().filter((id) => id !== state.assignee);
      core.record(actor, 'removeHelper', { reason: 'now the assignee', detail: { helper: state.assignee, helpers: state.helpers } });
    },
  };
}
