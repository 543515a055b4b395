// The mail a watcher gets about a ticket they follow: a copy of a public update, in zh-CN and
// en (a watcher may be anyone; like staff notices, both languages). Pure: the send activity
// hands in the snapshot. Internal notes never get here: the workflow queues public updates only.
import type { WatcherNoticeKind } from '../ticket/state';
import type { WatchUpdates } from '../config/schema/watchers';
import { tagSubject } from './ticketTag';

export interface WatcherNoticeTicket {
  number: string;
  title: string;
  status: string;
  priority: string;
  requesterName: string;
  group: string;
  assignee: string | null;
  commentBody?: string;
  /** who wrote the comment: the requester, someone of the desk, or a watcher replying by mail */
  commentBy?: 'requester' | 'desk' | 'watcher';
  /** the watcher's address, when a watcher wrote it */
  commentAuthor?: string;
  resolutionNote?: string;
  declineReason?: string;
  cancelReason?: string;
  pendingNote?: string;
  workaround?: { kind: 'workaround' | 'containment'; note: string };
}

export interface WatcherNoticeContext {
  updates: WatchUpdates;
  /** `rule vip-watch`, `resolution 100%`, `staff`, `requester` */
  source: string;
  deskName: string;
}

const HEADLINE: Record<WatcherNoticeKind, { zh: string; en: string }> = {
  watching: { zh: '您已被添加为关注人', en: 'You now watch this ticket' },
  assigned: { zh: '已分派工程师', en: 'Assigned' },
  comment: { zh: '服务台回复', en: 'The desk replied' },
  requesterComment: { zh: '请求人补充', en: 'The requester wrote' },
  pending: { zh: '等待请求人回复', en: 'Waiting for the requester' },
  resolved: { zh: '已解决', en: 'Resolved' },
  reopened: { zh: '已重新打开', en: 'Reopened' },
  closed: { zh: '已关闭', en: 'Closed' },
  declined: { zh: '无法受理', en: 'Declined' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  workaround: { zh: '已有临时解决方案', en: 'A workaround is in place' },
};

const SUBSCRIPTION: Record<WatchUpdates, { zh: string; en: string }> = {
  all: { zh: '所有公开进展', en: 'every public update' },
  resolution: { zh: '仅处理结果（解决、重新打开、关闭、无法受理、取消）', en: 'the outcome only (resolved, reopened, closed, declined, cancelled)' },
};

export function renderWatcherNotice(kind: WatcherNoticeKind, t: WatcherNoticeTicket, ctx: WatcherNoticeContext): { subject: string; text: string } {
  const headline = HEADLINE[kind];
  const body: string[] = [];
  const what = (label: string, value: string | undefined) => (value ? [label, value, ''] : []);
  switch (kind) {
    case 'watching':
      body.push(
        `请求人 / Requester: ${t.requesterName}`,
        `优先级 / Priority: ${t.priority}    状态 / Status: ${t.status}`,
        `处理组 / Group: ${t.group}    处理人 / Assignee: ${t.assignee ?? '未分配 / unassigned'}`,
        '',
        `您将收到 / You will get: ${SUBSCRIPTION[ctx.updates].zh} / ${SUBSCRIPTION[ctx.updates].en}`,
        `添加方式 / Added by: ${ctx.source}`,
        '',
      );
      break;
    case 'assigned':
      body.push(`处理人 / Assignee: ${t.assignee ?? '—'} (${t.group})`, '');
      break;
    case 'comment':
    case 'requesterComment':
      body.push(
        ...what(
          t.commentBy === 'requester' ? '请求人写道 / The requester wrote:' : t.commentBy === 'watcher' ? `关注人 ${t.commentAuthor ?? ''} 写道 / A watcher wrote:` : '服务台回复 / The desk wrote:',
          t.commentBody,
        ),
      );
      break;
    case 'pending':
      body.push(...what('向请求人提出的问题 / Asked of the requester:', t.pendingNote));
      break;
    case 'resolved':
      body.push(...what('解决说明 / Resolution:', t.resolutionNote));
      break;
    case 'declined':
      body.push(...what('原因 / Reason:', t.declineReason));
      break;
    case 'cancelled':
      body.push(...what('原因 / Reason:', t.cancelReason));
      break;
    case 'workaround':
      // Short of the real fix: the ticket stays open until then.
      body.push(
        ...what(t.workaround?.kind === 'containment' ? '已控制影响 / Contained:' : '临时解决方案 / Workaround:', t.workaround?.note),
        '问题尚未彻底解决，工单保持打开。/ The ticket stays open until the real fix.',
        '',
      );
      break;
    default:
      break;
  }
  const text = [
    `工单 ${t.number}「${t.title}」：${headline.zh}`,
    `Ticket ${t.number} "${t.title}": ${headline.en}`,
    '',
    ...body,
    '您收到此邮件是因为您关注了该工单；如不再需要，请联系服务台取消关注。',
    'You get this mail because you watch this ticket; ask the service desk to remove you when you no longer need it.',
    '',
    '—',
    ctx.deskName,
    '',
  ].join('\n');
  return { subject: tagSubject(t.number, `关注 / Watching — ${headline.zh} / ${headline.en}: ${t.title}`), text };
}
