// Reaching the requester: a bounce of the desk's mail lands on its ticket (once, however often
// the mailbox hands it over) and the engineer hears that the requester's address bounced; a
// requester who answers our question in the portal or API resumes the ticket as a mail reply does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailBouncedSignal, ticketWorkflowId } from '../../workflows/messages';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('requester-reach', {}, 'RR');
});
afterAll(async () => desk?.stop());

async function openTicket(title: string): Promise<any> {
  const created = await desk.api('POST', '/api/tickets', {
    body: { requester: alice, title, description: '测试', category: 'hardware', impact: 'individual', urgency: 'medium' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

describe('a bounce of the desk mail', () => {
  it('is recorded once on its ticket, and the assignee is told the requester cannot be mailed', async () => {
    const ticket = await openTicket('笔记本无法开机');
    expect(ticket.assignee).toBeTruthy();
    const handle = desk.client.workflow.getHandle(ticketWorkflowId(ticket.number));
    const bounce = {
      recipient: alice.email,
      status: '5.1.1',
      diagnostic: '550 5.1.1 <alice@corp.example>: Recipient address rejected: User unknown',
      bounceMessageId: `bounce-${ticket.number}@mx.corp.example`,
      originalMessageId: `${ticket.number.toLowerCase()}.ack@itdesk.corp.example`,
    };
    // The mailbox's hand-over may be retried: the same bounce twice.
    await handle.signal(mailBouncedSignal, bounce);
    await handle.signal(mailBouncedSignal, bounce);
    const told = await desk.smtp.waitFor((m) => Boolean(m.subject?.includes(ticket.number) && m.subject.includes('bounced')), 30_000);
    const view = await waitUntil('the bounce on the ticket', async () => {
      const res = await desk.api('GET', `/api/tickets/${ticket.number}`);
      return res.body.timeline.some((t: { action: string }) => t.action === 'notify') ? res.body : undefined;
    });
    expect(view.bounces).toHaveLength(1);
    expect(view.bounces[0]).toMatchObject({ recipient: alice.email, status: '5.1.1', bounceMessageId: bounce.bounceMessageId });
    expect(view.timeline.filter((t: { action: string }) => t.action === 'mail-bounced')).toHaveLength(1);
    const members = desk.config.current().groups.groups[ticket.group].members;
    expect(told.envelope.rcptTo).toEqual([members.find((m) => m.id === ticket.assignee)!.email]);
    expect(told.parsed.text).toContain('550 5.1.1');
    // The requester's view does not carry the bounce details.
    const own = await desk.api('GET', `/api/tickets/${ticket.number}`, { token: 'alice' });
    expect(own.body.bounces).toBeUndefined();
    expect(own.body.timeline.some((t: { action: string }) => t.action === 'mail-bounced')).toBe(false);
  });
});

describe('a requester who answers our question outside mail', () => {
  it('resumes the ticket and its clocks', async () => {
    const ticket = await openTicket('显示器没有信号');
    const pended = await desk.api('POST', `/api/tickets/${ticket.number}/pend`, { body: { reason: 'requester', note: '请提供显示器型号' } });
    expect(pended.body.status).toBe('pending');
    const answered = await desk.api('POST', `/api/tickets/${ticket.number}/comments`, { token: 'alice', body: { body: '型号是 Dell U2419H' } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.status).toBe('in_progress');
    const staff = await desk.api('GET', `/api/tickets/${ticket.number}`);
    expect(staff.body.clocks.find((c: { name: string }) => c.name === 'resolution').state).toBe('running');
    expect(staff.body.timeline.at(-2)).toMatchObject({ action: 'resume', from: 'pending', to: 'in_progress', reason: 'the requester answered' });
  });
});
