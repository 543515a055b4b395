// Mail from the real world through a real mailbox: Dovecot in, the mailbox and ticket workflows
// on the Temporal dev server, the SMTP sink out. Undeclared charsets, broken senders, bounces of
// the desk's own notices and spam, each as a mail server would deliver it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';

import { fastSlaYaml } from '../support/fastSla';
import { buildMail } from '../support/mailBuilder';
import { mailboxProbe } from '../support/mailboxProbe';
import { sharedWorkflowBundle, startTestDesk, TOKENS, waitUntil, type TestDesk } from '../support/testDesk';
import { ticketWorkflowId, type MailBouncedArgs } from '../../workflows/messages';

const PREFIX = 'RW';
let desk: TestDesk;
let probe: ReturnType<typeof mailboxProbe>;

beforeAll(async () => {
  desk = await startTestDesk(
    'mail-real-world',
    {
      'sla.yaml': fastSlaYaml({
        P1: 'response: 1h, resolution: 2h, update: 1h',
        P2: 'response: 1h, resolution: 4h',
        P3: 'response: 2h, resolution: 8h',
        P4: 'response: 4h, resolution: 8h',
      }),
    },
    PREFIX,
    { mailbox: { organisationDomains: ['corp.example', 'jp.corp.example', 'de.corp.example'] } },
  );
  probe = mailboxProbe(desk);
}, 180_000);
afterAll(async () => desk?.stop());

let sequence = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}@corp.example`;
const fixture = (name: string) => readFileSync(`test/fixtures/mail/${name}`, 'utf8');
const deskId = (number: string, event: string) => `${number.toLowerCase()}.${event}@itdesk.corp.example`;

/** A fixture under a Message-ID of its own, so the tests below meet it fresh. */
const withMessageId = (text: string, messageId: string) => Buffer.from(text.replace(/^Message-ID: <[^>]+>/m, `Message-ID: <${messageId}>`), 'utf8');

/**
 * A bounce fixture made to bounce this desk's notice: the fixture's original notice (ticket
 * IT-000124 of desk.example.com, to zhang.san@corp.example) becomes `originalId` of `number` to
 * `recipient`, and the bounce gets a Message-ID of its own.
 */
function bounceOf(name: string, opts: { number: string; originalId: string; recipient: string; bounceId: string }): Buffer {
  const text = fixture(name)
    .replaceAll('it-000124.ack@desk.example.com', opts.originalId)
    .replaceAll('IT-000124', opts.number)
    .replaceAll('zhang.san@corp.example', opts.recipient);
  return withMessageId(text, opts.bounceId);
}

describe('replay of the mailbox workflow', () => {
  // Every way a mail can go through the mailbox in one run: a new ticket, a duplicate, a reply, an
  // auto-reply, a bounce, a local MAILER-DAEMON bounce, spam, a mail without sender, an outsider.
  // RECORD_HISTORIES=mailbox-<name> keeps this run's history as a fixture that
  // test/integration/replay.test.ts replays on every later version of the workflow code.
  it('replays its own history of every path a mail can take', async () => {
    const request = uniqueId('rw-request');
    const number = await deliverRequest(request);
    await desk.smtp.waitFor((m) => m.messageId === `<${deskId(number, 'ack')}>`, 20_000);

    const raws: Buffer[] = [
      buildMail({ from: 'alice@corp.example', subject: '打印机卡纸', messageId: request, body: '再发一次' }),
      buildMail({ from: 'alice@corp.example', subject: `Re: [${number}] 打印机卡纸`, messageId: uniqueId('rw-reply'), body: '换了纸还是卡' }),
      withMessageId(fixture('out-of-office.eml'), uniqueId('rw-ooo')),
      bounceOf('bounce-rfc3464.eml', { number, originalId: deskId(number, 'ack'), recipient: 'alice@corp.example', bounceId: uniqueId('rw-bounce') }),
      withMessageId(fixture('mailer-daemon-local.eml'), uniqueId('rw-daemon')),
      withMessageId(fixture('spam-flagged.eml'), uniqueId('rw-spam')),
      Buffer.from(`To: helpdesk@corp.example\r\nSubject: no sender\r\nMessage-ID: <${uniqueId('rw-nobody')}>\r\n\r\nwho am I?\r\n`),
      buildMail({ from: 'someone@example.net', subject: 'Please fix my home PC', messageId: uniqueId('rw-outsider'), body: 'hi' }),
    ];
    for (const raw of raws) await desk.mailbox!.deliver(raw);
    await probe.inboxDrained();

    const handle = desk.client.workflow.getHandle(desk.mailbox!.workflowId);
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await sharedWorkflowBundle() }, history, handle.workflowId);
    if (process.env.RECORD_HISTORIES?.startsWith('mailbox-')) {
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync(join('test/fixtures/histories', `${process.env.RECORD_HISTORIES}.json`), json);
    }
  }, 120_000);
});

async function ticket(number: string) {
  const res = await desk.api('GET', `/api/tickets/${number}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The reason the desk wrote on a mail it parked in the failed folder. */
