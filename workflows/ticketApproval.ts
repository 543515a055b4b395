// Approval before work starts (approvals.yaml, or a catalogue item's chain): the ticket waits,
// pending on approval, until the approver decides by link or API; a reminder once, then the
// step's timeout (reject, or escalate to the group lead and IT manager). A chain asks its steps
// in order: the next approver hears of the request only once the one before approved. A plan
// made before chains has one step (`plan.approval`), which keeps its old commands exactly.
// Workflow code only: mail goes out by activity.
import { uuid4 } from '@temporalio/workflow';
import { afterApproval, approvalChainOf, type ApprovalStepPlan } from '../ticket/approvalSteps';
import type { ClockEvent } from '../sla/clock';
import { pauseWaitingEvents } from '../ticket/clockEvents';
import type { RequesterNotices } from './requesterNotices';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import { approvalMail, notices } from './ticketProxies';

export interface ApprovalFlow {
  /** Puts the ticket on hold for its approver and mails the request. */
  request(): Promise<void>;
  /** `request` in two halves, for a lean opening: the hold before the ticket is answered, the mail after. */
  hold(): Promise<void>;
  askApprover(): Promise<void>;
  /** Sends the reminder or applies the timeout when their time has come. */
  handleDeadlines(): Promise<void>;
  /** When handleDeadlines has something to do next (Infinity: nothing). */
  nextDeadline(): number;
  /**
   * After the current step was approved: asks the next step's approver and answers true, or
   * answers false when that was the last step (the request is approved).
   */
  requestNextStep(): Promise<boolean>;
  /** The current step was decided (approved or rejected): the chain's record shows it. */
  stepDecided(): void;
  /** "step 2/3" of the current step's place in a chain (undefined for a single approval). */
  stepDetail(): { step: number; of: number } | undefined;
}

