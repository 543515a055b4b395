// The follow-up of a dissatisfied rating (issue #12, the manuals: 不满意 → analysed again and
// followed up): a task for the group lead with its own due time, tracked until the lead records
// the outcome; overdue, it escalates once to the roles sla.yaml names. The ticket's workflow
// stays running while the follow-up is open. Workflow code only: mail goes out by activity.
//
// Older executions (no service model) keep the one-off notice to the lead: their histories
// went through the rating without these commands.
import { TERMINAL_STATUSES } from '../ticket/lifecycle';
import type { RecordFollowUpArgs } from './messages';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import type { TicketFeatures } from './ticketFeatures';
import { notices, policy } from './ticketProxies';

export interface FollowUpFlow {
  /** After 不满意: opens the tracked follow-up (service model) or sends the one-off notice (older executions). */
  onDissatisfied(): Promise<void>;
  checkRecord(args: RecordFollowUpArgs): void;
  record(args: RecordFollowUpArgs): void;
  /** The workflow must not finish: the follow-up has no outcome yet. */
  keepsTicketOpen(): boolean;
  /** When handleDeadlines has something to do next (Infinity: nothing). */
  nextDeadline(): number;
  /** Escalates, once, a follow-up past its due time. */
  handleDeadlines(): Promise<void>;
}

export function followUpFlow(core: TicketCore, features: Pick<TicketFeatures, 'serviceModel'>): FollowUpFlow {
  return {
    async onDissatisfied() {
      const { state } = core;
      if (!features.serviceModel()) {
        await core.staffNotice('dissatisfied follow-up', () => notices.followUpDissatisfied({ ticket: core.view() }));
        return;
      }
      const openedAt = iso(Date.now());
      const due = state.plan.dissatisfiedFollowUp ?? null;
      const planned = await policy.planFollowUp.executeWithOptions(
        { summary: `plan the dissatisfied follow-up (group ${state.group})` },
        [{ group: state.group, openedAt, due: due ? { calendarId: due.calendarId, dueSeconds: due.dueSeconds } : null }],
      );
      state.followUp = { reason: 'dissatisfied', group: state.group, owner: planned.owner, openedAt, dueAt: planned.dueAt, status: 'open' };
      core.record(SYSTEM, 'follow-up-open', {
        reason: 'the requester was dissatisfied',
        detail: { owner: planned.owner?.id ?? null, dueAt: planned.dueAt, ...(planned.dueNote ? { note: planned.dueNote } : {}) },
      });
      // The lead owns it; a group without a lead has its escalation contact told instead.
      const notify = planned.owner ? ['groupLead'] : ['groupEscalation'];
      const notified = await core.staffNotice('dissatisfied follow-up', () =>
        notices.sendFollowUpNotice.executeWithOptions({ summary: `follow-up opened: notify ${notify.join(', ')}` }, [{ ticket: core.view(), kind: 'opened', notify }]),
      );
      core.record(SYSTEM, 'notify', { reason: 'dissatisfied follow-up opened', detail: { notified, roles: notify } });
    },

    checkRecord(args) {
      const followUp = core.state.followUp;
      if (!followUp) throw new Error(`ticket ${core.state.number} has no follow-up`);
      if (followUp.status === 'done') throw new Error('the follow-up has its outcome already');
      if (args.actor.role !== 'admin' && args.actor.id !== followUp.owner?.id)
        throw new Error(`only ${followUp.owner ? `${followUp.owner.name} (the lead of ${followUp.group})` : 'an admin'} or an admin records the follow-up`);
    },

    record(args) {
      const followUp = core.state.followUp;
      if (!followUp || followUp.status === 'done') return; // a second record that waited its turn
      const at = Date.now();
      const late = followUp.dueAt !== null && at > Date.parse(followUp.dueAt);
      followUp.status = 'done';
      followUp.outcome = args.outcome;
      followUp.doneAt = iso(at);
      followUp.doneBy = args.actor;
      core.record(args.actor, 'follow-up-done', { reason: args.outcome, detail: { late } });
    },

    keepsTicketOpen() {
      const followUp = core.state.followUp;
      return Boolean(followUp && followUp.status !== 'done' && TERMINAL_STATUSES.has(core.state.status));
    },

    nextDeadline() {
      const followUp = core.state.followUp;
      return followUp?.status === 'open' && followUp.dueAt ? Date.parse(followUp.dueAt) : Infinity;
    },

    async handleDeadlines() {
      const { state } = core;
      const followUp = state.followUp;
      if (!followUp || followUp.status !== 'open' || !followUp.dueAt || Date.now() < Date.parse(followUp.dueAt)) return;
      // Marked before the notice: an overdue follow-up escalates once, whatever happens next.
      followUp.status = 'overdue';
      followUp.escalatedAt = iso(Date.now());
      const roles = state.plan.dissatisfiedFollowUp?.escalateTo ?? ['groupEscalation'];
      const notified = await core.staffNotice('overdue follow-up', () =>
        notices.sendFollowUpNotice.executeWithOptions({ summary: `follow-up overdue: notify ${roles.join(', ')}` }, [{ ticket: core.view(), kind: 'overdue', notify: roles }]),
      );
      followUp.escalatedTo = notified;
      core.record(SYSTEM, 'follow-up-overdue', { reason: `no outcome by ${followUp.dueAt}`, detail: { notified, roles } });
    },
  };
}
