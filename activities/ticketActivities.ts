// Activities of the ticket workflow that need no store: policy decisions from config,
// SLA clock maths on business calendars, and staff notices by mail.
import { ApplicationFailure } from '@temporalio/activity';
import type { ConfigSource } from '../config/source';
import { escalationNoticeText, recipientsFor, type EscalationNoticeInput } from '../notify/escalationNotice';
import { calendarLookup } from '../sla/calendarLookup';
import { applyClockEvent, scheduleLevels, viewClock, type ClockEvent, type ClockLedger, type ClockName, type LevelSpec } from '../sla/clock';
import type { TicketIntake } from '../ticket/intake';
import { planTicket, servicePolicyOf, UnknownCategoryError, UnknownPriorityError, type PlanOverrides } from '../ticket/plan';
import type { TicketView } from '../ticket/state';
import type { Mailer } from './mailer';
import { deskMessageId } from '../mail/messageId';
import { deliverNotice } from './noticeDelivery';
import { createFollowUpActivities } from './followUpActivities';
import { createWatcherMailActivities } from './watcherMail';

export interface TicketActivityDeps {
  config: ConfigSource;
  mailer: Mailer;
}

export interface ComputeClocksInput {
  ledgers: ClockLedger[];
  events: ClockEvent[];
  now: string;
  levelsByClock: Partial<Record<ClockName, LevelSpec[]>>;
  quietHoursCalendarId: string | null;
}