async function failureReason(messageId: string): Promise<string> {
  return waitUntil(`${messageId} in the failed folder`, async () => {
    const parked = (await probe.folder('failed')).map((raw) => raw.toString('utf8')).find((text) => text.includes(`Message-ID: <${messageId}>`));
    return parked ? /X-Itdesk-Failure-Reason: ([^\r\n]*)/.exec(parked)?.[1] : undefined;
  });
}

/** The `mailBounced` signals a ticket's workflow received, in order. */
async function bouncesSignalled(number: string): Promise<MailBouncedArgs[]> {
  const history = await desk.client.workflow.getHandle(ticketWorkflowId(number)).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((a) => a?.signalName === 'mailBounced')
    .map((a) => defaultPayloadConverter.fromPayload(a!.input!.payloads![0]) as MailBouncedArgs);
}

describe('text that declares no charset, and uuencoded files', () => {
  it('opens tickets with readable titles and descriptions from undeclared GBK and raw Shift_JIS', async () => {
    const gbk = await probe.ticketFor(await deliverFixture('undeclared-gbk-body.eml', 'undeclared-gbk-01@corp.example'));
    expect((await ticket(gbk)).intake).toMatchObject({ title: '共享盘打不开', description: '您好，财务部的共享盘从今天早上开始打不开，提示“找不到网络路径”。\n麻烦尽快处理，谢谢！' });
    const sjis = await probe.ticketFor(await deliverFixture('raw-shift-jis-subject.eml', 'raw-sjis-01@jp.corp.example'));
    expect((await ticket(sjis)).intake).toMatchObject({ title: '会議室のプロジェクター故障', requester: { name: '山田太郎', email: 'yamada.taro@jp.corp.example' } });
  });

  it('stores uuencoded files decoded, as files the agent can download', async () => {
    const number = await probe.ticketFor(await deliverFixture('uuencode-parts.eml', 'uuencode-parts-01@corp.example'));
    const files = (await ticket(number)).mail.attachments as Array<{ filename: string; sha256: string; stored: boolean }>;
    expect(files.map((f) => [f.filename, f.stored])).toEqual([['spooler.log', true], ['screen.png', true]]);
    const res = await fetch(`${desk.url}/api/tickets/${number}/attachments/${files[0].sha256}`, { headers: { authorization: `Bearer ${TOKENS.agent}` } });
    expect(await res.text()).toBe('2026-11-27 09:00:01 ERROR spooler: printer HP-M479 offline (0x8007007e)\n'.repeat(3));
  });
});

describe('who wrote it', () => {
  const cases = [
    { given: 'no-from-reply-to.eml', messageId: 'no-from-reply-to-01@forms.corp.example', expect: 'zhang.san@corp.example' },
    { given: 'no-from-sender.eml', messageId: 'no-from-sender-01@corp.example', expect: 'li.si@corp.example' },
    { given: 'broken-first-from.eml', messageId: 'broken-first-from-01@corp.example', expect: 'wang.wu@corp.example' },
    { given: 'trailing-dot-domain.eml', messageId: 'trailing-dot-01@corp.example', expect: 'zhao.liu@corp.example' },
    { given: 'trailing-dot-local-part.eml', messageId: 'trailing-dot-02@corp.example', expect: 'taro.@corp.example' },
  ];
  it.each(cases)('$given opens a ticket for $expect, who gets the acknowledgement', async ({ given, messageId, expect: requester }) => {
    const number = await probe.ticketFor(await deliverFixture(given, messageId));
    expect((await ticket(number)).intake.requester.email).toBe(requester);
    const ack = await desk.smtp.waitFor((m) => m.messageId === `<${deskId(number, 'ack')}>`, 20_000);
    // nodemailer quotes a local part ending in a dot: the same mailbox, written the RFC way.
    expect(ack.envelope.rcptTo.map((a) => a.replace(/^"(.*)"@/, '$1@'))).toEqual([requester]);
  });
});

