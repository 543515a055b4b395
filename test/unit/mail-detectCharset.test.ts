import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { candidateOf, decodeUndeclared, detectCharset } from '../../mail/detectCharset';
import { AMBIGUOUS_WITHOUT_HINT, CHARSET_SAMPLES } from '../fixtures/mail/charsetSamples';

const samples = Object.entries(CHARSET_SAMPLES).flatMap(([charset, kinds]) =>
  Object.entries(kinds).flatMap(([kind, texts]) => texts.map((text) => ({ charset, kind, text }))),
);

describe('detectCharset on undeclared 8-bit text', () => {
  const clear = samples.filter((s) => !AMBIGUOUS_WITHOUT_HINT.has(`${s.charset}:${s.text}`));
  it.each(clear)('reads the $charset $kind "$text" back', ({ charset, text }) => {
    expect(decodeUndeclared(iconv.encode(text, charset))).toBe(text);
  });

  const ambiguous = samples.filter((s) => AMBIGUOUS_WITHOUT_HINT.has(`${s.charset}:${s.text}`));
  it.each(ambiguous)('reads the $charset $kind "$text" back when the mail declares $charset elsewhere', ({ charset, text }) => {
    expect(decodeUndeclared(iconv.encode(text, charset), { preferred: [charset] })).toBe(text);
  });

  it('keeps a clear reading against a wrong hint: a GBK subject in a mail that declares Big5', () => {
    expect(decodeUndeclared(iconv.encode('打印机无法打印', 'gbk'), { preferred: ['big5'] })).toBe('打印机无法打印');
  });

  it('says nothing about plain ASCII', () => {
    expect(detectCharset(Buffer.from('printer offline'))).toBeNull();
    expect(decodeUndeclared(Buffer.from('printer offline'))).toBe('printer offline');
  });

  it('never invents text from bytes no candidate reads: replaced, not dropped', () => {
    // 0x81 alone is a lead byte without its trail in every CJK candidate and unassigned in windows-1252.
    const text = decodeUndeclared(Buffer.from([0x41, 0x81]));
    expect(text.startsWith('A')).toBe(true);
    expect(text.length).toBeGreaterThan(1);
  });
});

describe('candidateOf', () => {
  const cases = [
    { given: 'GB2312', expect: 'gb18030' },
    { given: 'x-gbk', expect: 'gb18030' },
    { given: 'Big5-HKSCS', expect: 'big5' },
    { given: 'Shift-JIS', expect: 'shift_jis' },
    { given: 'ISO-8859-1', expect: 'windows-1252' },
    { given: 'UTF8', expect: 'utf-8' },
    { given: 'koi8-r', expect: null },
    { given: null, expect: null },
  ];
  it.each(cases)('$given → $expect', ({ given, expect: want }) => expect(candidateOf(given)).toBe(want));
});
