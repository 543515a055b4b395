import { describe, expect, it } from 'vitest';
import { InvalidTicketNumberError, findTicketTag, formatTicketNumber, tagSubject } from '../../mail/ticketTag';

describe('findTicketTag', () => {
  const cases = [
    { given: '[IT-000123] 打印机无法打印', expect: 'IT-000123' },
    { given: 'Re: [IT-000123] 打印机无法打印', expect: 'IT-000123' },
    { given: '回复: [IT-000123] 打印机无法打印', expect: 'IT-000123' },
    { given: '回复：答复：[IT-000123] 打印机无法打印', expect: 'IT-000123' },
    { given: '转发: Fwd: RE: [IT-000123] VPN', expect: 'IT-000123' },
    { given: '【IT-000123】打印机无法打印', expect: 'IT-000123' },
    { given: '［ＩＴ－０００１２３］全角括号和数字', expect: 'IT-000123' },
    { given: '[ IT - 000123 ] spaces inside', expect: 'IT-000123' },
    { given: '[it-123] short lowercase number', expect: 'IT-000123' },
    { given: '[IT-1234567] seven digits', expect: 'IT-1234567' },
    { given: 'Re: [IT-000124] Fwd: [IT-000100] the outermost tag wins', expect: 'IT-000124' },
    { given: '打印机无法打印 IT-000123', expect: null },
    { given: '[IT] 没有编号', expect: null },
    { given: '[IT-000000] no ticket zero', expect: null },
    { given: '', expect: null },
  ];
  it.each(cases)('finds $expect in "$given"', ({ given, expect: want }) => {
    expect(findTicketTag(given)).toBe(want);
  });
});

describe('tagSubject', () => {
  const cases = [
    { given: { number: 'IT-000123', subject: '打印机无法打印' }, expect: '[IT-000123] 打印机无法打印' },
    { given: { number: 123, subject: 'Printer offline' }, expect: '[IT-000123] Printer offline' },
    { given: { number: 'IT-000123', subject: 'Re: 打印机无法打印' }, expect: 'Re: [IT-000123] 打印机无法打印' },
    { given: { number: 'IT-000123', subject: '回复：答复：打印机无法打印' }, expect: '回复：答复： [IT-000123] 打印机无法打印' },
    { given: { number: 'IT-000123', subject: '[IT-000123] 已受理' }, expect: '[IT-000123] 已受理' },
    { given: { number: 'IT-000123', subject: 'Re: 【IT-000123】已受理' }, expect: 'Re: 【IT-000123】已受理' },
    { given: { number: 'IT-000123', subject: '' }, expect: '[IT-000123]' },
    { given: { number: 'IT-000124', subject: 'Re: [IT-000123] merged' }, expect: 'Re: [IT-000124] [IT-000123] merged' },
  ];
  it.each(cases)('tags "$given.subject" with $given.number', ({ given, expect: want }) => {
    expect(tagSubject(given.number, given.subject)).toBe(want);
  });

  it('never adds the tag twice, however often it is applied', () => {
    const once = tagSubject('IT-000123', 'Re: VPN');
    expect(tagSubject('IT-000123', tagSubject('IT-000123', once))).toBe(once);
  });

  it('refuses something that is not a ticket number', () => {
    expect(() => tagSubject('INC-5x', 'x')).toThrow(InvalidTicketNumberError);
  });
});

describe('formatTicketNumber', () => {
  const cases = [
    { given: 'IT-000123', expect: 'IT-000123' },
    { given: 'it-123', expect: 'IT-000123' },
    { given: 123, expect: 'IT-000123' },
    { given: ' 000123 ', expect: 'IT-000123' },
    // The prefix is configurable (desk.yaml ticketPrefix): another prefix is kept.
    { given: 'INC-123', expect: 'INC-000123' },
    { given: 'TOOLONGPFX-123', expect: null },
    { given: 0, expect: null },
    { given: 'IT-12a', expect: null },
  ];
  it.each(cases)('formats $given as $expect', ({ given, expect: want }) => {
    expect(formatTicketNumber(given)).toBe(want);
  });
});
