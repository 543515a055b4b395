// Mail from the real world through a real mailbox: Dovecot in, the mailbox and ticket workflows
// on the Temporal dev server, the SMTP sink out. Undeclared charsets, broken senders, bounces of
// the desk's own notices and spam, each as a mail server would deliver it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { bundleWorkflows } from '../../temporal/workers';
import { fastSlaYaml } from '../support/fastSla';
import { buildMail } from '../support/mailBuilder';
import { mailboxProbe } from '../support/mailboxProbe';
import { startTestDesk, type TestDesk } from '../support/testDesk';

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
    { mailbox: {} },
  );
  probe = mailboxProbe(desk);
}, 180_000);
afterAll(async () => desk?.stop());

let sequence = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${++sequence}@corp.example`;
const fixture = (name: string) => readFileSync(`test/fixtures/mail/${name}`, 'utf8');
const deskId = (number: string, event: string) => `${number.toLowerCase()}.${event}@itdesk.corp.example`;

/**
 * A bounce fixture made to bounce this desk's notice: the fixture's original notice (ticket
 * IT-000124 of desk.example.com, to zhang.san@corp.example) becomes `originalId` of `number` to
 * `recipient`, and the bounce gets a Message-ID of its own.
 */
function bounceOf(name: string, opts: { number: string; originalId: string; recipient: string; bounceId: string }): Buffer {
  const text = fixture(name)
    .replaceAll('it-000124.ack@desk.example.com', opts.originalId)
    .replaceAll('IT-000124', opts.number)
    .replaceAll('zhang.san@corp.example', opts.recipient)
    .replace(/^Message-ID: <[^>]+>/m, `Message-ID: <${opts.bounceId}>`);
  return Buffer.from(text, 'utf8');
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
      Buffer.from(fixture('out-of-office.eml')),
      bounceOf('bounce-rfc3464.eml', { number, originalId: deskId(number, 'ack'), recipient: 'alice@corp.example', bounceId: uniqueId('rw-bounce') }),
      Buffer.from(fixture('mailer-daemon-local.eml')),
      Buffer.from(fixture('spam-flagged.eml')),
      Buffer.from(`To: helpdesk@corp.example\r\nSubject: no sender\r\nMessage-ID: <${uniqueId('rw-nobody')}>\r\n\r\nwho am I?\r\n`),
      buildMail({ from: 'someone@example.net', subject: 'Please fix my home PC', messageId: uniqueId('rw-outsider'), body: 'hi' }),
    ];
    for (const raw of raws) await desk.mailbox!.deliver(raw);
    await probe.inboxDrained();

    const handle = desk.client.workflow.getHandle(desk.mailbox!.workflowId);
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, history, handle.workflowId);
    if (process.env.RECORD_HISTORIES?.startsWith('mailbox-')) {
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync(join('test/fixtures/histories', `${process.env.RECORD_HISTORIES}.json`), json);
    }
  }, 120_000);
});

async function deliverRequest(messageId: string): Promise<string> {
  await desk.mailbox!.deliver(buildMail({ from: 'alice@corp.example', subject: '打印机卡纸', messageId, body: '三楼打印机卡纸' }));
  return probe.ticketFor(messageId);
}

