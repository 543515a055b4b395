// The mails the desk sends a requester about their ticket, in zh-CN and en. Pure: the send
// activity hands in the ticket snapshot, the language and how to print times.
import type { RequesterNotice } from '../ticket/state';
import { tagSubject } from './ticketTag';

export type NoticeLanguage = 'zh-CN' | 'en';

export interface NoticeTicket {
  number: string;
  title: string;
  priority: string;
  /** due instant of the resolution clock (ISO-8601), when it runs */
  resolutionDueAt: string | null;
  resolutionNote?: string;
  declineReason?: string;
  commentBody?: string;
  linkedFrom?: string;
  /** Who now works on the ticket (assignment notice). */
  assigneeName?: string;
  /** What we wait for from the requester (pending notice). */
  pendingNote?: string;
  /** One-click links of a resolution notice (absent when no link secret is configured). */
  links?: { confirm: string; reopen: string };
  /** Knowledge articles that may answer the request (acknowledgement), with their one-click link. */
  suggestions?: Array<{ ref: string; title: string; excerpt: string; solvedLink?: string }>;
  /** The workaround or containment a milestone notice announces. */
  workaround?: { kind: 'workaround' | 'containment'; note: string };
  /** The on-site visit a visit notice is about; `when` is filled in local time by the renderer. */
  visit?: { scheduledAt: string; when?: string; place: string; engineerName?: string; rescheduled: boolean; reason?: string };
}

export interface RenderedNotice {
  subject: string;
  text: string;
}

type Template = (t: NoticeTicket, due: string) => { subject: string; body: string[] };