describe('automated mail is recognised before the sender is checked', () => {
  it('sets aside mail with a null return path and no sender as automated, not as failed', async () => {
    const before = (await probe.view()).stats;
    await deliverFixture('empty-return-path-no-from.eml', 'empty-return-path-01@gw.corp.example');
    await probe.inFolder('processed', 'empty-return-path-01@gw.corp.example');
    const after = (await probe.view()).stats;
    expect([after.ignoredAutomated - before.ignoredAutomated, after.failed - before.failed]).toEqual([1, 0]);
  });

  it('parks a local MAILER-DAEMON bounce of nothing the desk sent as a bounce, not as a mail without sender', async () => {
    await deliverFixture('mailer-daemon-local.eml', 'mailer-daemon-local-01@mx.corp.example');
    expect(await failureReason('mailer-daemon-local-01@mx.corp.example')).toBe('a bounce that matches no ticket: it names no original Message-ID');
  });
});

describe('bounces of the desk\'s own notices', () => {
  const shapes = ['bounce-rfc3464.eml', 'bounce-qmail.eml', 'bounce-exchange-undeliverable.eml', 'bounce-coremail-zh.eml', 'bounce-in-reply-to.eml'];
  it.each(shapes)('hands %s to the ticket whose acknowledgement bounced, then files it as processed', async (shape) => {
    const requester = `gone-${sequence + 1}@corp.example`;
    const request = uniqueId('bounced-request');
    await desk.mailbox!.deliver(buildMail({ from: requester, subject: '账号被锁', messageId: request, body: '登录不了' }));
    const number = await probe.ticketFor(request);
    const ackId = deskId(number, 'ack');
    await desk.smtp.waitFor((m) => m.messageId === `<${ackId}>`, 20_000);

    const bounceId = uniqueId('bounce');
    await desk.mailbox!.deliver(bounceOf(shape, { number, originalId: ackId, recipient: requester, bounceId }));
    const [signalled] = await waitUntil('the mailBounced signal', async () => {
      const got = await bouncesSignalled(number);
      return got.length ? got : undefined;
    });
    expect(signalled).toMatchObject({ recipient: requester, bounceMessageId: bounceId, originalMessageId: ackId });
    expect(signalled.status ?? signalled.diagnostic).toBeTruthy();
    await probe.inFolder('processed', bounceId);
    expect(await probe.ticketFor(bounceId)).toBe(number); // fetched again, it is a duplicate
    expect((await ticket(number)).comments).toEqual([]); // a bounce is no comment from the requester
  });

  it('parks a bounce of a mail the desk never sent in the failed folder with the reason', async () => {
    const bounceId = uniqueId('stray-bounce');
    await desk.mailbox!.deliver(bounceOf('bounce-rfc3464.eml', { number: 'XX-000001', originalId: 'campaign-77@marketing.example', recipient: 'someone@corp.example', bounceId }));
    expect(await failureReason(bounceId)).toBe('a bounce that matches no ticket: none of <campaign-77@marketing.example> is a mail the desk sent');
  });

  it('reports a delay warning to no ticket: nothing bounced', async () => {
    const before = (await probe.view()).stats;
    const warningId = uniqueId('delay');
    await desk.mailbox!.deliver(bounceOf('bounce-delayed.eml', { number: 'RW-000001', originalId: deskId('RW-000001', 'ack'), recipient: 'alice@corp.example', bounceId: warningId }));
    await probe.inFolder('processed', warningId);
    const after = (await probe.view()).stats;
    expect([after.bounces - before.bounces, after.ignoredAutomated - before.ignoredAutomated]).toEqual([0, 1]);
  });
});

describe('spam', () => {
  it('moves mail the filter marked as spam to the spam folder: no ticket, no answer', async () => {
    const before = (await probe.view()).stats;
    const sent = desk.smtp.messages.length;
    await deliverFixture('spam-flagged.eml', 'spam-01@deals.example');
    await probe.inFolder('Junk', 'spam-01@deals.example');
    expect(await desk.db.get("SELECT * FROM ticket_numbers WHERE idempotency_key = 'mail:spam-01@deals.example'")).toBeUndefined();
    expect(desk.smtp.messages.slice(sent).filter((m) => m.envelope.rcptTo.includes('promo@corp.example'))).toEqual([]);
    const after = (await probe.view()).stats;
    expect([after.spam - before.spam, after.tickets - before.tickets]).toEqual([1, 0]);
  });
});

async function deliverFixture(name: string, messageId: string): Promise<string> {
  await desk.mailbox!.deliver(readFileSync(`test/fixtures/mail/${name}`));
  return messageId;
}

async function deliverRequest(messageId: string): Promise<string> {
  await desk.mailbox!.deliver(buildMail({ from: 'alice@corp.example', subject: '打印机卡纸', messageId, body: '三楼打印机卡纸' }));
  return probe.ticketFor(messageId);
}

