// Mails the approver a request (or a reminder) with signed one-click approve / reject links.
// Both links carry the same nonce: whichever is used first decides, the other is then spent.
// Without a link secret the mail goes out all the same, telling the approver where to decide.
import { signApprovalLink } from '../approval/links';
import type { ResolvedApprover } from '../approval/requirement';
import { ownValue } from '../config/lookup';
import type { RequestFieldValue } from '../ticket/intake';
import type { ConfigSource } from '../config/source';
import { linkSecretStatus, linkUrl } from '../links/signedLink';
import { deskMessageId } from '../mail/messageId';
import type { Mailer } from './mailer';
import { deliverNotice } from './noticeDelivery';

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
  /** The step of a chain this mail asks for (absent: a single approval). */
  step?: { index: number; of: number; label?: { 'zh-CN': string; en: string } };
  /** A catalogue request: what is asked for, so the approver decides on the answers, not the title. */
  request?: { item: string; label: { 'zh-CN': string; en: string }; fields: Record<string, RequestFieldValue> };
}

export function createApprovalActivities({ config, mailer, env = process.env }: { config: ConfigSource; mailer: Mailer; env?: NodeJS.ProcessEnv }) {
  const activities = {
    /** `links` is null when the desk has no link secret: the mail then says where to decide instead. */
    async sendApprovalRequest(input: ApprovalMailInput): Promise<{ to: string; links: { approve: string; reject: string } | null }> {
      const current = config.current();
      const status = linkSecretStatus(current, env);
      const link = (secret: string, decision: 'approve' | 'reject') =>
        linkUrl(
          current.desk.publicUrl,
          '/api/approvals',
          signApprovalLink({ ticketNumber: input.number, approver: input.approver.id, decision, expiresAt: input.expiresAt, nonce: input.nonce }, secret),
        );
      const links = status.on ? { approve: link(status.secret, 'approve'), reject: link(status.secret, 'reject') } : null;
      const prefix = input.kind === 'reminder' ? '提醒 / Reminder: ' : '';
      const step = input.step;
      const stepLine = step
        ? [`审批步骤 / Step ${step.index + 1}/${step.of}${step.label ? `: ${step.label['zh-CN']} / ${step.label.en}` : ''}${step.index > 0 ? '（前序审批已通过 / the steps before were approved）' : ''}`]
        : [];
      // The approver must hear of the request even with links off, or the ticket waits for no one.
      const decide = links
        ? [`同意 / Approve: ${links.approve}`, `拒绝 / Reject:  ${links.reject}`, '', `链接有效期至 / Links valid until ${input.expiresAt}`]
        : [
            '请登录服务台审批，或调用 API：/ Please decide in the service desk, or with its API:',
            `  POST ${linkUrl(current.desk.publicUrl, '/api/tickets', input.number)}/approval  {"decision": "approve"} 或 / or {"decision": "reject"}`,
            `请在 ${input.expiresAt} 前决定。/ Please decide before ${input.expiresAt}.`,
          ];
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [input.approver.email],
        subject: `${prefix}[${input.number}] 待您审批 / Approval needed${step ? ` (${step.index + 1}/${step.of})` : ''}: ${input.title}`,
        text: [
          `${input.approver.name}，您好：`,
          `${input.requester} 提交的工单 ${input.number}「${input.title}」（${input.category}）需要您审批后才能处理。`,
          `A request from ${input.requester} needs your approval before work starts.`,
          ...stepLine,
          ...requestLines(input, current.catalogue),
          '',
          ...decide,
        ].join('\n'),
        // Each later step of a chain is its own mail (the first keeps the id single approvals always had).
        messageId: deskMessageId({
          ticketNumber: input.number,
          eventKey: step && step.index > 0 ? `approval-${input.kind}-step${step.index + 1}` : `approval-${input.kind}`,
          domain: current.mail.messageIdDomain,
        }),
      });
      return { to: input.approver.email, links };
    },
  };
  return {
    // A request that can never be delivered fails for good; the ticket records it and the approver can still decide by API.
    sendApprovalRequest: (input: ApprovalMailInput) =>
      deliverNotice(`the approval ${input.kind} of ${input.number} to ${input.approver.id}`, () => activities.sendApprovalRequest(input)),
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;

/** The request's answers, labelled as the catalogue labels them now (the field name when gone). */
function requestLines(input: ApprovalMailInput, catalogue: { items: Record<string, { fields: Array<{ name: string; label: { 'zh-CN': string; en: string } }> }> }): string[] {
  if (!input.request) return [];
  const fields = ownValue(catalogue.items, input.request.item)?.fields ?? [];
  const shown = (value: RequestFieldValue) => (Array.isArray(value) ? value.join(', ') : String(value));
  return [
    '',
    `申请事项 / Request: ${input.request.label['zh-CN']} / ${input.request.label.en}`,
    ...Object.entries(input.request.fields).map(([name, value]) => {
      const label = fields.find((f) => f.name === name)?.label;
      return `  ${label ? `${label['zh-CN']} / ${label.en}` : name}: ${shown(value)}`;
    }),
  ];
}
