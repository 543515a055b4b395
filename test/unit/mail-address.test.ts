// One notion of a mail address (mail/address.ts) for the mail intake, the sender policy and
// ticket creation: the tables below are checked against all three.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../mail/address';
import { parseInboundMail } from '../../mail/parse';
import { decideSender } from '../../mail/senderPolicy';
import { triageMail, type TriageRules } from '../../mail/triage';
import { RequesterSchema } from '../../ticket/intake';

describe('normaliseAddress', () => {
  const cases = [
    { given: 'Zhang.San@Corp.Example', expect: 'zhang.san@corp.example' },
    { given: ' <alice@corp.example> ', expect: 'alice@corp.example' },
    { given: 'alice@corp.example.', expect: 'alice@corp.example' }, // the root dot of a fully qualified domain
    { given: 'taro.@docomo.ne.jp', expect: 'taro.@docomo.ne.jp' }, // deliverable, though outside RFC 5322
    { given: 'a..b@corp.example', expect: 'a..b@corp.example' },
    { given: "o'brien+it@corp.example", expect: "o'brien+it@corp.example" },
    { given: 'user@xn--fiqs8s.example', expect: 'user@xn--fiqs8s.example' },
    { given: 'mailer-daemon', expect: null },
    { given: 'root@localhost', expect: null },
    { given: 'a@b@corp.example', expect: null },
    { given: '"quoted"@corp.example', expect: null },
    { given: '张三@公司.cn', expect: null },
    { given: 'alice@corp..example', expect: null },
    { given: 'alice@-corp.example', expect: null },
    { given: 'alice@corp.e', expect: null },
    { given: '.@corp.example', expect: null },
    { given: '@corp.example', expect: null },
    { given: `${'a'.repeat(65)}@corp.example`, expect: null },
    { given: `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.example`, expect: null }, // over 254
    { given: '', expect: null },
  ];
  it.each(cases)('$given → $expect', ({ given, expect: want }) => expect(normaliseAddress(given)).toBe(want));

  // The sender check and ticket creation once disagreed: one took `alice@corp.example.` and
  // `taro.@…`, the other refused them, and the mail ended in the failed folder after the check.
  it.each(cases)('the sender policy and ticket creation agree on $given', ({ given }) => {
    const policyTakes = decideSender(given, { allowDomains: ['corp.example', 'docomo.ne.jp', 'xn--fiqs8s.example'] }).reason !== 'invalid-address';
    const intakeTakes = RequesterSchema.safeParse({ name: 'x', email: given }).success;
    expect(policyTakes).toBe(intakeTakes);
  });

  it('ticket creation stores the same normal form the mail intake uses', () => {
    expect(RequesterSchema.parse({ name: 'x', email: 'Zhao.Liu@Corp.Example.' }).email).toBe('zhao.liu@corp.example');
  });
});

const fixture = (name: string) => parseInboundMail(readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url)), { maxAttachmentBytes: 0 });
const rules: TriageRules = { deskAddresses: ['servicedesk@corp.example'], deskDomains: ['itdesk.corp.example'], automationOverrides: [], allowDomains: ['corp.example'], denyPatterns: [], allowPatterns: [] };
const at = new Date('2026-11-27T06:00:00Z');

describe('sender recovery, as a person reading the mail would', () => {
  const cases = [
    { given: 'no-from-reply-to.eml', expect: { from: { name: '张三', address: 'zhang.san@corp.example' }, fromSource: 'reply-to' } },
    { given: 'no-from-sender.eml', expect: { from: { name: 'Li Si', address: 'li.si@corp.example' }, fromSource: 'sender' } },
    { given: 'broken-first-from.eml', expect: { from: { name: '王五', address: 'wang.wu@corp.example' }, fromSource: 'from' } },
    { given: 'trailing-dot-domain.eml', expect: { from: { name: 'Zhao Liu', address: 'zhao.liu@corp.example' }, fromSource: 'from' } },
    { given: 'trailing-dot-local-part.eml', expect: { from: { name: 'Taro', address: 'taro.@corp.example' }, fromSource: 'from' } },
  ];
  it.each(cases)('$given: the sender is $expect.from.address (from $expect.fromSource)', async ({ given, expect: want }) => {
    const mail = await fixture(given);
    expect({ from: mail.from, fromSource: mail.fromSource }).toEqual(want);
    // ... and that sender can open a ticket: the triage's requester passes ticket creation's schema.
    const triaged = triageMail(mail, 1, at, rules, undefined);
    expect(triaged).toMatchObject({ kind: 'mail', sender: { allowed: true }, automation: { automated: false } });
    if (triaged.kind === 'mail') expect(RequesterSchema.parse(triaged.requester).email).toBe(want.from.address);
  });
});

describe('automated mail is recognised before the sender is checked', () => {
  const cases = [
    { given: 'mailer-daemon-local.eml', expect: ['system-sender', 'empty-return-path', 'bounce-subject'] },
    { given: 'empty-return-path-no-from.eml', expect: ['empty-return-path'] },
  ];
  it.each(cases)('$given is automated ($expect), not a mail without a sender', async ({ given, expect: reasons }) => {
    const mail = await fixture(given);
    expect(mail.from).toBeNull();
    expect(triageMail(mail, 1, at, rules, undefined)).toMatchObject({ kind: 'mail', automation: { automated: true, reasons } });
  });

  it('a bare MAILER-DAEMON sender is automated even without a null return path', async () => {
    const mail = await fixture('mailer-daemon-local.eml');
    const triaged = triageMail({ ...mail, subject: 'Transcript', headers: { ...mail.headers, returnPath: null } }, 1, at, rules, undefined);
    expect(triaged).toMatchObject({ kind: 'mail', automation: { automated: true, reasons: ['system-sender'] } });
  });

  it('a human mail without any sender is still unusable', async () => {
    const mail = await fixture('empty-return-path-no-from.eml');
    const triaged = triageMail({ ...mail, headers: { ...mail.headers, returnPath: null } }, 1, at, rules, undefined);
    expect(triaged).toEqual({ kind: 'unusable', uid: 1, messageId: 'empty-return-path-01@gw.corp.example', reason: 'the mail has no sender address (From)' });
  });
});
