// Issue #12, the pure parts: which watcher gets which update, where a notice sits in the
// ticket's mail thread, what a watcher's mail says, and when a dissatisfied follow-up is due.
import { beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpActivities } from '../../activities/followUpActivities';
import { watcherEventKey } from '../../activities/watcherMail';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import type { ConfigSource } from '../../config/source';
import { WATCH_UPDATES, watcherOf } from '../../config/schema/watchers';
import { noticeThreadHeaders } from '../../mail/noticeThread';
import { renderWatcherNotice } from '../../mail/watcherNotice';
import type { RequesterNotice, Watcher, WatcherNoticeKind } from '../../ticket/state';
import { recipientsOf, watcherKindOf, watcherWants } from '../../ticket/watchers';

const KINDS: WatcherNoticeKind[] = ['watching', 'assigned', 'comment', 'requesterComment', 'pending', 'resolved', 'reopened', 'closed', 'declined', 'cancelled', 'workaround'];

describe('watcherWants', () => {
  const cases: Array<{ updates: (typeof WATCH_UPDATES)[number]; gets: WatcherNoticeKind[] }> = [
    { updates: 'all', gets: KINDS },
    { updates: 'resolution', gets: ['watching', 'resolved', 'reopened', 'closed', 'declined', 'cancelled'] },
  ];
  it.each(cases)('a watcher of $updates gets exactly $gets', ({ updates, gets }) => {
    expect(KINDS.filter((kind) => watcherWants(updates, kind))).toEqual(gets);
  });
});

describe('watcherKindOf', () => {
  const cases: Array<{ given: RequesterNotice['kind']; expect: WatcherNoticeKind | null }> = [
    { given: 'ack', expect: null }, // watchers get their own `watching` mail
    { given: 'pendingReminder', expect: null }, // a nudge for the requester alone
    { given: 'comment', expect: 'comment' },
    { given: 'assigned', expect: 'assigned' },
    { given: 'pending', expect: 'pending' },
    { given: 'resolved', expect: 'resolved' },
    { given: 'reopened', expect: 'reopened' },
    { given: 'closed', expect: 'closed' },
    { given: 'declined', expect: 'declined' },
    { given: 'workaround', expect: 'workaround' }, // a public update short of the fix
    { given: 'visitBooked', expect: null }, // the requester's appointment
    { given: 'visitCancelled', expect: null },
  ];
  it.each(cases)('the requester notice $given becomes $expect for watchers', ({ given, expect: kind }) => {
    expect(watcherKindOf(given)).toBe(kind);
  });
});

describe('recipientsOf', () => {
  const watcher = (who: string, updates: Watcher['updates']): Watcher => ({ who, updates, source: 'staff', addedBy: { role: 'agent', id: 'li.na' }, addedAt: '2026-12-01T00:00:00Z' });
  const list = [watcher('a@corp.example', 'all'), watcher('b@corp.example', 'resolution'), watcher('C@Corp.Example', 'all')];
  const cases = [
    { name: 'a public reply goes to the `all` watchers', kind: 'comment' as const, author: undefined, expect: ['a@corp.example', 'C@Corp.Example'] },
    { name: 'the outcome goes to everyone', kind: 'closed' as const, author: undefined, expect: ['a@corp.example', 'b@corp.example', 'C@Corp.Example'] },
    { name: 'a watcher is not sent their own words back (any case)', kind: 'requesterComment' as const, author: 'c@corp.example', expect: ['a@corp.example'] },
  ];
  it.each(cases)('$name', ({ kind, author, expect: who }) => {
    expect(recipientsOf(list, kind, author).map((w) => w.who)).toEqual(who);
  });
});

describe('watcherOf (config entries)', () => {
  it.each([
    { given: 'it-manager@corp.example', expect: { who: 'it-manager@corp.example', updates: 'all' } },
    { given: { watcher: 'it-manager@corp.example', updates: 'resolution' as const }, expect: { who: 'it-manager@corp.example', updates: 'resolution' } },
  ])('$given', ({ given, expect: out }) => expect(watcherOf(given)).toEqual(out));
});

