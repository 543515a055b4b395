// The requester's view of a ticket: every kind of internal fact a ticket holds, one row each,
// and whether the requester sees it. The API applies this view to every ticket it answers a
// requester with (test/unit/api-tickets.test.ts checks the routes).
import { describe, expect, it } from 'vitest';
import type { SlaExplanation } from '../../sla/explain';
import type { TicketView, TimelineEntry } from '../../ticket/state';
import { requesterSlaExplanation, requesterView } from '../../ticket/requesterView';

const ALICE = 'alice@corp.example';
const agent = { role: 'agent' as const, id: 'li.na' };
const alice = { role: 'requester' as const, id: ALICE };
const system = { role: 'system' as const, id: 'system' };

function ticket(change: Partial<TicketView> = {}): TicketView {
  return {
    number: 'IT-000042',
    intake: {
      requester: { name: '张三', email: ALICE, department: '财务部', vip: true },
      channel: 'mail',
      title: 'VPN 连不上',
      description: '在家无法连接',
      mailbox: 'helpdesk',
      sourceMessageId: 'abc@mail.corp.example',
    },
    createdAt: '2026-10-08T01:00:00.000Z',
    updatedAt: '2026-10-08T02:00:00.000Z',
    status: 'in_progress',
    priority: 'P3',
    category: 'network',
    group: 'network',
    assignee: 'zhang.wei',
    clocks: [{ name: 'response', state: 'met', calendarId: 'office-shanghai', targetSeconds: 7200, consumedSeconds: 60, runningSince: null, episode: 1, firedLevels: [], pauses: [] } as never],
    comments: [],
    timeline: [],
    reopenCount: 0,
    escalations: [{ clock: 'response', level: '75%', episode: 1, at: '2026-10-08T01:30:00.000Z', notified: ['network-lead@corp.example'] }],
    sla: [{ name: 'response', state: 'met', calendarId: 'office-shanghai', targetSeconds: 7200, consumedSeconds: 60, remainingSeconds: 7140, pausedSeconds: 0, dueAt: null, breached: false, breachedAt: null, episode: 1 }],
    slaComputedAt: '2026-10-08T02:00:00.000Z',
    breached: false,
    configVersion: 'abc123def456',
    slaPolicy: 'standard',
    nextEscalation: { clock: 'resolution', level: '75%', episode: 1, thresholdAt: '2026-10-08T06:00:00.000Z', fireAt: '2026-10-08T06:00:00.000Z' } as never,
    mail: {
      mailbox: 'helpdesk',
      sourceMessageId: 'abc@mail.corp.example',
      subject: 'VPN 连不上',
      references: ['root@mail.corp.example'],
      inboundMessageIds: ['abc@mail.corp.example'],
      attachments: [{ filename: 'vpn.png', contentType: 'image/png', sizeBytes: 10, inline: false, sha256: 'a'.repeat(64), tooLarge: false, stored: true, messageId: 'abc@mail.corp.example' }],
      reopenWindowSeconds: 3600,
      pendingNotices: [{ key: 'comment-3', kind: 'comment', commentId: 3 }],
      noticesSent: ['ack'],
    },
    ...change,
  };
}

