// Mails the approver a request (or a reminder) with signed one-click approve / reject links.
// Both links carry the same nonce: whichever is used first decides, the other is then spent.
import { ApplicationFailure } from '@temporalio/activity';
import { signApprovalLink } from '../approval/links';
import type { ResolvedApprover } from '../approval/requirement';
import type { ConfigSource } from '../config/source';
import { linkSecret, linkUrl, MIN_SECRET_LENGTH } from '../links/signedLink';
import { deskMessageId } from '../mail/messageId';
import type { Mailer } from './mailer';

export interface ApprovalMailInput {
  number: string;
  title: string;
  requester: string;
  category: string;
  approver: ResolvedApprover;
  nonce: string;
  kind: 'request' | 'reminder';
  /** When the links stop working (the approval's timeout, capped by linkTtl). */
  expiresAt: string;
}

export function createApprovalActivities({ config, mailer, env = process.env }: { config: ConfigSource; mailer: Mailer; env?: NodeJS.ProcessEnv }) {
  return {
    async sendApprovalRequest(input: ApprovalMailInput): Promise<{ to: string; links: { approve: string; reject: string } }> {
      const current = config.current();
      const secret = linkSecret(current, env);
      if (secret.length < MIN_SECRET_LENGTH)
        throw ApplicationFailure.nonRetryable(
          `set ${current.approvals.linkSecretEnv} to a random secret of at least ${MIN_SECRET_LENGTH} characters to send approval links`,
          'ApprovalSecretMissing',
        );
      const link = (decision: 'approve' | 'reject') =>
        linkUrl(
          current.desk.publicUrl,
          '/api/approvals',
          signApprovalLink({ ticketNumber: input.number, approver: input.approver.id, decision, expiresAt: input.expiresAt, nonce: input.nonce }, secret),
        );
      const links = { approve: link('approve'), reject: link('reject') };
      const prefix = input.kind === 'reminder' ? '提醒 / Reminder: ' : '';
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [input.approver.email],
        subject: `${prefix}[${input.number}] 待您审批 / Approval needed: ${input.title}`,
        text: [
          `${input.approver.name}，您好：`,
          `${input.requester} 提交的工单 ${input.number}「${input.title}」（${input.category}）需要您审批后才能处理。`,
          `A request from ${input.requester} needs your approval before work starts.`,
          '',
          `同意 / Approve: ${links.approve}`,
          `拒绝 / Reject:  ${links.reject}`,
          '',
          `链接有效期至 / Links valid until ${input.expiresAt}`,
        ].join('\n'),
        messageId: deskMessageId({ ticketNumber: input.number, eventKey: `approval-${input.kind}`, domain: current.mail.messageIdDomain }),
      });
      return { to: input.approver.email, links };
    },
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
