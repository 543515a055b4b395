// The follow-up of a dissatisfied rating (issue #12): who owns it and when it is due (config
// and calendar maths, so the workflow records the answer), and the mails to the group lead when
// it opens and to the configured roles when it is overdue.
import type { ConfigSource } from '../config/source';
import { deskTimeZone } from '../config/deskZone';
import { ownValue } from '../config/lookup';
import { deskMessageId } from '../mail/messageId';
import { formatLocal } from '../mail/requesterNotice';
import { recipientsFor } from '../notify/escalationNotice';
import { calendarLookup } from '../sla/calendarLookup';
import type { TicketView } from '../ticket/state';
import type { Mailer } from './mailer';
import { deliverNotice } from './noticeDelivery';

export interface PlanFollowUpInput {
  group: string;
  openedAt: string;
  /** from the ticket's plan (sla.yaml dissatisfiedFollowUp); null: no due time */
  due: { calendarId: string; dueSeconds: number } | null;
}

export interface FollowUpNoticeInput {
  ticket: TicketView;
  kind: 'opened' | 'overdue';
  /** roles (sla.yaml notify roles) */
  notify: string[];
}

export function createFollowUpActivities({ config, mailer }: { config: ConfigSource; mailer: Mailer }) {
  const activities = {
    /** The group's lead owns the follow-up; the due time counts business time on the configured calendar. */
    async planFollowUp(input: PlanFollowUpInput): Promise<{ owner: { id: string; name: string } | null; dueAt: string | null; dueNote?: string }> {
      const current = config.current();
      const group = ownValue(current.groups.groups, input.group);
      const lead = group?.lead ? group.members.find((m) => m.id === group.lead) : undefined;
      const owner = lead ? { id: lead.id, name: lead.name } : null;
      if (!input.due) return { owner, dueAt: null };
      const from = new Date(input.openedAt);
      if (!ownValue(current.calendars.calendars, input.due.calendarId)) {
        // The calendar was removed since the ticket was planned: count wall time rather than never fall due.
        return { owner, dueAt: new Date(from.getTime() + input.due.dueSeconds * 1000).toISOString(), dueNote: `calendar '${input.due.calendarId}' is gone: wall time` };
      }
      const dueAt = calendarLookup(current.calendars)(input.due.calendarId).addSeconds(from, input.due.dueSeconds);
      return { owner, dueAt: dueAt.toISOString() };
    },

    async sendFollowUpNotice(input: FollowUpNoticeInput): Promise<{ notified: string[] }> {
      const current = config.current();
      const { ticket } = input;
      const followUp = ticket.followUp;
      const to = recipientsFor(current, ticket, input.notify);
      if (!to.length || !followUp) return { notified: [] };
      const zone = deskTimeZone(current);
      const due = followUp.dueAt ? formatLocal(followUp.dueAt, zone) : '—';
      const opened = input.kind === 'opened';
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject: opened
          ? `[${ticket.number}] 用户不满意，请回访 / Requester dissatisfied — follow up by ${due}: ${ticket.intake.title}`
          : `[${ticket.number}] 不满意回访已逾期 / Dissatisfied follow-up overdue: ${ticket.intake.title}`,
        text: [
          opened
            ? `工单 ${ticket.number}「${ticket.intake.title}」的请求人评价为不满意。请重新分析该工单并回访请求人，在 ${due} 前记录回访结果。`
            : `工单 ${ticket.number}「${ticket.intake.title}」的不满意回访应在 ${due} 前完成，至今未记录结果。`,
          opened
            ? `The requester rated ticket ${ticket.number} dissatisfied. Analyse it again, follow up with the requester and record the outcome by ${due}.`
            : `The follow-up of ticket ${ticket.number} was due by ${due} and has no outcome yet.`,
          '',
          `请求人 / Requester: ${ticket.intake.requester.name} <${ticket.intake.requester.email}>${ticket.intake.requester.phone ? `, ${ticket.intake.requester.phone}` : ''}`,
          `评价意见 / Comment: ${ticket.satisfaction?.comment ?? '—'}`,
          `负责人 / Owner: ${followUp.owner?.name ?? '—'} (${ticket.group})`,
          '',
          `记录结果 / Record the outcome: POST /api/tickets/${ticket.number}/follow-up {"outcome": "…"}`,
        ].join('\n'),
        messageId: deskMessageId({ ticketNumber: ticket.number, eventKey: `followup-dissatisfied-${input.kind}`, domain: current.mail.messageIdDomain }),
      });
      return { notified: to };
    },
  };
  return {
    planFollowUp: activities.planFollowUp,
    sendFollowUpNotice: (input: FollowUpNoticeInput) =>
      deliverNotice(`the follow-up ${input.kind} notice of ${input.ticket.number}`, () => activities.sendFollowUpNotice(input)),
  };
}

export type FollowUpActivities = ReturnType<typeof createFollowUpActivities>;
