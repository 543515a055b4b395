// The steps of an approval as a plan holds them, and how a decision moves along them. Pure and
// without zod: the ticket workflow imports it (issue #10: what the workflows import is evaluated
// again for every cached ticket). Planning a chain is ticket/approvalChain.ts.
import type { Label } from '../config/schema/catalogue';
import type { ApprovalRequirement, ResolvedApprover } from './approvalRequirement';

/** One step of a chain as a plan holds it. Steps of plans made before chains lack `step`/`label`. */
export type ApprovalStepPlan = ApprovalRequirement & {
  approverPerson: ResolvedApprover | null;
  /** 0-based place in the chain. */
  step?: number;
  label?: Label;
  /** Why someone other than the named approver was asked (e.g. no line manager on file). */
  substitute?: string;
};

/** The steps a plan asks for, oldest plans included. */
export function approvalChainOf(plan: { approval: ApprovalStepPlan | null; approvalChain?: ApprovalStepPlan[] }): ApprovalStepPlan[] {
  if (plan.approvalChain) return plan.approvalChain;
  return plan.approval ? [plan.approval] : [];
}

/** What an approval of step `step` leads to: the next step, or the whole request approved. */
export function afterApproval(chainLength: number, step: number): { next: number } | 'approved' {
  return step + 1 < chainLength ? { next: step + 1 } : 'approved';
}