export function createTicketActivities({ config, mailer }: TicketActivityDeps) {
  const activities = {
    async planTicket(input: { intake: TicketIntake } & PlanOverrides) {
      try {
        return planTicket(config.current(), input.intake, { category: input.category, priority: input.priority, group: input.group, majorIncident: input.majorIncident });
      } catch (err) {
        if (err instanceof UnknownCategoryError || err instanceof UnknownPriorityError)
          throw ApplicationFailure.nonRetryable(err.message, err.type);
        throw err;
      }
    },

    /**
     * The service model (workarounds, visits) of a ticket whose plan predates it: asked once, when
     * an agent first records a workaround or books a visit, and kept in the plan from then on.
     */
    async servicePolicy(input: { slaPolicy: string; priority: string }) {
      const { workaroundMeets, visits } = servicePolicyOf(config.current(), input.slaPolicy, input.priority);
      return { workaroundMeets, visits };
    },

    /** Local activity: results are recorded, so a tz-database update cannot change a replay. */
    async computeClocks(input: ComputeClocksInput) {
      const calendars = calendarLookup(config.current().calendars);
      const now = new Date(input.now);
      let ledgers = input.ledgers;
      for (const event of input.events) ledgers = applyClockEvent(ledgers, event, now, calendars);
      return {
        ledgers,
        views: ledgers.map((l) => viewClock(l, now, calendars)),
        schedule: scheduleLevels(ledgers, input.levelsByClock, now, calendars, input.quietHoursCalendarId),
        computedAt: input.now,
      };
    },

    async sendEscalationNotice(input: EscalationNoticeInput): Promise<{ notified: string[] }> {
      const current = config.current();
      const to = recipientsFor(current, input.ticket, input.notify);
      if (!to.length) return { notified: [] };
      const { subject, text } = escalationNoticeText(input);
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject,
        text,
        messageId: deskMessageId({
          ticketNumber: input.ticket.number,
          eventKey: `esc-${input.clock}-${input.episode}-${input.level.replace(/[^A-Za-z0-9]/g, '')}`,
          domain: current.mail.messageIdDomain,
        }),
      });
      return { notified: to };
    },

    /** Tells the engineer who had the ticket that it moved to another group (reclassification). */
    async tellPreviousAssignee(input: { ticket: TicketView; previousAssignee: string; fromGroup: string }): Promise<{ notified: string[] }> {
      const current = config.current();
      const member = Object.values(current.groups.groups).flatMap((g) => g.members).find((m) => m.id === input.previousAssignee);
      if (!member) return { notified: [] };
      const { ticket } = input;
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [member.email],
        subject: `[${ticket.number}] 已转交 ${ticket.group} / Moved to ${ticket.group}: ${ticket.intake.title}`,
        text: `${member.name}，工单 ${ticket.number} 已重新分类为 ${ticket.category}，从 ${input.fromGroup} 转交给 ${ticket.group}，您无需再处理。\nTicket ${ticket.number} was reclassified as ${ticket.category} and moved from ${input.fromGroup} to ${ticket.group}; it is no longer yours.`,
        messageId: deskMessageId({
          ticketNumber: ticket.number,
          eventKey: `moved-${input.previousAssignee}-${ticket.timeline.length}`,
          domain: current.mail.messageIdDomain,
        }),
      });
      return { notified: [member.email] };
    },

    /** An urgent ticket opened or was raised: who the policy names hears at once (onOpen / onRaise). */
    async sendUrgentNotice(input: { ticket: TicketView; when: 'open' | 'raise'; from?: string; notify: string[] }): Promise<{ notified: string[] }> {
      const current = config.current();
      const { ticket } = input;
      const to = recipientsFor(current, ticket, input.notify);
      if (!to.length) return { notified: [] };
      const what =
        input.when === 'open'
          ? { zh: `${ticket.priority} 紧急工单已创建`, en: `Urgent ${ticket.priority} ticket opened` }
          : { zh: `工单已从 ${input.from} 升级为 ${ticket.priority}`, en: `Ticket raised from ${input.from} to ${ticket.priority}` };
      const response = ticket.sla.find((c) => c.name === 'response');
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject: `[${ticket.number}] ${what.zh} / ${what.en}: ${ticket.intake.title}`,
        text: [
          `${what.zh}，请立即关注。/ ${what.en}: please take charge now.`,
          `${ticket.intake.title}`,
          `请求人 / Requester: ${ticket.intake.requester.name} <${ticket.intake.requester.email}>${ticket.intake.requester.phone ? `, ${ticket.intake.requester.phone}` : ''}`,
          `处理组 / Group: ${ticket.group}; 处理人 / Assignee: ${ticket.assignee ?? '—'}`,
          response?.dueAt ? `首次响应截止 / First response due: ${response.dueAt}` : '',
        ].filter(Boolean).join('\n'),
        messageId: deskMessageId({
          ticketNumber: ticket.number,
          eventKey: input.when === 'open' ? 'urgent-open' : `urgent-raise-${ticket.priority}-${ticket.timeline.length}`,
          domain: current.mail.messageIdDomain,
        }),
      });
      return { notified: to };
    },

    /** Tells the engineer (or, unassigned, the group lead) that the requester's address bounced. */
    async tellOfRequesterBounce(input: { ticket: TicketView; recipient: string; status?: string; diagnostic?: string }): Promise<{ notified: string[] }> {
      const current = config.current();
      const { ticket } = input;
      const to = recipientsFor(current, ticket, [ticket.assignee ? 'assignee' : 'groupLead']);
      if (!to.length) return { notified: [] };
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject: `[${ticket.number}] 请求人邮箱退信 / The requester's address bounced: ${ticket.intake.title}`,
        text: [
          `工单 ${ticket.number} 发给请求人 ${input.recipient} 的邮件被退回，请改用电话或即时通讯联系。`,
          `Mail of ticket ${ticket.number} to the requester ${input.recipient} bounced; reach them by phone or chat.`,
          input.diagnostic ? `\n${input.status ?? ''} ${input.diagnostic}`.trimEnd() : '',
          ticket.intake.requester.phone ? `电话 / Phone: ${ticket.intake.requester.phone}` : '',
        ].filter(Boolean).join('\n'),
        messageId: deskMessageId({ ticketNumber: ticket.number, eventKey: `bounce-${(ticket.bounces ?? []).length}`, domain: current.mail.messageIdDomain }),
      });
      return { notified: to };
    },

    async followUpDissatisfied(input: { ticket: TicketView }): Promise<{ notified: string[] }> {
      const current = config.current();
      const to = recipientsFor(current, input.ticket, ['groupLead', 'groupEscalation']);
      if (!to.length) return { notified: [] };
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject: `[${input.ticket.number}] 用户不满意，请回访 / Requester dissatisfied — follow up`,
        text: `工单 ${input.ticket.number}「${input.ticket.intake.title}」的请求人评价为不满意。\n${input.ticket.satisfaction?.comment ?? ''}\nPlease analyse the ticket again and follow up with the requester.`,
        messageId: deskMessageId({ ticketNumber: input.ticket.number, eventKey: 'dissatisfied', domain: current.mail.messageIdDomain }),
      });
      return { notified: to };
    },
  };
  // A notice that can never be sent fails for good instead of being retried forever.
  return {
    ...activities,
    // Issue #12: watcher mail and the dissatisfied follow-up, registered with the ticket's activities.
    ...createWatcherMailActivities({ config, mailer }),
    ...createFollowUpActivities({ config, mailer }),
    sendEscalationNotice: (input: EscalationNoticeInput) =>
      deliverNotice(`the ${input.clock} ${input.level} notice of ${input.ticket.number}`, () => activities.sendEscalationNotice(input)),
    tellPreviousAssignee: (input: Parameters<typeof activities.tellPreviousAssignee>[0]) =>
      deliverNotice(`the move notice of ${input.ticket.number} to ${input.previousAssignee}`, () => activities.tellPreviousAssignee(input)),
    sendUrgentNotice: (input: Parameters<typeof activities.sendUrgentNotice>[0]) =>
      deliverNotice(`the urgent notice of ${input.ticket.number}`, () => activities.sendUrgentNotice(input)),
    tellOfRequesterBounce: (input: Parameters<typeof activities.tellOfRequesterBounce>[0]) =>
      deliverNotice(`the bounce notice of ${input.ticket.number}`, () => activities.tellOfRequesterBounce(input)),
    followUpDissatisfied: (input: Parameters<typeof activities.followUpDissatisfied>[0]) =>
      deliverNotice(`the dissatisfaction notice of ${input.ticket.number}`, () => activities.followUpDissatisfied(input)),
  };
}

export type TicketActivities = ReturnType<typeof createTicketActivities>;
