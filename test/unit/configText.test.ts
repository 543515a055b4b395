// Config files must be UTF-8: every way a file can fail to be, one row each, and where it is said.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeConfigText, firstInvalidUtf8 } from '../../config/configText';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('firstInvalidUtf8', () => {
  const cases = [
    { given: 'ASCII', input: Buffer.from('name: IT desk\n'), expect: -1 },
    { given: 'Chinese in UTF-8', input: Buffer.from('name: 服务台\n'), expect: -1 },
    { given: 'an emoji (4 bytes)', input: Buffer.from('x: 🖨\n'), expect: -1 },
    { given: 'Chinese in GBK', input: Buffer.concat([Buffer.from('name: '), iconv.encode('服务台', 'gbk')]), expect: 6 },
    { given: 'Latin-1 é', input: bytes(0x63, 0x61, 0x66, 0xe9, 0x0a), expect: 3 },
    { given: 'a lone continuation byte', input: bytes(0x61, 0x80), expect: 1 },
    { given: 'an overlong slash (C0 AF)', input: bytes(0xc0, 0xaf), expect: 0 },
    { given: 'an overlong three-byte form (E0 80 AF)', input: bytes(0xe0, 0x80, 0xaf), expect: 0 },
    { given: 'an encoded surrogate (ED A0 80)', input: bytes(0xed, 0xa0, 0x80), expect: 0 },
    { given: 'a code point past U+10FFFF (F4 90 80 80)', input: bytes(0xf4, 0x90, 0x80, 0x80), expect: 0 },
    { given: 'a sequence cut off at the end', input: bytes(0x61, 0xe6, 0x9c), expect: 1 },
  ];
  it.each(cases)('$given: $expect', ({ input, expect: expected }) => {
    expect(firstInvalidUtf8(input)).toBe(expected);
  });
});

describe('decodeConfigText', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decodeConfigText('desk.yaml', Buffer.from('name: 服务台\n'))).toEqual({ ok: true, text: 'name: 服务台\n' });
    expect(decodeConfigText('desk.yaml', Buffer.from('\ufeffname: 服务台\n'))).toEqual({ ok: true, text: 'name: 服务台\n' });
  });

  const refused = [
    { given: 'GBK', input: iconv.encode('# 组\nname: 服务台\n', 'gbk'), at: { line: 1, col: 3 }, message: /^the file is not UTF-8 \(byte 0xD7 here\); it looks like GBK\/GB18030/ },
    { given: 'GBK after UTF-8 lines', input: Buffer.concat([Buffer.from('# ok\nname: '), iconv.encode('服务台', 'gbk'), Buffer.from('\n')]), at: { line: 2, col: 7 }, message: /byte 0xB7 here\); it looks like GBK/ },
    { given: 'Latin-1', input: bytes(0x78, 0x3a, 0x20, 0xe9, 0x0a), at: { line: 1, col: 4 }, message: /it is in some other encoding: save it as UTF-8/ },
    { given: 'UTF-16', input: Buffer.from('\ufeffx: 1', 'utf16le'), at: { line: 1, col: 1 }, message: /^the file is UTF-16, not UTF-8/ },
  ];
  it.each(refused)('refuses $given at line $at.line, column $at.col', ({ input, at, message }) => {
    const result = decodeConfigText('groups.yaml', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue).toMatchObject({ file: 'groups.yaml', ...at, severity: 'error' });
    expect(result.issue.message).toMatch(message);
  });
});
