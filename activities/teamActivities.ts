// Staff notices of the response team and of tier escalations (issue #12): a helper hears that
// they were added to a ticket, the engineer who had a ticket hears that it went up a tier.
import type { ConfigSource } from '../config/source';
import type { LoadedConfig } from '../config/load';
import { deskMessageId } from '../mail/messageId';
import type { TicketView } from '../ticket/state';
import type { Mailer } from './mailer';
import { deliverNotice } from './noticeDelivery';

export interface TeamActivityDeps {
  config: ConfigSource;
  mailer: Mailer;
}

export interface TellHelperInput {
  ticket: TicketView;
  helper: string;
  /** member id (or token subject) of who added them */
  addedBy: string;
  note?: string;
}

export interface TellOfTierEscalationInput {
  ticket: TicketView;
  previousAssignee: string;
  fromGroup: string;
  fromTier: string | null;
  reason: string;
}

function memberById(current: LoadedConfig, id: string) {
  return Object.values(current.groups.groups).flatMap((g) => g.members).find((m) => m.id === id);
}

export function createTeamActivities({ config, mailer }: TeamActivityDeps) {
  const activities = {
    /** Tells an engineer they are on the ticket's response team, with the owner to talk to. */
    async tellHelper(input: TellHelperInput): Promise<{ notified: string[] }> {
      const current = config.current();
      const member = memberById(current, input.helper);
      if (!member) return { notified: [] };
      const { ticket } = input;
      const owner = ticket.assignee ? memberById(current, ticket.assignee) : undefined;
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [member.email],
        subject: `[${ticket.number}] 请协助处理 / You are helping on: ${ticket.intake.title}`,
        text: [
          `${member.name}，${input.addedBy} 请您协助处理工单 ${ticket.number}（${ticket.priority}，${ticket.group}）。负责人：${owner?.name ?? ticket.assignee ?? '—'}。`,
          `${input.addedBy} added you to the response team of ticket ${ticket.number} (${ticket.priority}, ${ticket.group}); the owner is ${owner?.name ?? ticket.assignee ?? 'not assigned yet'}. It is in your queue ("mine") until you are removed.`,
          input.note ? `\n${input.note}` : '',
        ].filter(Boolean).join('\n'),
        messageId: deskMessageId({ ticketNumber: ticket.number, eventKey: `helper-${input.helper}-${ticket.timeline.length}`, domain: current.mail.messageIdDomain }),
      });
      return { notified: [member.email] };
    },

    /** Tells the engineer who had the ticket that it went up to the next tier. */
    async tellOfTierEscalation(input: TellOfTierEscalationInput): Promise<{ notified: string[] }> {
      const current = config.current();
      const member = memberById(current, input.previousAssignee);
      if (!member) return { notified: [] };
      const { ticket } = input;
      const from = `${input.fromGroup}${input.fromTier ? ` (${input.fromTier})` : ''}`;
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [member.email],
        subject: `[${ticket.number}] 已升级到 ${ticket.group} / Escalated to ${ticket.group}: ${ticket.intake.title}`,
        text: [
          `${member.name}，工单 ${ticket.number} 已从 ${from} 升级到下一级 ${ticket.group}，您无需再处理。原因：${input.reason}`,
          `Ticket ${ticket.number} was escalated from ${from} to the next tier, ${ticket.group}; it is no longer yours. Reason: ${input.reason}`,
        ].join('\n'),
        messageId: deskMessageId({ ticketNumber: ticket.number, eventKey: `tier-${input.previousAssignee}-${ticket.timeline.length}`, domain: current.mail.messageIdDomain }),
      });
      return { notified: [member.email] };
    },
  };
  // A notice that can never be sent fails for good instead of being retried forever.
  return {
    tellHelper: (input: TellHelperInput) => deliverNotice(`the helper notice of ${input.ticket.number} to ${input.helper}`, () => activities.tellHelper(input)),
    tellOfTierEscalation: (input: TellOfTierEscalationInput) =>
      deliverNotice(`the tier escalation notice of ${input.ticket.number} to ${input.previousAssignee}`, () => activities.tellOfTierEscalation(input)),
  };
}

export type TeamActivities = ReturnType<typeof createTeamActivities>;
