// Activities of major incidents (issue #12): who hears of a declaration and a resolution, and
// which open major incident a new mail's ticket belongs to (read from Temporal's visibility: the
// `MajorIncident` search attribute marks the open ones, their memo holds the keywords).
import type { Client } from '@temporalio/client';
import type { ConfigSource } from '../config/source';
import { deskMessageId } from '../mail/messageId';
import { matchMajorIncident, type MajorIncidentMatch, type OpenMajorIncident } from '../mail/majorIncidentMatch';
import { recipientsFor } from '../notify/escalationNotice';
import type { TicketView } from '../ticket/state';
import type { Mailer } from './mailer';
import { deliverNotice } from './noticeDelivery';

export interface MajorIncidentActivityDeps {
  config: ConfigSource;
  mailer: Mailer;
  client: Client;
  /** This desk's ticket queue: another desk in the namespace has its own major incidents. */
  ticketsTaskQueue: string;
}

/** The memo a major incident keeps for this look-up (workflows/majorIncident.ts writes it). */
export interface MajorIncidentMemo {
  keywords: string[];
  declaredAt: string;
}

export const OPEN_MAJOR_INCIDENT = 'open';

export function createMajorIncidentActivities({ config, mailer, client, ticketsTaskQueue }: MajorIncidentActivityDeps) {
  async function openMajorIncidents(): Promise<OpenMajorIncident[]> {
    const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const query = `WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND MajorIncident = ${quoted(OPEN_MAJOR_INCIDENT)} AND TaskQueue = ${quoted(ticketsTaskQueue)}`;
    const out: OpenMajorIncident[] = [];
    for await (const execution of client.workflow.list({ query })) {
      const memo = execution.memo?.majorIncident as MajorIncidentMemo | undefined;
      if (!memo?.keywords?.length) continue;
      out.push({ number: execution.workflowId.replace(/^ticket-/, ''), keywords: memo.keywords, declaredAt: memo.declaredAt });
    }
    return out;
  }

  const activities = {
    /** The open major incident a new request's words name, if any (none: null). */
    async findMajorIncidentFor(input: { ticketNumber: string; title: string; description: string }): Promise<MajorIncidentMatch | null> {
      const open = (await openMajorIncidents()).filter((m) => m.number !== input.ticketNumber);
      return matchMajorIncident(`${input.title}\n${input.description}`, open);
    },

    /** Tells the roles and department heads of sla.yaml `majorIncident` that one was declared or resolved. */
    async sendMajorIncidentNotice(input: { ticket: TicketView; when: 'declared' | 'resolved' }): Promise<{ notified: string[] }> {
      const current = config.current();
      const block = current.sla.majorIncident;
      if (!block) return { notified: [] };
      const { ticket } = input;
      const to = [...new Set([...recipientsFor(current, ticket, block.notify), ...block.departmentHeads.map((h) => h.email.toLowerCase())])];
      if (!to.length) return { notified: [] };
      const mi = ticket.majorIncident;
      const linked = mi?.linked.filter((l) => l.status === 'linked').map((l) => l.number) ?? [];
      const what = input.when === 'declared' ? { zh: '重大故障已宣布', en: 'Major incident declared' } : { zh: '重大故障已解决', en: 'Major incident resolved' };
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to,
        subject: `[${ticket.number}] ${what.zh} / ${what.en}: ${ticket.intake.title}`,
        text: [
          `${what.zh}。/ ${what.en}.`,
          ticket.intake.title,
          mi ? `原因 / Reason: ${mi.reason}` : '',
          input.when === 'resolved' && ticket.resolution ? `解决说明 / Resolution: ${ticket.resolution.note}` : '',
          `受影响的工单 / Affected tickets: ${linked.length ? linked.join(', ') : '—'}`,
          `处理组 / Group: ${ticket.group}; 处理人 / Assignee: ${ticket.assignee ?? '—'}`,
        ].filter(Boolean).join('\n'),
        messageId: deskMessageId({ ticketNumber: ticket.number, eventKey: `major-incident-${input.when}`, domain: current.mail.messageIdDomain }),
      });
      return { notified: to };
    },
  };
  return {
    ...activities,
    sendMajorIncidentNotice: (input: Parameters<typeof activities.sendMajorIncidentNotice>[0]) =>
      deliverNotice(`the major incident notice (${input.when}) of ${input.ticket.number}`, () => activities.sendMajorIncidentNotice(input)),
  };
}

export type MajorIncidentActivities = ReturnType<typeof createMajorIncidentActivities>;
