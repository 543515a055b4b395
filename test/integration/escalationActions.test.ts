// Escalation levels that act, not only mail: the duty supervisor from the on-call roster,
// a raised priority, a hand-over to another group, added watchers — each exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../sla/dutyRoster';
import { fastSlaYaml } from '../support/fastSla';
import { aboutTicket } from '../support/smtpSink';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

let desk: TestDesk;
beforeAll(async () => {
  const today = localDate(new Date(), 'Asia/Shanghai');
  const sla = fastSlaYaml(
    {
      P1: 'response: 1h, resolution: 2h, update: 1h',
      P2: 'response: 1h, resolution: 4h',
      P3: 'response: 3s, resolution: 8h',
      P4: 'response: 4h, resolution: 8h',
    },
    `      response:
        - { at: 100%, notify: [dutySupervisor], raisePriority: true, reassignTo: infrastructure, addWatchers: [it-director@corp.example] }
      resolution: []
      update: []`,
  ).replace(
    'overrides: []',
    `overrides: []
dutyRoster:
  timezone: Asia/Shanghai
  shifts:
    - { from: 2026-01-01, to: 2026-01-07, name: 不在班, email: off-duty@corp.example }
    - { from: ${today}, to: ${today}, name: 今日值班主管, email: duty-today@corp.example }`,
  );
  desk = await startTestDesk('actions', { 'sla.yaml': sla }, 'ESC');
});
afterAll(async () => desk?.stop());

describe('escalation actions', () => {
  it('mails the supervisor on duty, raises the priority, hands the ticket over and adds a watcher, once', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', {
      body: { requester: alice, title: '打印机卡纸', description: '三楼打印机卡纸', category: 'hardware' },
    });
    expect(ticket).toMatchObject({ priority: 'P3', group: 'desktop' });

    const mail = await desk.smtp.waitFor(aboutTicket(ticket.number, [alice.email]), 20_000);
    expect(mail.envelope.rcptTo).toEqual(['duty-today@corp.example']);

    // The hand-over is two steps: the group changes (assignee cleared), then the new group's
    // strategy picks someone. Wait for the second (or its refusal), not the first.
    const after = await waitUntil('the hand-over to a member of the new group', async () => {
      const res = await desk.api('GET', `/api/tickets/${ticket.number}`);
      const settled = res.body.assignee || res.body.timeline.some((t: any) => t.action === 'assign-skipped');
      return res.body.group === 'infrastructure' && settled ? res.body : undefined;
    });
    expect(after).toMatchObject({ priority: 'P2', group: 'infrastructure', assignee: 'wu.qiang' });
    const actions = after.timeline.map((t: any) => t.action);
    expect(actions.filter((a: string) => a === 'breach')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['watch', 'changePriority', 'reassign']));
    expect(after.timeline.find((t: any) => t.action === 'reassign').detail).toMatchObject({ fromGroup: 'desktop', toGroup: 'infrastructure' });
    // P2's 1 h response target applies to the time consumed: the breach was a P3 one.
    expect(after.sla.find((c: any) => c.name === 'response').targetSeconds).toBe(3600);
    expect(desk.smtp.messages.filter(aboutTicket(ticket.number, [alice.email]))).toHaveLength(1);
  });
});