const TEMPLATES: Record<NoticeLanguage, Record<RequesterNotice['kind'], Template>> = {
  'zh-CN': {
    ack: (t, due) => ({
      subject: `已受理：${t.title}`,
      body: [
        '您好，',
        '',
        `我们已收到您的请求，工单号 ${t.number}。`,
        ...(t.linkedFrom ? [`（此工单跟进已关闭的工单 ${t.linkedFrom}。）`] : []),
        `优先级：${t.priority}`,
        `预计解决时间：${due}`,
        '',
        ...suggestionLines(t, 'zh-CN'),
        '如需补充信息，请直接回复本邮件，并保留主题中的工单号。',
      ],
    }),
    comment: (t) => ({ subject: `处理进展：${t.title}`, body: ['您好，', '', `工单 ${t.number} 有新的回复：`, '', t.commentBody ?? '', '', '如需补充信息，请直接回复本邮件。'] }),
    resolved: (t) => ({
      subject: `已解决，请确认：${t.title}`,
      body: [
        '您好，',
        '',
        `工单 ${t.number} 已处理完毕。`,
        `解决说明：${t.resolutionNote ?? ''}`,
        '',
        ...(t.links
          ? ['问题已解决？请确认关闭并评价：', t.links.confirm, '', '问题仍然存在？重新打开工单：', t.links.reopen, '', '您也可以直接回复本邮件说明情况，工单将重新打开；如不操作，工单将自动关闭。']
          : ['若问题已解决，无需任何操作，工单将自动关闭；您也可以在服务台确认关闭并评价。', '若问题仍然存在，请直接回复本邮件说明情况，工单将重新打开。']),
      ],
    }),
    closed: (t) => ({ subject: `已关闭：${t.title}`, body: ['您好，', '', `工单 ${t.number} 已关闭。感谢您的耐心。`, '', '如有新的问题，请发送新邮件给服务台。'] }),
    declined: (t) => ({
      subject: `无法受理：${t.title}`,
      body: ['您好，', '', `很抱歉，工单 ${t.number} 不在 IT 服务范围内，无法受理。`, `原因：${t.declineReason ?? '不属于服务范围'}`, '', '如有疑问，请回复本邮件。'],
    }),
    reopened: (t) => ({ subject: `已重新打开：${t.title}`, body: ['您好，', '', `已收到您的回复，工单 ${t.number} 已重新打开，工程师会继续处理。`] }),
    assigned: (t, due) => ({
      subject: `已分派工程师：${t.title}`,
      body: ['您好，', '', `工单 ${t.number} 已由 ${t.assigneeName ?? '工程师'} 负责处理。`, `预计解决时间：${due}`, '', '如需补充信息，请直接回复本邮件。'],
    }),
    pending: (t) => ({
      subject: `需要您的回复：${t.title}`,
      body: ['您好，', '', `处理工单 ${t.number} 需要您提供以下信息：`, '', t.pendingNote ?? '', '', '请直接回复本邮件；收到回复后我们会继续处理。'],
    }),
    pendingReminder: (t) => ({
      subject: `提醒：仍在等待您的回复：${t.title}`,
      body: ['您好，', '', `工单 ${t.number} 仍在等待您提供以下信息：`, '', t.pendingNote ?? '', '', '请直接回复本邮件；收到回复后我们会继续处理。'],
    }),
    workaround: (t) => ({
      subject: `${t.workaround?.kind === 'containment' ? '影响已控制' : '临时解决方案'}：${t.title}`,
      body: [
        '您好，',
        '',
        t.workaround?.kind === 'containment' ? `工单 ${t.number} 的影响已得到控制：` : `工单 ${t.number} 已有临时解决方案，您可以先按以下方式继续工作：`,
        '',
        t.workaround?.note ?? '',
        '',
        '工程师会继续处理，彻底解决后会再通知您。如有问题，请直接回复本邮件。',
      ],
    }),
    visitBooked: (t) => ({
      subject: `${t.visit?.rescheduled ? '上门服务已改期' : '已安排上门服务'}：${t.title}`,
      body: [
        '您好，',
        '',
        t.visit?.rescheduled ? `工单 ${t.number} 的上门服务已改期${t.visit.reason ? `（${t.visit.reason}）` : ''}：` : `工单 ${t.number} 已安排工程师上门服务：`,
        `时间：${t.visit?.when ?? ''}`,
        `地点：${t.visit?.place ?? ''}`,
        ...(t.visit?.engineerName ? [`工程师：${t.visit.engineerName}`] : []),
        '',
        '如时间不便，请直接回复本邮件。',
      ],
    }),
    visitCancelled: (t) => ({
      subject: `上门服务已取消：${t.title}`,
      body: ['您好，', '', `工单 ${t.number} 原定 ${t.visit?.when ?? ''} 在 ${t.visit?.place ?? ''} 的上门服务已取消。`, ...(t.visit?.reason ? [`原因：${t.visit.reason}`] : []), '', '如有疑问，请直接回复本邮件。'],
    }),
  },
  en: {
    ack: (t, due) => ({
      subject: `Received: ${t.title}`,
      body: [
        'Hello,',
        '',
        `We have received your request as ticket ${t.number}.`,
        ...(t.linkedFrom ? [`(It follows up the closed ticket ${t.linkedFrom}.)`] : []),
        `Priority: ${t.priority}`,
        `Expected resolution: ${due}`,
        '',
        ...suggestionLines(t, 'en'),
        'To add information, reply to this mail and keep the ticket number in the subject.',
      ],
    }),
    comment: (t) => ({ subject: `Update: ${t.title}`, body: ['Hello,', '', `There is a new reply on ticket ${t.number}:`, '', t.commentBody ?? '', '', 'To answer, reply to this mail.'] }),
    resolved: (t) => ({
      subject: `Resolved, please confirm: ${t.title}`,
      body: [
        'Hello,',
        '',
        `Ticket ${t.number} has been resolved.`,
        `Resolution: ${t.resolutionNote ?? ''}`,
        '',
        ...(t.links
          ? ['Solved? Confirm and rate it:', t.links.confirm, '', 'Still a problem? Reopen the ticket:', t.links.reopen, '', 'You can also reply to this mail to reopen it; if you do nothing, the ticket closes by itself.']
          : ['If the problem is solved, there is nothing to do: the ticket closes by itself, or confirm and rate it at the service desk.', 'If the problem is still there, reply to this mail and the ticket will be reopened.']),
      ],
    }),
    closed: (t) => ({ subject: `Closed: ${t.title}`, body: ['Hello,', '', `Ticket ${t.number} is now closed. Thank you for your patience.`, '', 'For a new problem, please send a new mail to the service desk.'] }),
    declined: (t) => ({
      subject: `Cannot be handled: ${t.title}`,
      body: ['Hello,', '', `We are sorry: ticket ${t.number} is outside the scope of IT support.`, `Reason: ${t.declineReason ?? 'out of scope'}`, '', 'If you have questions, reply to this mail.'],
    }),
    reopened: (t) => ({ subject: `Reopened: ${t.title}`, body: ['Hello,', '', `Thank you for your reply: ticket ${t.number} has been reopened and an engineer will continue.`] }),
    assigned: (t, due) => ({
      subject: `Engineer assigned: ${t.title}`,
      body: ['Hello,', '', `${t.assigneeName ?? 'An engineer'} is now working on ticket ${t.number}.`, `Expected resolution: ${due}`, '', 'To add information, reply to this mail.'],
    }),
    pending: (t) => ({
      subject: `Waiting for your reply: ${t.title}`,
      body: ['Hello,', '', `To continue with ticket ${t.number} we need the following from you:`, '', t.pendingNote ?? '', '', 'Reply to this mail; we continue as soon as we hear from you.'],
    }),
    pendingReminder: (t) => ({
      subject: `Reminder, still waiting for your reply: ${t.title}`,
      body: ['Hello,', '', `Ticket ${t.number} is still waiting for the following from you:`, '', t.pendingNote ?? '', '', 'Reply to this mail; we continue as soon as we hear from you.'],
    }),
    workaround: (t) => ({
      subject: `${t.workaround?.kind === 'containment' ? 'Contained' : 'Workaround'}: ${t.title}`,
      body: [
        'Hello,',
        '',
        t.workaround?.kind === 'containment' ? `The impact of ticket ${t.number} has been contained:` : `There is a workaround for ticket ${t.number}; you can carry on like this for now:`,
        '',
        t.workaround?.note ?? '',
        '',
        'The engineer keeps working on the permanent fix and will tell you when it is done. Reply to this mail with any question.',
      ],
    }),
    visitBooked: (t) => ({
      subject: `${t.visit?.rescheduled ? 'On-site visit rescheduled' : 'On-site visit booked'}: ${t.title}`,
      body: [
        'Hello,',
        '',
        t.visit?.rescheduled ? `The on-site visit for ticket ${t.number} has been moved${t.visit.reason ? ` (${t.visit.reason})` : ''}:` : `An engineer will come on site for ticket ${t.number}:`,
        `When: ${t.visit?.when ?? ''}`,
        `Where: ${t.visit?.place ?? ''}`,
        ...(t.visit?.engineerName ? [`Engineer: ${t.visit.engineerName}`] : []),
        '',
        'If the time does not suit you, reply to this mail.',
      ],
    }),
    visitCancelled: (t) => ({
      subject: `On-site visit cancelled: ${t.title}`,
      body: ['Hello,', '', `The on-site visit for ticket ${t.number} planned for ${t.visit?.when ?? ''} at ${t.visit?.place ?? ''} is cancelled.`, ...(t.visit?.reason ? [`Reason: ${t.visit.reason}`] : []), '', 'Reply to this mail with any question.'],
    }),
  },
};

