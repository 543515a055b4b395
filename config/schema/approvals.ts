// The optional `approvals:` block: which tickets wait for an approver before work starts, who
// approves, when to remind and when to give up, and how one-click mail links are signed.
import { z } from 'zod';
import { DurationSchema } from './duration';
import { kebabId, memberId } from './ids';

const MemberId = memberId('a member id from groups.yaml');

export const ApproverSchema = z.discriminatedUnion('role', [
  z
    .object({ role: z.literal('moduleOwner') })
    .strict()
    .describe('the lead of the group the ticket is routed to'),
  z.object({ role: z.literal('person'), person: MemberId }).strict(),
]);
export type Approver = z.infer<typeof ApproverSchema>;

export const ApprovalPolicySchema = z
  .object({
    approver: ApproverSchema,
    reminderAfter: DurationSchema.describe('remind the approver once after this long without a decision'),
    timeoutAfter: DurationSchema.describe('stop waiting after this long'),
    onTimeout: z.enum(['reject', 'escalate']).describe('reject the request, or hand the decision to the group lead and IT manager'),
  })
  .strict()
  .superRefine((policy, ctx) => {
    if (policy.reminderAfter >= policy.timeoutAfter)
      ctx.addIssue({ code: 'custom', path: ['reminderAfter'], message: 'the reminder must come before the timeout' });
  });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

export const ApprovalsSchema = z
  .object({
    /** Categories whose every ticket needs approval, e.g. permission changes and software installs. */
    categories: z.record(kebabId('a category id'), ApprovalPolicySchema).default({}),
    /** Routing rules tag tickets that need approval whatever their category (the access-request rule). */
    tag: z.string().min(1).default('needs-approval'),
    /** The policy of a tagged ticket whose category has none of its own. */
    default: ApprovalPolicySchema.prefault({ approver: { role: 'moduleOwner' }, reminderAfter: '4h', timeoutAfter: '3d', onTimeout: 'escalate' }),
    /** Name of the environment variable holding the HMAC secret; the secret never sits in YAML. */
    linkSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').default('ITDESK_APPROVAL_SECRET'),
    linkTtl: DurationSchema.prefault('72h').describe('how long a one-click link in the approval mail stays valid'),
  })
  .strict();
export type ApprovalsConfig = z.infer<typeof ApprovalsSchema>;