describe('noticeThreadHeaders', () => {
  const domain = 'itdesk.corp.example';
  const cases = [
    {
      name: 'a thread the desk started: the acknowledgement is the root and the parent',
      thread: { sourceMessageId: null, references: [], lastInboundMessageId: null },
      eventKey: 'comment-1',
      expect: { messageId: '<it-000009.comment-1@itdesk.corp.example>', inReplyTo: '<it-000009.ack@itdesk.corp.example>', references: ['<it-000009.ack@itdesk.corp.example>'] },
    },
    {
      name: 'the acknowledgement of a desk-started thread answers nothing',
      thread: { sourceMessageId: null, references: [], lastInboundMessageId: null },
      eventKey: 'ack',
      expect: { messageId: '<it-000009.ack@itdesk.corp.example>' },
    },
    {
      name: "a thread the requester's mail opened, with a later reply: answers the reply, references the opening",
      thread: { sourceMessageId: 'open@corp.example', references: ['earlier@corp.example'], lastInboundMessageId: 'reply@corp.example' },
      eventKey: 'resolved-0',
      expect: {
        messageId: '<it-000009.resolved-0@itdesk.corp.example>',
        inReplyTo: '<reply@corp.example>',
        references: ['<earlier@corp.example>', '<open@corp.example>', '<reply@corp.example>'],
      },
    },
    {
      name: 'a long thread keeps the ten nearest ids',
      thread: { sourceMessageId: 'open@corp.example', references: Array.from({ length: 12 }, (_, i) => `r${i}@corp.example`), lastInboundMessageId: 'open@corp.example' },
      eventKey: 'closed',
      expect: {
        messageId: '<it-000009.closed@itdesk.corp.example>',
        inReplyTo: '<open@corp.example>',
        references: [...Array.from({ length: 9 }, (_, i) => `<r${i + 3}@corp.example>`), '<open@corp.example>'],
      },
    },
  ];
  it.each(cases)('$name', ({ thread, eventKey, expect: headers }) => {
    expect(noticeThreadHeaders({ ticketNumber: 'IT-000009', eventKey, domain, thread })).toEqual(headers);
  });

  it("gives each watcher's copy its own id in the requester's thread, the same on every retry", () => {
    const thread = { sourceMessageId: 'open@corp.example', references: [], lastInboundMessageId: 'open@corp.example' };
    const requester = noticeThreadHeaders({ ticketNumber: 'IT-000009', eventKey: 'comment-3', domain, thread });
    const copy = (who: string) => noticeThreadHeaders({ ticketNumber: 'IT-000009', eventKey: watcherEventKey({ event: 'comment-3', who }), domain, thread });
    const a = copy('a@corp.example');
    const b = copy('b@corp.example');
    expect(a).toEqual(copy('a@corp.example'));
    expect(new Set([requester.messageId, a.messageId, b.messageId]).size).toBe(3);
    for (const c of [a, b]) {
      expect(c.inReplyTo).toBe(requester.inReplyTo);
      expect(c.references).toEqual(requester.references);
      expect(c.messageId).toMatch(/^<it-000009\.[A-Za-z0-9_.-]+@itdesk\.corp\.example>$/);
    }
  });
});

