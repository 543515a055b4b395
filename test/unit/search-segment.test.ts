import { describe, expect, it } from 'vitest';
import { coverage, matchExpression, queryTerms, segmentForIndex } from '../../search/segment';

describe('segmentForIndex', () => {
  const cases = [
    { given: '打印机', expect: { words: '打印 印机', chars: '打 印 机' } },
    { given: '网', expect: { words: '网', chars: '网' } },
    { given: 'VPN连接失败 0x0000011b', expect: { words: 'vpn 连接 接失 失败 0x0000011b', chars: '连 接 失 败' } },
    { given: 'Ｗｉｎ１０系统', expect: { words: 'win10 系统', chars: '系 统' } }, // full-width folded
    { given: 'Outlook, please!', expect: { words: 'outlook, please!', chars: '' } },
  ];
  for (const c of cases) it(`segments ${c.given}`, () => expect(segmentForIndex(c.given)).toEqual(c.expect));
});

describe('queryTerms and matchExpression', () => {
  const cases = [
    { given: '打印', strict: '{w} : "打印"' },
    { given: '打印机', strict: '{w} : "打印" + "印机"' },
    { given: '屏', strict: 'c : "屏"' },
    { given: '0x0000011b', strict: '{w} : "0x0000011b"' },
    { given: 'ERR_CONNECTION_RESET', strict: '{w} : "err" + "connection" + "reset"' },
    { given: 'vpn 连接', strict: '{w} : "vpn" AND {w} : "连接"' },
    { given: 'say "hi"', strict: '{w} : "say" AND {w} : "hi"' }, // quotes never reach FTS5 syntax
    { given: '打印 打印', strict: '{w} : "打印"' },
  ];
  for (const c of cases)
    it(`builds the strict expression for ${c.given}`, () => expect(matchExpression(queryTerms(c.given), ['w'], 'c', 'strict')).toBe(c.strict));

  it('ORs every bigram, word and character in loose mode', () =>
    expect(matchExpression(queryTerms('打印机 vpn 屏'), ['w'], 'c', 'loose')).toBe('{w} : "打印" OR {w} : "印机" OR {w} : "vpn" OR c : "屏"'));

  it('gives no expression for punctuation only', () => expect(matchExpression(queryTerms(' ，。!? '), ['w'], 'c', 'strict')).toBeNull());
});

describe('coverage', () => {
  const indexed = segmentForIndex('网络打印机无法连接 printers 0x0000011b');
  const cases = [
    { units: ['打印', '印机'], expect: { matched: 2, share: 1 } },
    { units: ['打印', '速度'], expect: { matched: 1, share: 0.5 } },
    { units: ['printer'], expect: { matched: 1, share: 1 } }, // stemmed forms count
    { units: ['0x0000011b', 'vpn'], expect: { matched: 1, share: 0.5 } },
    { units: [], expect: { matched: 0, share: 0 } },
  ];
  for (const c of cases) it(`counts ${c.units.join(',') || 'nothing'}`, () => expect(coverage(c.units, indexed)).toEqual(c.expect));
});
