// Notice activities against a real SMTP server: a notice that can never be delivered (a 5xx
// rejection) fails for good as UndeliverableNotice, one that may pass later (4xx, an outage, a
// refused connection) stays retryable, and names no Message-ID could hold go out with a valid one.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalActivities } from '../../activities/approvalActivities';
import { createMailer } from '../../activities/mailer';
import { createRequesterMailActivities, type RequesterMailInput } from '../../activities/requesterMail';
import { createTicketActivities } from '../../activities/ticketActivities';
import { createConfigSource, type ConfigSource } from '../../config/source';
import type { TicketView } from '../../ticket/state';
import { copyShippedConfig, removeCopy } from '../support/configCopy';
import { freePort } from '../support/ports';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink';

let smtp: SmtpSink;
let dir: string;
let config: ConfigSource;
beforeAll(async () => {
  smtp = await startSmtpSink();
  dir = await copyShippedConfig([{ file: 'mail.yaml', find: 'host: ""\n  port: 25', replace: `host: 127.0.0.1\n  port: ${smtp.port}` }]);
  config = await createConfigSource(dir);
});
afterAll(async () => {
  await smtp?.stop();
  if (dir) await removeCopy(dir);
});
afterEach(() => smtp.setDown(false));

const activitiesFor = (port = smtp.port) => {
  const mailer = createMailer({ ...config.current().mail, smtp: { ...config.current().mail.smtp, hostEnv: undefined, port } });
  return {
    requester: createRequesterMailActivities({ config, mailer, env: {} }),
    ticket: createTicketActivities({ config, mailer }),
    approval: (env: NodeJS.ProcessEnv) => createApprovalActivities({ config, mailer, env }),
  };
};

function notice(to: string, key = 'ack', assignee?: string): RequesterMailInput {
  return {
    notice: { key, kind: assignee ? 'assigned' : 'ack' },
    ticket: {
      number: 'IT-000777',
      title: '打印机卡纸',
      priority: 'P3',
      requester: { name: '张三', email: to },
      sla: [],
      ...(assignee ? { assigneeName: assignee } : {}),
      round: 0,
      mail: { mailbox: null, sourceMessageId: null, subject: '打印机卡纸', references: [], lastInboundMessageId: null },
    },
  };
}

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the send to fail');
}

describe('a notice that can never be delivered', () => {
  it('fails for good as UndeliverableNotice when the server rejects the requester with 550', async () => {
    smtp.rejectRecipient('gone@corp.example', 550);
    const err = await failureOf(() => activitiesFor().requester.sendRequesterMail(notice('gone@corp.example')));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'UndeliverableNotice', nonRetryable: true });
    expect((err as Error).message).toMatch(/^the ack notice of IT-000777 to its requester cannot be delivered: .*550/);
  });

  it('fails for good when every staff recipient of an escalation is rejected', async () => {
    smtp.rejectRecipient('network-lead@corp.example', 553);
    const ticket = { number: 'IT-000777', group: 'network', assignee: null, priority: 'P3', status: 'new', intake: { title: 'VPN', requester: { name: '张三', email: 'alice@corp.example' } } } as unknown as TicketView;
    const err = await failureOf(() =>
      activitiesFor().ticket.sendEscalationNotice({ ticket, clock: 'response', level: '75%', episode: 1, thresholdAt: '2026-10-08T01:00:00.000Z', notify: ['groupEscalation'] }),
    );
    expect(err).toMatchObject({ type: 'UndeliverableNotice', nonRetryable: true });
  });
});

describe('a notice that may pass later stays retryable', () => {
  const cases: Array<{ given: string; arrange: () => Promise<number> | number }> = [
    { given: 'a 450 for the mailbox (busy)', arrange: () => (smtp.rejectRecipient('busy@corp.example', 450), smtp.port) },
    { given: 'a relay in an outage (421)', arrange: () => (smtp.setDown(true), smtp.port) },
    { given: 'nobody listening on the port', arrange: () => freePort() },
  ];
  it.each(cases)('$given', async ({ given, arrange }) => {
    const port = await arrange();
    const to = given.includes('450') ? 'busy@corp.example' : 'alice@corp.example';
    const err = await failureOf(() => activitiesFor(port).requester.sendRequesterMail(notice(to)));
    expect((err as { nonRetryable?: boolean }).nonRetryable ?? false).toBe(false);
    expect((err as { type?: string }).type).not.toBe('UndeliverableNotice');
  });
});

describe('names a Message-ID cannot hold', () => {
  const names = ['张伟', 'zhang wei', 'zhang\u0000wei', '\ud800', 'a'.repeat(2049)];
  it.each(names.map((name) => ({ name: JSON.stringify(name).slice(0, 30), assignee: name })))('sends the assignment notice for an assignee $name with a valid Message-ID', async ({ assignee }) => {
    const { messageId } = await activitiesFor().requester.sendRequesterMail(notice('alice@corp.example', `assigned-${assignee}`, assignee));
    expect(messageId).toMatch(/^it-000777\.[A-Za-z0-9_.-]+@itdesk\.corp\.example$/);
    const received = await smtp.waitFor((m) => m.messageId === `<${messageId}>`, 10_000);
    expect(received.envelope.rcptTo).toEqual(['alice@corp.example']);
  });
});

describe('the approval request', () => {
  const input = {
    number: 'IT-000778',
    title: '申请 ERP 权限',
    requester: '张三 <alice@corp.example>',
    category: 'account',
    approver: { id: 'wang.fang', name: '王芳', email: 'wang.fang@corp.example' },
    nonce: 'nonce00000001',
    kind: 'request' as const,
    expiresAt: '2026-10-11T01:00:00.000Z',
  };

  it('reaches the approver without a link secret, without links, saying where to decide', async () => {
    const sent = await activitiesFor().approval({}).sendApprovalRequest(input);
    expect(sent).toEqual({ to: 'wang.fang@corp.example', links: null });
    const mail = await smtp.waitFor((m) => Boolean(m.subject?.includes('IT-000778')), 10_000);
    expect(mail.parsed.text).not.toContain('/api/approvals/');
    expect(mail.parsed.text).toContain('/api/tickets/IT-000778/approval');
  });

  it('carries both signed links with a secret', async () => {
    const sent = await activitiesFor().approval({ ITDESK_APPROVAL_SECRET: 'a-secret-of-at-least-32-characters-0001' }).sendApprovalRequest({ ...input, kind: 'reminder' });
    expect(sent.links?.approve).toMatch(/\/api\/approvals\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const mail = await smtp.waitFor((m) => Boolean(m.subject?.includes('IT-000778') && m.subject.includes('Reminder')), 10_000);
    expect(mail.parsed.text).toContain(sent.links!.reject);
  });
});