describe('renderWatcherNotice', () => {
  const ticket = { number: 'IT-000009', title: '打印机无法连接', status: 'in_progress', priority: 'P3', requesterName: '张三', group: 'desktop', assignee: 'chen.jie' };
  const ctx = { updates: 'resolution' as const, source: 'rule vip-watch', deskName: 'IT 服务台' };
  const cases = [
    { kind: 'watching' as const, extra: {}, says: ['您已被添加为关注人', 'the outcome only', 'rule vip-watch', '张三'] },
    { kind: 'comment' as const, extra: { commentBody: '请重启打印机', commentBy: 'desk' as const }, says: ['The desk wrote', '请重启打印机'] },
    { kind: 'requesterComment' as const, extra: { commentBody: '重启了，还是不行', commentBy: 'requester' as const }, says: ['The requester wrote', '重启了，还是不行'] },
    { kind: 'requesterComment' as const, extra: { commentBody: '收到，谢谢', commentBy: 'watcher' as const, commentAuthor: 'zhou.min@corp.example' }, says: ['A watcher wrote', 'zhou.min@corp.example', '收到，谢谢'] },
    { kind: 'resolved' as const, extra: { resolutionNote: '更新驱动' }, says: ['Resolved', '更新驱动'] },
    { kind: 'cancelled' as const, extra: { cancelReason: '不需要了' }, says: ['Cancelled', '不需要了'] },
    { kind: 'workaround' as const, extra: { workaround: { kind: 'workaround' as const, note: '先用 2 楼打印机' } }, says: ['A workaround is in place', 'Workaround:', '先用 2 楼打印机', 'stays open'] },
    { kind: 'workaround' as const, extra: { workaround: { kind: 'containment' as const, note: '已隔离故障交换机' } }, says: ['Contained:', '已隔离故障交换机'] },
  ];
  it.each(cases)('a $kind copy says what happened, tagged with the ticket', ({ kind, extra, says }) => {
    const { subject, text } = renderWatcherNotice(kind, { ...ticket, ...extra }, ctx);
    expect(subject.startsWith('[IT-000009] ')).toBe(true);
    expect(subject).toContain('打印机无法连接');
    for (const words of says) expect(text).toContain(words);
  });
});

describe('the due time of a dissatisfied follow-up (planFollowUp, shipped calendars)', () => {
  let config: LoadedConfig;
  beforeAll(async () => {
    config = await loadConfigOrThrow('config');
  });
  const plan = () => createFollowUpActivities({ config: { current: () => config } as ConfigSource, mailer: { send: async () => undefined, describe: () => 'none', close: () => undefined } }).planFollowUp;
  const oneWorkingDay = { calendarId: 'office-shanghai', dueSeconds: 7.5 * 3600 };
  const cases = [
    { name: 'Friday 17:00 → Monday 17:00 (the weekend does not count)', group: 'desktop', openedAt: '2026-12-04T17:00:00+08:00', due: oneWorkingDay, expect: '2026-12-07T09:00:00.000Z' },
    { name: 'the eve of National Day → the first working day after it', group: 'desktop', openedAt: '2026-09-30T17:00:00+08:00', due: oneWorkingDay, expect: '2026-10-08T09:00:00.000Z' },
    { name: 'a rating at night counts from the next morning', group: 'desktop', openedAt: '2026-12-01T22:00:00+08:00', due: oneWorkingDay, expect: '2026-12-02T10:00:00.000Z' },
    { name: 'around the clock', group: 'desktop', openedAt: '2026-12-05T23:00:00+08:00', due: { calendarId: 'always', dueSeconds: 3600 }, expect: '2026-12-05T16:00:00.000Z' },
    { name: 'no due time configured', group: 'desktop', openedAt: '2026-12-04T17:00:00+08:00', due: null, expect: null },
  ];
  it.each(cases)('$name', async ({ group, openedAt, due, expect: dueAt }) => {
    const planned = await plan()({ group, openedAt: new Date(openedAt).toISOString(), due });
    expect(planned.dueAt).toBe(dueAt);
    expect(planned.owner).toEqual({ id: 'chen.jie', name: '陈杰' });
  });

  it('has no owner in a group without a lead, and counts wall time on a calendar removed since', async () => {
    const noLead = { ...config, groups: { ...config.groups, groups: { ...config.groups.groups, desktop: { ...config.groups.groups.desktop, lead: undefined } } } } as LoadedConfig;
    const planned = await createFollowUpActivities({ config: { current: () => noLead } as ConfigSource, mailer: undefined as never }).planFollowUp({
      group: 'desktop',
      openedAt: '2026-12-04T09:00:00.000Z',
      due: { calendarId: 'gone', dueSeconds: 60 },
    });
    expect(planned).toMatchObject({ owner: null, dueAt: '2026-12-04T09:01:00.000Z' });
    expect(planned.dueNote).toContain("'gone'");
  });
});