export function renderRequesterNotice(
  kind: RequesterNotice['kind'],
  ticket: NoticeTicket,
  options: { language: NoticeLanguage; timeZone: string; deskName: string },
): RenderedNotice {
  const due = ticket.resolutionDueAt ? formatLocal(ticket.resolutionDueAt, options.timeZone) : options.language === 'en' ? 'to be confirmed' : '待定';
  // A visit's time is read in the desk's zone, like the due instant.
  const shown = ticket.visit ? { ...ticket, visit: { ...ticket.visit, when: formatLocal(ticket.visit.scheduledAt, options.timeZone) } } : ticket;
  const { subject, body } = TEMPLATES[options.language][kind](shown, due);
  return { subject: tagSubject(ticket.number, subject), text: [...body, '', '—', options.deskName, ''].join('\n') };
}

/** The acknowledgement's knowledge articles: each with its fix, and a link if it solved the problem. */
function suggestionLines(t: NoticeTicket, language: NoticeLanguage): string[] {
  if (!t.suggestions?.length) return [];
  const zh = language === 'zh-CN';
  const lines = [zh ? '以下知识库文章或许能帮您先行解决：' : 'These knowledge articles may solve it right away:', ''];
  for (const s of t.suggestions) {
    lines.push(`${s.ref} ${s.title}`, `  ${s.excerpt.replace(/\s+/g, ' ')}`);
    if (s.solvedLink) lines.push(zh ? `  已经解决？点此关闭工单：${s.solvedLink}` : `  Solved it? Close the ticket: ${s.solvedLink}`);
    lines.push('');
  }
  return lines;
}

/** `2026-09-30 17:00 (Asia/Shanghai)`: the requester reads local time, not UTC. */
export function formatLocal(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${timeZone})`;
}

/** The polite answer to a sender outside the allowed domains: bilingual, as we know nothing of them. */
export function renderSenderDecline(subject: string, deskName: string): RenderedNotice {
  return {
    subject: `Re: ${subject}`.slice(0, 300),
    text: [
      '您好，',
      '',
      '本服务台只受理本组织员工的请求，您的邮件无法登记为工单。如需 IT 支持，请通过所在单位的服务渠道联系我们。',
      '',
      'Hello,',
      '',
      'This service desk handles requests from members of the organisation only, so your mail could not be',
      'recorded as a ticket. If you need IT support, please contact us through your organisation.',
      '',
      '—',
      deskName,
      '',
    ].join('\n'),
  };
}
