// A keyword the ticket writes never exceeds what Temporal accepts, whatever the input.
import { describe, expect, it } from 'vitest';
import { fitKeyword, KEYWORD_MAX_BYTES } from '../../workflows/searchAttributes';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('fitKeyword', () => {
  const cases = [
    { given: 'li.na', kept: true },
    { given: 'alice@corp.example', kept: true },
    { given: 'x'.repeat(2_049), kept: false },
    { given: '张'.repeat(2_049), kept: false },
    { given: '😀'.repeat(600), kept: false },
    { given: 'a' + '\uD800'.repeat(900), kept: false }, // lone surrogates
  ];
  it.each(cases)('fits $given.length code units', ({ given, kept }) => {
    const fitted = fitKeyword(given);
    expect(bytes(fitted)).toBeLessThanOrEqual(KEYWORD_MAX_BYTES);
    expect(given.startsWith(fitted)).toBe(true);
    if (kept) expect(fitted).toBe(given);
    else expect(bytes(fitted)).toBeGreaterThan(KEYWORD_MAX_BYTES - 4);
  });
});
