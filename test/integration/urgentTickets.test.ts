// Issue #12, urgent tickets: the manuals want the duty supervisor told the moment a P1/P2 ticket
// opens or is raised to P1/P2 — not at the first SLA threshold. sla.yaml onOpen / onRaise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, startTestDesk, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('urgent-tickets', {}, 'UR');
});
afterAll(async () => desk?.stop());

const groupOf = (id: string) => desk.config.current().groups.groups[id];

describe('an urgent ticket', () => {
  it('is told to the duty supervisor and the group lead as it opens', async () => {
    const opened = Date.now();
    const created = await desk.api('POST', '/api/tickets', {
      body: { requester: alice, title: '财务系统服务器宕机', description: '全公司无法登录财务系统', impact: 'company', urgency: 'critical' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ticket = created.body;
    expect(ticket.priority).toBe('P1');
    const notice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('Urgent P1 ticket opened')), 30_000);
    const group = groupOf(ticket.group);
    const lead = group.members.find((m) => m.id === group.lead)!;
    // Without a duty roster the supervisor on duty is the group's escalation contact.
    expect(notice.envelope.rcptTo.sort()).toEqual([...new Set([group.escalationContact.email, lead.email])].sort());
    // Long before the response target (15 minutes) is anywhere near.
    expect(notice.receivedAt.getTime() - opened).toBeLessThan(60_000);
    const view = (await desk.api('GET', `/api/tickets/${ticket.number}`)).body;
    expect(view.timeline.find((t: { action: string }) => t.action === 'notify')).toMatchObject({ reason: 'an urgent P1 ticket opened', detail: { roles: ['dutySupervisor', 'groupLead'] } });
    expect(view.escalations).toEqual([]);
  });

  it('is told to the duty supervisor when a ticket is raised to P2, and not when it is lowered', async () => {
    const created = await desk.api('POST', '/api/tickets', {
      body: { requester: alice, title: '三楼打印机卡纸', description: '无法打印', category: 'hardware', impact: 'individual', urgency: 'medium' },
    });
    const ticket = created.body;
    expect(ticket.priority).toBe('P3');
    const raised = await desk.api('POST', `/api/tickets/${ticket.number}/priority`, { body: { priority: 'P2', reason: '整个部门都在等打印' } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const notice = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('raised from P3 to P2')), 30_000);
    expect(notice.envelope.rcptTo).toEqual([groupOf(raised.body.group).escalationContact.email]);
    const lowered = await desk.api('POST', `/api/tickets/${ticket.number}/priority`, { body: { priority: 'P3', reason: '只影响一个人' } });
    expect(lowered.status).toBe(200);
    const notices = (await desk.api('GET', `/api/tickets/${ticket.number}`)).body.timeline.filter((t: { action: string }) => t.action === 'notify');
    expect(notices.map((t: { reason: string }) => t.reason)).toEqual(['raised from P3 to P2']);
    expect(desk.smtp.messages.filter((m) => m.subject?.includes(ticket.number) && m.subject.includes('raised'))).toHaveLength(1);
  });
});
