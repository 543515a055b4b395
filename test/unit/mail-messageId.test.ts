import { describe, expect, it } from 'vitest';
import {
  InvalidDeskMessageIdInputError,
  deskMessageId,
  normaliseMessageId,
  parseMessageIdList,
  safeEventKey,
  ticketNumberFromDeskMessageId,
} from '../../mail/messageId';

const domain = 'desk.example.com';

describe('deskMessageId', () => {
  const cases = [
    { given: { ticketNumber: 'IT-000123', eventKey: 'ack', domain }, expect: '<it-000123.ack@desk.example.com>' },
    { given: { ticketNumber: 123, eventKey: 'comment-17', domain }, expect: '<it-000123.comment-17@desk.example.com>' },
    { given: { ticketNumber: 'IT-000123', eventKey: 'resolution.warn_75', domain: 'Desk.Example.COM' }, expect: '<it-000123.resolution.warn_75@desk.example.com>' },
  ];
  it.each(cases)('gives $expect', ({ given, expect: want }) => {
    expect(deskMessageId(given)).toBe(want);
  });

  it('gives the same id for the same inputs, so a retried send reuses it', () => {
    const input = { ticketNumber: 'IT-000123', eventKey: 'ack', domain };
    expect(deskMessageId(input)).toBe(deskMessageId({ ...input }));
  });

  const invalid = [
    { given: { ticketNumber: 'TOOLONGPFX-1', eventKey: 'ack', domain } },
    { given: { ticketNumber: 'IT-000123', eventKey: 'ack', domain: 'localhost' } },
  ];
  it.each(invalid)('refuses $given (the desk made these, so they are bugs)', ({ given }) => {
    expect(() => deskMessageId(given)).toThrow(InvalidDeskMessageIdInputError);
  });

  // RFC 5322 msg-id with dot-atom-text on both sides (what the desk writes).
  const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const MSG_ID = new RegExp(`^<${ATEXT}(\\.${ATEXT})*@${ATEXT}(\\.${ATEXT})*>$`);
  const unsafe = [
    { name: 'an assignee named 张伟', eventKey: 'assigned-张伟' },
    { name: 'a space', eventKey: 'assigned-zhang wei' },
    { name: 'a NUL', eventKey: 'assigned-zhang\u0000wei' },
    { name: 'a lone high surrogate', eventKey: 'assigned-\ud800' },
    { name: 'a lone low surrogate', eventKey: 'assigned-\udc00' },
    { name: 'a colon', eventKey: 'sla:breach' },
    { name: 'only Chinese', eventKey: '受理' },
    { name: 'nothing at all', eventKey: '' },
    { name: 'angle brackets and an @', eventKey: 'assigned-<evil@x>' },
    { name: 'a dot at the start and two in a row', eventKey: '.assigned..x' },
    { name: '2,049 characters', eventKey: `assigned-${'a'.repeat(2040)}` },
  ];
  it.each(unsafe)('gives a valid msg-id for an event key with $name', ({ eventKey }) => {
    const id = deskMessageId({ ticketNumber: 'IT-000123', eventKey, domain });
    expect(id).toMatch(MSG_ID);
    expect(id.length).toBeLessThan(120);
    expect(deskMessageId({ ticketNumber: 'IT-000123', eventKey, domain })).toBe(id); // a retry reuses it
    expect(ticketNumberFromDeskMessageId(id, [domain])).toBe('IT-000123'); // replies still thread
  });

  it('keeps different unsafe keys apart, lone surrogates included', () => {
    const ids = unsafe.map(({ eventKey }) => deskMessageId({ ticketNumber: 'IT-000123', eventKey, domain }));
    expect(new Set(ids).size).toBe(ids.length);
    expect(safeEventKey('assigned-\ud800')).not.toBe(safeEventKey('assigned-\ud801'));
    expect(safeEventKey('assigned-张伟')).not.toBe(safeEventKey('assigned-张三'));
  });

  it('keeps keys that were already safe as they were, so ids of mails sent before do not change', () => {
    for (const key of ['ack', 'comment-17', 'assigned-zhang.wei', 'pending-reminder-5', 'esc-response-1-75', 'resolution.warn_75'])
      expect(safeEventKey(key)).toBe(key);
  });
});

describe('ticketNumberFromDeskMessageId', () => {
  const domains = ['desk.example.com', 'itdesk.corp.example'];
  const cases = [
    { given: '<it-000123.ack@desk.example.com>', expect: 'IT-000123' },
    { given: 'it-000123.comment-17@DESK.example.com', expect: 'IT-000123' },
    { given: '<IT-000042.ack@itdesk.corp.example>', expect: 'IT-000042' },
    { given: '<it-000123.ack@other.example.com>', expect: null },
    { given: '<it-000123@desk.example.com>', expect: null },
    { given: '<20261125091500.A1B2@desk.example.com>', expect: null },
    { given: '', expect: null },
  ];
  it.each(cases)('reads $given as $expect', ({ given, expect: want }) => {
    expect(ticketNumberFromDeskMessageId(given, domains)).toBe(want);
  });

  it('reads back every id the desk makes', () => {
    const id = deskMessageId({ ticketNumber: 'IT-000777', eventKey: 'escalation-2', domain });
    expect(ticketNumberFromDeskMessageId(id, [domain])).toBe('IT-000777');
  });
});

describe('normaliseMessageId', () => {
  const cases = [
    { given: '<ABC.123@Mail.Corp.Example>', expect: 'ABC.123@mail.corp.example' },
    { given: '  <abc@corp.example> ', expect: 'abc@corp.example' },
    { given: 'abc@corp.example', expect: 'abc@corp.example' },
    { given: '<abc@corp.example> (Zhang San\'s message)', expect: 'abc@corp.example' },
    { given: '<>', expect: null },
    { given: '', expect: null },
    { given: null, expect: null },
  ];
  it.each(cases)('normalises $given to $expect', ({ given, expect: want }) => {
    expect(normaliseMessageId(given)).toBe(want);
  });
});

describe('parseMessageIdList', () => {
  const cases = [
    { given: '<a@x.example> <b@Y.example>', expect: ['a@x.example', 'b@y.example'] },
    { given: '<a@x.example><b@x.example>', expect: ['a@x.example', 'b@x.example'] },
    { given: '<a@x.example>\r\n <b@x.example> <a@x.example>', expect: ['a@x.example', 'b@x.example'] },
    { given: 'a@x.example b@x.example', expect: ['a@x.example', 'b@x.example'] },
    { given: null, expect: [] },
  ];
  it.each(cases)('reads $given', ({ given, expect: want }) => {
    expect(parseMessageIdList(given)).toEqual(want);
  });
});
