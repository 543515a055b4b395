import { describe, expect, it } from 'vitest';
import { findUuencodedBlocks, uudecode } from '../../mail/uuencode';

// Made with Python's binascii.b2a_uu (backtick=True), 45 bytes a line: every byte value, then "itdesk".
const ALL_BYTES = [
  'M``$"`P0%!@<("0H+#`T.#Q`1$A,4%187&!D:&QP=\'A\\@(2(C)"4F)R@I*BLL',
  'M+2XO,#$R,S0U-C<X.3H[/#T^/T!!0D-$149\'2$E*2TQ-3D]045)35%565UA9',
  'M6EM<75Y?8&%B8V1E9F=H:6IK;&UN;W!Q<G-T=79W>\'EZ>WQ]?G^`@8*#A(6&',
  'MAXB)BHN,C8Z/D)&2DY25EI>8F9J;G)V>GZ"AHJ.DI::GJ*FJJZRMKJ^PL;*S',
  'MM+6VM[BYNKN\\O;Z_P,\'"P\\3%QL?(R<K+S,W.S]#1TM/4U=;7V-G:V]S=WM_@',
  'EX>+CY.7FY^CIZNOL[>[O\\/\'R\\_3U]O?X^?K[_/W^_VET9&5S:P``',
];
const allBytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('itdesk')]);

describe('uudecode', () => {
  const cases = [
    { name: 'the classic example, backtick for zero', given: 'begin 644 cat.txt\n#0V%T\n`\nend\n', expect: { filename: 'cat.txt', bytes: Buffer.from('Cat') } },
    { name: 'an old encoder writing spaces for zero', given: 'begin 644 cat.txt\r\n#0V%T\r\n \r\nend\r\n', expect: { filename: 'cat.txt', bytes: Buffer.from('Cat') } },
    { name: 'every byte value over several lines', given: ['begin 0644 bytes.bin', ...ALL_BYTES, '`', 'end'].join('\n'), expect: { filename: 'bytes.bin', bytes: allBytes } },
    { name: 'trailing spaces stripped in transit', given: 'begin 644 z.bin\n# (   \n\nend', expect: { filename: 'z.bin', bytes: Buffer.from([0x00, 0x80, 0x00]) } },
    { name: 'text before the begin line is ignored', given: 'uuencoded by Outlook Express\n\nbegin 600 a b.txt\n#0V%T\n`\nend', expect: { filename: 'a b.txt', bytes: Buffer.from('Cat') } },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => expect(uudecode(given)).toEqual(want));

  const refused = [
    { name: 'no begin line', given: '#0V%T\n`\nend' },
    { name: 'no end line (cut off)', given: 'begin 644 cat.txt\n#0V%T\n`\n' },
    { name: 'begin-base64 is another format', given: 'begin-base64 644 cat.txt\nQ2F0\n====\n' },
    { name: 'a line that is not uuencode', given: 'begin 644 cat.txt\nthis is prose, not data {}\nend' },
  ];
  it.each(refused)('refuses $name', ({ given }) => expect(uudecode(given)).toBeNull());
});

describe('findUuencodedBlocks', () => {
  it('finds each block in a text body with where it stands', () => {
    const text = 'Hi,\nthe log is attached.\n\nbegin 644 cat.txt\n#0V%T\n`\nend\n\nand the dump:\nbegin 644 z.bin\n# (`\n`\nend\nThanks\n';
    const blocks = findUuencodedBlocks(text);
    expect(blocks.map((b) => [b.filename, b.bytes.toString('hex')])).toEqual([['cat.txt', '436174'], ['z.bin', '008000']]);
    expect(text.slice(blocks[0].start, blocks[0].end)).toBe('begin 644 cat.txt\n#0V%T\n`\nend');
    expect(text.slice(blocks[1].end)).toBe('\nThanks\n');
  });

  it('leaves prose that only starts like a block alone', () => {
    expect(findUuencodedBlocks('We begin 644 tests tomorrow.\nbegin 644 plans\nnothing here\nend of story\n')).toEqual([]);
  });
});
