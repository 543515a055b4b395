// Approval before work starts (approvals.yaml): the ticket waits, pending on approval, until the
// approver decides by link or API; a reminder once, then the policy's timeout (reject, or
// escalate to the group lead and IT manager). Workflow code only: mail goes out by activity.
import { uuid4 } from '@temporalio/workflow';
import type { ClockEvent, ClockName } from '../sla/clock';
import type { RequesterNotices } from './requesterNotices';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import { approvalMail, notices } from './ticketProxies';

export interface ApprovalFlow {
  /** Puts the ticket on hold for its approver and mails the request. */
  request(): Promise<void>;
  /** Sends the reminder or applies the timeout when their time has come. */
  handleDeadlines(): Promise<void>;
  /** When handleDeadlines has something to do next (Infinity: nothing). */
  nextDeadline(): number;
}

export function approvalFlow(core: TicketCore, deps: { requester: RequesterNotices; stopAllClocks: () => ClockEvent[] }): ApprovalFlow {
  async function mailApprover(kind: 'request' | 'reminder'): Promise<void> {
    const { state } = core;
    const approval = state.approval!;
    const requirement = state.plan.approval!;
    if (!approval.approver) {
      core.record(SYSTEM, 'approval-unrouted', { reason: 'no approver could be found (does the group have a lead?)' });
      return;
    }
    try {
      await approvalMail.sendApprovalRequest.executeWithOptions(
        { summary: `approval ${kind} to ${approval.approver.id}` },
        [
          {
            number: state.number,
            title: state.intake.title,
            requester: `${state.intake.requester.name} <${state.intake.requester.email}>`,
            category: state.category,
            approver: approval.approver,
            nonce: approval.nonce,
            kind,
            expiresAt: iso(Date.parse(approval.requestedAt) + requirement.timeoutAfterSeconds * 1000),
          },
        ],
      );
      core.record(SYSTEM, kind === 'request' ? 'approval-requested' : 'approval-reminded', { detail: { approver: approval.approver.id } });
    } catch (err) {
      // No link secret configured: the approver can still decide through the API.
      core.record(SYSTEM, 'approval-mail-failed', { reason: (err as Error).message });
    }
  }

  return {
    async request() {
      const { state } = core;
      const requirement = state.plan.approval!;
      const from = state.status;
      state.status = 'pending';
      state.pendingReason = 'approval';
      state.approval = { status: 'waiting', approver: requirement.approverPerson, requestedAt: iso(Date.now()), nonce: uuid4().replace(/-/g, '') };
      core.record(SYSTEM, 'pend', {
        from,
        to: 'pending',
        reason: 'approval',
        detail: { because: requirement.because, approver: requirement.approverPerson?.id ?? null },
      });
      if (state.plan.pauseResolutionWhilePending.includes('approval'))
        await core.refreshClocks((['resolution', 'update'] as ClockName[]).map((clock) => ({ type: 'pause', clock, reason: 'pending:approval' }) as ClockEvent));
      await mailApprover('request');
    },

    async handleDeadlines() {
      const { state } = core;
      const approval = state.approval;
      const requirement = state.plan.approval;
      if (!approval || !requirement || state.status !== 'pending' || state.pendingReason !== 'approval') return;
      const waited = Date.now() - Date.parse(approval.requestedAt);
      if (approval.status === 'waiting' && waited >= requirement.timeoutAfterSeconds * 1000) {
        if (requirement.onTimeout === 'reject') {
          approval.status = 'rejected';
          approval.decidedAt = iso(Date.now());
          state.status = 'declined';
          state.pendingReason = undefined;
          core.record(SYSTEM, 'reject', { from: 'pending', to: 'declined', reason: 'no approval decision in time' });
          deps.requester.notify('declined', 'declined');
          await core.refreshClocks(deps.stopAllClocks());
        } else {
          approval.status = 'escalated';
          const notified = await core.staffNotice('approval timeout', () =>
            notices.sendEscalationNotice({ ticket: core.view(), clock: 'approval', level: 'timeout', episode: 1, thresholdAt: iso(Date.now()), notify: ['groupLead', 'itManager'] }),
          );
          core.record(SYSTEM, 'escalate', { reason: 'no approval decision in time', detail: { clock: 'approval', notified } });
        }
      } else if (approval.status === 'waiting' && !approval.remindedAt && waited >= requirement.reminderAfterSeconds * 1000) {
        approval.remindedAt = iso(Date.now());
        await mailApprover('reminder');
      }
    },

    nextDeadline() {
      const { state } = core;
      const approval = state.approval;
      const requirement = state.plan.approval;
      if (!approval || !requirement || approval.status !== 'waiting') return Infinity;
      const start = Date.parse(approval.requestedAt);
      return approval.remindedAt ? start + requirement.timeoutAfterSeconds * 1000 : start + requirement.reminderAfterSeconds * 1000;
    },
  };
}
