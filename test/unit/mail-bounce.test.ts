// Bounces of the desk's own notices, in the shapes mail servers send them (fixtures made by
// test/fixtures/mail/build-fixtures.ts), and the automated mail that is no bounce.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../mail/parse';
import { spamReasons } from '../../mail/spam';
import { triageMail, type TriageRules } from '../../mail/triage';

const rules: TriageRules = { deskAddresses: ['itdesk@corp.example'], deskDomains: ['desk.example.com'], automationOverrides: [], allowDomains: ['corp.example'], denyPatterns: [], allowPatterns: [] };
const at = new Date('2026-11-27T08:00:00Z');
const raw = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const triage = async (given: Buffer) => triageMail(await parseInboundMail(given, { maxAttachmentBytes: 1 << 20 }), 1, at, rules, undefined);
const ACK = 'it-000124.ack@desk.example.com';

describe('recognising bounces of the desk\'s mail', () => {
  const cases = [
    {
      given: 'bounce-rfc3464.eml',
      expect: { recipient: 'zhang.san@corp.example', status: '5.1.1', diagnostic: '550 5.1.1 <zhang.san@corp.example>: Recipient address rejected: User unknown in local recipient table', originalMessageIds: [ACK] },
    },
    {
      given: 'delivery-report.eml', // text/rfc822-headers instead of the whole original
      expect: { recipient: 'former.employee@corp.example', status: '5.1.1', originalMessageIds: [ACK] },
    },
    {
      given: 'bounce-qmail.eml', // no MIME: the original quoted below a marker line
      expect: { recipient: 'zhang.san@corp.example', status: '5.1.1', diagnostic: 'Sorry, no mailbox here by that name. (#5.1.1)', originalMessageIds: [ACK] },
    },
    {
      given: 'bounce-exchange-undeliverable.eml', // HTML explanation, the original attached, not a report
      expect: { recipient: 'zhang.san@corp.example', status: '5.1.10', diagnostic: "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'", originalMessageIds: [ACK] },
    },
    {
      given: 'bounce-coremail-zh.eml', // 系统退信 with the original headers quoted in Chinese text
      expect: { recipient: 'zhang.san@corp.example', diagnostic: '退信原因：收件人邮箱不存在（550 User not found）', originalMessageIds: [ACK] },
    },
    {
      given: 'bounce-in-reply-to.eml', // no copy at all: In-Reply-To, then References newest first
      expect: { recipient: 'zhang.san@corp.example', status: '5.1.1', diagnostic: 'The email account that you tried to reach does not exist. 550 5.1.1', originalMessageIds: [ACK, 'request-124@corp.example'] },
    },
  ];
  it.each(cases)('$given', async ({ given, expect: want }) => {
    const triaged = await triage(raw(given));
    expect(triaged).toMatchObject({ kind: 'mail', automation: { automated: true } });
    expect(triaged.kind === 'mail' && triaged.bounce).toEqual(want);
  });

  const notBounces = [
    { given: 'bounce-delayed.eml', why: 'a delay warning: nothing failed yet' },
    { given: 'read-receipt.eml', why: 'a read receipt is a report but no bounce' },
    { given: 'forwarded-notice.eml', why: 'a person forwarding a notice as an attachment' },
    { given: 'out-of-office.eml', why: 'an auto-reply that names the notice it answers' },
  ];
  it.each(notBounces)('$given is no bounce: $why', async ({ given }) => {
    const triaged = await triage(raw(given));
    expect(triaged.kind === 'mail' && 'bounce' in triaged).toBe(false);
  });

  it('an auto-reply sent with a null return path (as RFC 3834 asks) is no bounce either', async () => {
    const text = raw('out-of-office.eml').toString('latin1').replace('Return-Path: <li.si@corp.example>', 'Return-Path: <>');
    const triaged = await triage(Buffer.from(text, 'latin1'));
    expect(triaged).toMatchObject({ kind: 'mail', automation: { automated: true, reasons: expect.arrayContaining(['empty-return-path']) } });
    expect(triaged.kind === 'mail' && 'bounce' in triaged).toBe(false);
  });

  it('reads the bounced original even when it is too large to keep as an attachment', async () => {
    const mail = await parseInboundMail(raw('bounce-rfc3464.eml'), { maxAttachmentBytes: 10 });
    expect(mail.attachments.find((a) => a.contentType === 'message/rfc822')).toMatchObject({ tooLarge: true });
    expect(mail.report?.embedded).toEqual([{ messageId: ACK, to: ['zhang.san@corp.example'] }]);
  });

  it('a bounce of mail from no one is still a bounce (MAILER-DAEMON without a domain)', async () => {
    const triaged = await triage(raw('mailer-daemon-local.eml'));
    expect(triaged).toMatchObject({ kind: 'mail', bounce: { recipient: 'gone@corp.example', originalMessageIds: [] } });
  });
});

describe('spam marks', () => {
  const none = { xSpamFlag: null, xSpamStatus: null, xSpam: null };
  const cases = [
    { given: { ...none, xSpamFlag: 'YES' }, expect: ['x-spam-flag'] },
    { given: { ...none, xSpamFlag: 'NO' }, expect: [] },
    { given: { ...none, xSpamStatus: 'Yes, score=12.3 required=5.0 tests=BAYES_99' }, expect: ['x-spam-status'] },
    { given: { ...none, xSpamStatus: 'No, score=-0.1 required=5.0' }, expect: [] },
    { given: { ...none, xSpam: 'Yes' }, expect: ['x-spam'] },
    { given: { ...none, xSpam: 'true' }, expect: ['x-spam'] },
    { given: none, expect: [] },
  ];
  it.each(cases)('$given → $expect', ({ given, expect: want }) => expect(spamReasons(given)).toEqual(want));

  it('a flagged mail is triaged as spam, and neither as a ticket nor as automated', async () => {
    const triaged = await triage(raw('spam-flagged.eml'));
    expect(triaged).toMatchObject({ kind: 'mail', spam: { reasons: ['x-spam-flag', 'x-spam-status'] }, automation: { automated: false } });
  });

  it('spam without a usable sender goes to the spam folder, not to the failed folder', async () => {
    const text = raw('spam-flagged.eml').toString('utf8').replace('From: Best Deals <promo@corp.example>', 'From: Best Deals');
    expect(await triage(Buffer.from(text))).toMatchObject({ kind: 'mail', spam: { reasons: ['x-spam-flag', 'x-spam-status'] } });
  });
});
