// The staff notice sent when an SLA level fires: who gets it and what it says (zh-CN + en,
// since staff read both). Pure: the activity resolves nothing but the recipients' addresses.
import type { LoadedConfig } from '../config/load';
import type { TicketView } from '../ticket/state';
import { dutySupervisorAt } from './dutyRoster';
import { ownValue } from '../config/lookup';

export interface EscalationNoticeInput {
  ticket: TicketView;
  clock: string;
  level: string;
  episode: number;
  thresholdAt: string;
  notify: string[];
}

const CLOCK_LABEL: Record<string, string> = {
  response: '首次响应 / first response',
  resolution: '解决 / resolution',
  update: '进展更新 / progress update',
  arrival: '上门到达 / on-site arrival',
};

/** Mail addresses for the roles a level notifies; unknown or unset roles are skipped. */
export function recipientsFor(config: LoadedConfig, ticket: TicketView, roles: string[], at: Date = new Date()): string[] {
  const group = ownValue(config.groups.groups, ticket.group);
  const memberMail = (id: string | null | undefined) => group?.members.find((m) => m.id === id)?.email;
  const out = new Set<string>();
  for (const role of roles) {
    const address =
      role === 'assignee'
        ? memberMail(ticket.assignee)
        : role === 'groupLead'
          ? memberMail(group?.lead)
          : role === 'dutySupervisor'
            ? // The roster's supervisor on duty; without a roster (or a gap in it), the group's contact.
              (dutySupervisorAt(config, at)?.email ?? group?.escalationContact.email)
            : role === 'groupEscalation'
            ? group?.escalationContact.email
            : role === 'itManager'
              ? config.groups.itManager.email
              : undefined;
    if (address) out.add(address);
  }
  return [...out];
}

/** For the arrival clock: the visit the engineer has not reached yet. */
function visitLines({ ticket, clock }: EscalationNoticeInput): string[] {
  const visit = clock === 'arrival' ? ticket.visits?.find((v) => v.status === 'booked') : undefined;
  return visit ? [`上门 / Visit: ${visit.scheduledAt} · ${visit.place} · 工程师 / engineer ${visit.engineer ?? '—'}`] : [];
}

export function escalationNoticeText(input: EscalationNoticeInput): { subject: string; text: string } {
  const { ticket, clock, level } = input;
  const breached = level === '100%' || level.startsWith('+');
  const what = breached ? (level === '100%' ? '已超时 / BREACHED' : `超时后 ${level.slice(1)} / ${level.slice(1)} after breach`) : `已用 ${level} / ${level} used`;
  const subject = `[${ticket.number}] SLA ${CLOCK_LABEL[clock] ?? clock} ${what} — ${ticket.priority} ${ticket.intake.title}`;
  const text = [
    `工单 / Ticket: ${ticket.number}`,
    `标题 / Title: ${ticket.intake.title}`,
    `优先级 / Priority: ${ticket.priority}    状态 / Status: ${ticket.status}`,
    `处理组 / Group: ${ticket.group}    处理人 / Assignee: ${ticket.assignee ?? '未分配 / unassigned'}`,
    `请求人 / Requester: ${ticket.intake.requester.name} <${ticket.intake.requester.email}>`,
    `时限 / Clock: ${CLOCK_LABEL[clock] ?? clock}, 阈值时间 / threshold at ${input.thresholdAt}`,
    ...visitLines(input),
    '',
    breached ? '请立即处理并更新工单。 / Please act on this ticket now.' : '请尽快处理。 / Please act soon.',
  ].join('\n');
  return { subject, text };
}