export function approvalFlow(core: TicketCore, deps: { requester: RequesterNotices; stopAllClocks: () => ClockEvent[] }): ApprovalFlow {
  /** The step the ticket waits for (a chain's current one; the only one of an older plan). */
  const currentRequirement = (): ApprovalStepPlan | null | undefined => {
    const chain = approvalChainOf(core.state.plan);
    return chain[core.state.approval?.step ?? 0] ?? core.state.plan.approval;
  };
  const chainLength = () => approvalChainOf(core.state.plan).length;

  async function mailApprover(kind: 'request' | 'reminder'): Promise<void> {
    const { state } = core;
    const approval = state.approval!;
    const requirement = currentRequirement()!;
    const step = approval.step;
    if (!approval.approver) {
      core.record(SYSTEM, 'approval-unrouted', { reason: 'no approver could be found (does the group have a lead?)' });
      return;
    }
    try {
      await approvalMail.sendApprovalRequest.executeWithOptions(
        { summary: step === undefined ? `approval ${kind} to ${approval.approver.id}` : `approval ${kind}, step ${step + 1}/${chainLength()}, to ${approval.approver.id}` },
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
            ...(step === undefined ? {} : { step: { index: step, of: chainLength(), label: requirement.label } }),
            ...(state.request ? { request: { ...state.request, fields: state.intake.fields ?? {} } } : {}),
          },
        ],
      );
      core.record(SYSTEM, kind === 'request' ? 'approval-requested' : 'approval-reminded', {
        detail: { approver: approval.approver.id, ...(step === undefined ? {} : { step: step + 1, of: chainLength() }) },
      });
    } catch (err) {
      // No link secret configured: the approver can still decide through the API.
      core.record(SYSTEM, 'approval-mail-failed', { reason: (err as Error).message });
    }
  }

  const flow: ApprovalFlow = {
    async request() {
      await flow.hold();
      await flow.askApprover();
    },

    async hold() {
      const { state } = core;
      const requirement = state.plan.approval!;
      const from = state.status;
      state.status = 'pending';
      state.pendingReason = 'approval';
      state.approval = { status: 'waiting', approver: requirement.approverPerson, requestedAt: iso(Date.now()), nonce: uuid4().replace(/-/g, '') };
      if (state.plan.approvalChain) startStep(0);
      core.record(SYSTEM, 'pend', {
        from,
        to: 'pending',
        reason: 'approval',
        detail: { because: requirement.because, approver: requirement.approverPerson?.id ?? null },
      });
      if (state.plan.pauseResolutionWhilePending.includes('approval'))
        await core.refreshClocks(pauseWaitingEvents('pending:approval'));
    },

    askApprover: () => mailApprover('request'),

    async handleDeadlines() {
      const { state } = core;
      const approval = state.approval;
      const requirement = currentRequirement();
      if (!approval || !requirement || state.status !== 'pending' || state.pendingReason !== 'approval') return;
      const waited = Date.now() - Date.parse(approval.requestedAt);
      if (approval.status === 'waiting' && waited >= requirement.timeoutAfterSeconds * 1000) {
        if (requirement.onTimeout === 'reject') {
          approval.status = 'rejected';
          approval.decidedAt = iso(Date.now());
          keepStep();
          state.status = 'declined';
          state.pendingReason = undefined;
          core.record(SYSTEM, 'reject', { from: 'pending', to: 'declined', reason: 'no approval decision in time' });
          deps.requester.notify('declined', 'declined');
          await core.refreshClocks(deps.stopAllClocks());
        } else {
          approval.status = 'escalated';
          keepStep();
          const notified = await core.staffNotice('approval timeout', () =>
            notices.sendEscalationNotice({ ticket: core.view(), clock: 'approval', level: 'timeout', episode: 1, thresholdAt: iso(Date.now()), notify: ['groupLead', 'itManager'] }),
          );
          core.record(SYSTEM, 'escalate', { reason: 'no approval decision in time', detail: { clock: 'approval', notified } });
        }
      } else if (approval.status === 'waiting' && !approval.remindedAt && waited >= requirement.reminderAfterSeconds * 1000) {
        approval.remindedAt = iso(Date.now());
        keepStep();
        await mailApprover('reminder');
      }
    },

    nextDeadline() {
      const { state } = core;
      const approval = state.approval;
      const requirement = currentRequirement();
      if (!approval || !requirement || approval.status !== 'waiting') return Infinity;
      const start = Date.parse(approval.requestedAt);
      return approval.remindedAt ? start + requirement.timeoutAfterSeconds * 1000 : start + requirement.reminderAfterSeconds * 1000;
    },

    stepDecided: () => keepStep(),

    stepDetail() {
      const step = core.state.approval?.step;
      return step === undefined ? undefined : { step: step + 1, of: chainLength() };
    },

    async requestNextStep() {
      const { state } = core;
      keepStep();
      const outcome = afterApproval(chainLength(), state.approval?.step ?? 0);
      if (outcome === 'approved') return false;
      startStep(outcome.next);
      await mailApprover('request');
      return true;
    },
  };
  return flow;

  /** Makes step `index` of the chain the one the ticket waits for (a new nonce: old links are spent). */
  function startStep(index: number): void {
    const { state } = core;
    const chain = approvalChainOf(state.plan);
    const requirement = chain[index]!;
    state.approval = {
      status: 'waiting',
      approver: requirement.approverPerson,
      requestedAt: state.approval && index === 0 ? state.approval.requestedAt : iso(Date.now()),
      nonce: index === 0 && state.approval ? state.approval.nonce : uuid4().replace(/-/g, ''),
      step: index,
      ...(requirement.label ? { label: requirement.label } : {}),
    };
    if (index === 0)
      state.approvalSteps = chain.map((s, i) => ({ step: i, ...(s.label ? { label: s.label } : {}), approver: s.approverPerson, status: 'not-requested' }));
    keepStep();
    if (requirement.substitute) core.record(SYSTEM, 'approval-substitute', { reason: requirement.substitute, detail: { step: index + 1, approver: requirement.approverPerson?.id ?? null } });
  }

  /** Copies the current step into the chain's record (what the view and the workbench list). */
  function keepStep(): void {
    const { state } = core;
    const current = state.approval;
    if (!current || current.step === undefined || !state.approvalSteps) return;
    const { nonce: _secret, step, ...shown } = current;
    state.approvalSteps[step] = { step, ...shown };
  }
}
