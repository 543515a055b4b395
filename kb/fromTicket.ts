// A draft article from a resolved ticket in one step (DESIGN §1 "archive & learn"): the problem
// from the intake, the diagnosis from the engineers' notes and replies, the solution and result
// from the resolution and the requester's confirmation. An agent edits it before a lead publishes.
import type { TicketView } from '../ticket/state';
import type { ArticleFields } from './article';

export class TicketNotResolvedError extends Error {
  constructor(readonly number: string, readonly status: string) {
    super(`ticket ${number} is ${status}: only a resolved or closed ticket with a resolution can become an article`);
    this.name = 'TicketNotResolvedError';
  }
}

const LABELS = {
  'zh-CN': {
    error: '错误信息', system: '涉及系统', steps: '重现步骤', tried: '已尝试', result: '结果',
    confirmed: (at: string) => `请求人已于 ${at} 确认解决。`,
    confirmedByAgent: (at: string) => `工程师于 ${at} 代请求人确认解决。`,
    timeout: (at: string) => `请求人未答复，工单于 ${at} 自动关闭。`,
    awaiting: '已解决，等待请求人确认。',
    rating: { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' },
    rated: (r: string) => `满意度：${r}。`,
  },
  en: {
    error: 'Error message', system: 'Affected system', steps: 'Steps to reproduce', tried: 'Already tried', result: 'Result',
    confirmed: (at: string) => `Confirmed as solved by the requester on ${at}.`,
    confirmedByAgent: (at: string) => `Confirmation recorded by an engineer on ${at}.`,
    timeout: (at: string) => `No answer from the requester; closed automatically on ${at}.`,
    awaiting: 'Resolved, awaiting the requester’s confirmation.',
    rating: { satisfied: 'satisfied', basically_satisfied: 'basically satisfied', dissatisfied: 'dissatisfied' },
    rated: (r: string) => `Satisfaction: ${r}.`,
  },
} as const;

const paragraphs = (...parts: Array<string | undefined | false>) => parts.filter((p): p is string => Boolean(p && p.trim())).join('\n\n');

export function draftFromTicket(ticket: TicketView, defaultLanguage: 'zh-CN' | 'en'): ArticleFields {
  if (!ticket.resolution || (ticket.status !== 'resolved' && ticket.status !== 'closed')) throw new TicketNotResolvedError(ticket.number, ticket.status);
  const language = ticket.intake.requester.language ?? defaultLanguage;
  const l = LABELS[language];
  const { intake } = ticket;
  const symptom = paragraphs(
    intake.description,
    intake.errorMessage && `${l.error}: ${intake.errorMessage}`,
    intake.affectedSystem && `${l.system}: ${intake.affectedSystem}${intake.affectedVersion ? ` ${intake.affectedVersion}` : ''}`,
    intake.stepsToReproduce && `${l.steps}: ${intake.stepsToReproduce}`,
    intake.alreadyTried && `${l.tried}: ${intake.alreadyTried}`,
  );
  // The diagnosis is what staff wrote while working: replies and internal notes, in order.
  const cause = paragraphs(...ticket.comments.filter((c) => c.actor.role === 'agent' || c.actor.role === 'admin').map((c) => c.body));
  const day = (iso: string) => iso.slice(0, 10);
  const result =
    ticket.status === 'closed' && ticket.closedAt
      ? ticket.closedBy === 'requester'
        ? l.confirmed(day(ticket.closedAt))
        : ticket.closedBy === 'agent-on-behalf'
          ? l.confirmedByAgent(day(ticket.closedAt))
          : l.timeout(day(ticket.closedAt))
      : l.awaiting;
  const rating = ticket.satisfaction ? l.rated(l.rating[ticket.satisfaction.rating]) : '';
  return {
    title: intake.title.slice(0, 300),
    symptom: symptom.slice(0, 20_000),
    cause: cause.slice(0, 20_000),
    solution: paragraphs(ticket.resolution.note, `${l.result}: ${result}${rating ? ` ${rating}` : ''}`).slice(0, 50_000),
    category: ticket.category,
    tags: [],
    language,
    sourceTickets: [ticket.number],
  };
}