const entry = (action: string, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({ at: '2026-10-08T01:00:00.000Z', actor: agent, action, ...extra });
const seenTimeline = (entries: TimelineEntry[]) => requesterView(ticket({ timeline: entries })).timeline;

describe('the requester view of a ticket', () => {
  const hidden: Array<{ what: string; given: Partial<TicketView>; absent: (view: any) => unknown }> = [
    { what: 'the clock ledgers (calendars, pauses, fired levels)', given: {}, absent: (v) => v.clocks },
    { what: 'the escalations and who they notified', given: {}, absent: (v) => v.escalations },
    { what: 'the config version the ticket was routed with', given: {}, absent: (v) => v.configVersion },
    { what: 'the SLA policy name', given: {}, absent: (v) => v.slaPolicy },
    { what: 'the next escalation level', given: {}, absent: (v) => v.nextEscalation },
    { what: 'the desk mailbox the mail came in by', given: {}, absent: (v) => v.intake.mailbox },
    { what: 'the Message-ID of the opening mail', given: {}, absent: (v) => v.intake.sourceMessageId },
    { what: 'the VIP flag from the directory', given: {}, absent: (v) => v.intake.requester.vip },
    { what: 'the mail thread internals (references)', given: {}, absent: (v) => v.mail.references },
    { what: 'the notices waiting to be mailed', given: {}, absent: (v) => v.mail.pendingNotices },
    { what: 'the notices already mailed', given: {}, absent: (v) => v.mail.noticesSent },
    { what: 'the Message-IDs received', given: {}, absent: (v) => v.mail.inboundMessageIds },
    { what: 'the Message-ID an attachment came with', given: {}, absent: (v) => v.mail.attachments[0].messageId },
    {
      what: 'the approval nonce',
      given: { approval: { status: 'waiting', approver: { id: 'wang.fang', name: '王芳', email: 'wang.fang@corp.example' }, requestedAt: '2026-10-08T01:00:00.000Z', nonce: 'f00dfeedcafe0001' } },
      absent: (v) => v.approval.nonce,
    },
    {
      what: 'the approver',
      given: { approval: { status: 'waiting', approver: { id: 'wang.fang', name: '王芳', email: 'wang.fang@corp.example' }, requestedAt: '2026-10-08T01:00:00.000Z', nonce: 'f00dfeedcafe0001' } },
      absent: (v) => v.approval.approver,
    },
    {
      what: "the approver's comment and identity",
      given: { approval: { status: 'rejected', approver: null, requestedAt: '2026-10-08T01:00:00.000Z', nonce: 'n1n1n1n1', decidedAt: '2026-10-08T03:00:00.000Z', decidedBy: agent, comment: '预算不够' } },
      absent: (v) => v.approval.comment ?? v.approval.decidedBy,
    },
    { what: 'a field the ticket gains later, until someone decides it is public', given: { internalScore: 17 } as never, absent: (v) => v.internalScore },
  ];
  it.each(hidden)('hides $what', ({ given, absent }) => {
    const view = requesterView(ticket(given)) as any;
    expect(absent(view)).toBeUndefined();
  });

  it('shows status, priority, group, assignee, clocks and the approval status', () => {
    const view = requesterView(
      ticket({ approval: { status: 'waiting', approver: null, requestedAt: '2026-10-08T01:00:00.000Z', nonce: 'n1n1n1n1' } }),
    );
    expect(view).toMatchObject({ number: 'IT-000042', status: 'in_progress', priority: 'P3', group: 'network', assignee: 'zhang.wei', breached: false });
    expect(view.sla).toEqual(ticket().sla);
    expect(view.approval).toEqual({ status: 'waiting', requestedAt: '2026-10-08T01:00:00.000Z' });
    expect(view.intake).toEqual({ requester: { name: '张三', email: ALICE, department: '财务部' }, channel: 'mail', title: 'VPN 连不上', description: '在家无法连接' });
    expect(view.mail?.attachments).toEqual([{ filename: 'vpn.png', contentType: 'image/png', sizeBytes: 10, inline: false, sha256: 'a'.repeat(64), tooLarge: false, stored: true }]);
  });

  it('shows public comments and leaves internal notes out', () => {
    const view = requesterView(
      ticket({
        comments: [
          { id: 1, at: '2026-10-08T01:10:00.000Z', actor: agent, body: '请重启路由器', visibility: 'public' },
          { id: 2, at: '2026-10-08T01:11:00.000Z', actor: agent, body: '内部：该用户上周也报过', visibility: 'internal' },
          { id: 3, at: '2026-10-08T01:12:00.000Z', actor: alice, body: '重启了，还是不行', visibility: 'public', messageId: 'reply@mail.corp.example' },
        ],
      }),
    );
    expect(view.comments).toEqual([
      { id: 1, at: '2026-10-08T01:10:00.000Z', actor: agent, body: '请重启路由器', visibility: 'public' },
      { id: 3, at: '2026-10-08T01:12:00.000Z', actor: alice, body: '重启了，还是不行', visibility: 'public' },
    ]);
  });

  const timeline: Array<{ given: TimelineEntry; expect: TimelineEntry | null }> = [
    { given: entry('open', { actor: system, to: 'new', detail: { routing: ['rule network: keyword vpn'], configVersion: 'abc' } }), expect: entry('open', { actor: system, to: 'new' }) },
    { given: entry('assign', { from: 'new', to: 'assigned', reason: 'round-robin: turn 3 mod 2', detail: { strategy: 'round-robin' } }), expect: entry('assign', { from: 'new', to: 'assigned' }) },
    { given: entry('note', { detail: { commentId: 2 } }), expect: null },
    { given: entry('comment', { detail: { commentId: 1 } }), expect: entry('comment') },
    { given: entry('escalate', { actor: system, detail: { clock: 'response', level: '75%', notified: ['network-lead@corp.example'] } }), expect: null },
    { given: entry('breach', { actor: system, detail: { clock: 'resolution', level: '100%', notified: [] } }), expect: null },
    { given: entry('reroute', { actor: system, detail: { fromGroup: 'desktop', toGroup: 'network' } }), expect: null },
    { given: entry('reassign', { actor: system }), expect: null },
    { given: entry('watch', { actor: system, detail: { watchers: ['it-manager@corp.example'] } }), expect: null },
    { given: entry('notify', { actor: system, detail: { notified: ['chen.jie@corp.example'] } }), expect: null },
    { given: entry('assign-skipped', { actor: system, reason: 'no member of network is available' }), expect: null },
    { given: entry('approval-requested', { actor: system, detail: { approver: 'wang.fang' } }), expect: null },
    { given: entry('approval-mail-failed', { actor: system, reason: 'set ITDESK_APPROVAL_SECRET' }), expect: null },
    { given: entry('something-new', { actor: system }), expect: null },
    { given: entry('changePriority', { reason: '内部：老板催了', detail: { from: 'P3', to: 'P2' } }), expect: entry('changePriority', { detail: { from: 'P3', to: 'P2' } }) },
    { given: entry('pend', { from: 'in_progress', to: 'pending', reason: 'requester', detail: { note: '请提供报错截图' } }), expect: entry('pend', { from: 'in_progress', to: 'pending', reason: 'requester', detail: { note: '请提供报错截图' } }) },
    { given: entry('pend', { from: 'in_progress', to: 'pending', reason: 'vendor', detail: { note: '华为工单 #8812，工程师说下周' } }), expect: entry('pend', { from: 'in_progress', to: 'pending', reason: 'vendor' }) },
    { given: entry('pend', { actor: system, to: 'pending', reason: 'approval', detail: { because: { category: 'access' }, approver: 'wang.fang' } }), expect: entry('pend', { actor: system, to: 'pending', reason: 'approval' }) },
    { given: entry('resume', { from: 'pending', to: 'in_progress', reason: '厂商已回复' }), expect: entry('resume', { from: 'pending', to: 'in_progress' }) },
    { given: entry('reopen', { actor: alice, from: 'resolved', to: 'assigned', reason: '还是连不上' }), expect: entry('reopen', { actor: alice, from: 'resolved', to: 'assigned', reason: '还是连不上' }) },
    { given: entry('reopen', { from: 'resolved', to: 'assigned', reason: '内部复查' }), expect: entry('reopen', { from: 'resolved', to: 'assigned' }) },
    { given: entry('decline', { from: 'new', to: 'declined', reason: '个人设备不在服务范围内', detail: { rule: 'personal-devices' } }), expect: entry('decline', { from: 'new', to: 'declined', reason: '个人设备不在服务范围内' }) },
    { given: entry('reject', { from: 'pending', to: 'declined', reason: '预算不够' }), expect: entry('reject', { from: 'pending', to: 'declined' }) },
    { given: entry('rate', { actor: alice, detail: { rating: 'satisfied' } }), expect: entry('rate', { actor: alice, detail: { rating: 'satisfied' } }) },
  ];
  it.each(timeline)('timeline $given.action ($given.reason): $expect.action', ({ given, expect: expected }) => {
    expect(seenTimeline([given])).toEqual(expected ? [expected] : []);
  });
});

describe('the requester view of the SLA explanation', () => {
  it('keeps the clocks and leaves out escalation levels, who they notified and the policy', () => {
    const explained: SlaExplanation = {
      number: 'IT-000042',
      priority: 'P3',
      status: 'in_progress',
      slaPolicy: 'standard',
      asOf: '2026-10-08 10:00 (Asia/Shanghai)',
      clocks: [
        {
          clock: 'response', state: 'met', calendarId: 'office-shanghai', timeZone: 'Asia/Shanghai', targetSeconds: 7200, consumedSeconds: 60,
          pausedBusinessSeconds: 0, pausedSeconds: 0, remainingSeconds: 7140, dueAt: null, breached: false, breachedAt: null, episode: 1, pauses: [],
          fired: [{ level: '75%', episode: 1, at: '2026-10-08 09:30', notified: ['network-lead@corp.example'], recorded: true }],
        },
      ],
      nextLevel: { clock: 'resolution', level: '75%', episode: 1, thresholdAt: 'x', fireAt: 'x' },
    };
    const view = requesterSlaExplanation(explained) as any;
    expect(view.slaPolicy).toBeUndefined();
    expect(view.nextLevel).toBeUndefined();
    expect(view.clocks[0].fired).toBeUndefined();
    expect(view.clocks[0]).toMatchObject({ clock: 'response', targetSeconds: 7200, remainingSeconds: 7140 });
  });
});
