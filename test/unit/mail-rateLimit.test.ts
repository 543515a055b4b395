import { describe, expect, it } from 'vitest';
import { shouldAcknowledge } from '../../mail/rateLimit';

const now = Date.parse('2026-11-26T10:00:00+08:00');
const secondsAgo = (s: number) => now - s * 1000;
const threePerHour = { max: 3, perSeconds: 3600 };

describe('shouldAcknowledge', () => {
  const cases = [
    { name: 'first mail from a sender', given: { history: [], limit: threePerHour }, expect: true },
    { name: 'two acks in the last hour, limit three', given: { history: [secondsAgo(60), secondsAgo(600)], limit: threePerHour }, expect: true },
    { name: 'three acks in the last hour, limit three', given: { history: [secondsAgo(1), secondsAgo(60), secondsAgo(3599)], limit: threePerHour }, expect: false },
    { name: 'an ack exactly one window ago no longer counts', given: { history: [secondsAgo(1), secondsAgo(60), secondsAgo(3600)], limit: threePerHour }, expect: true },
    { name: 'old acks do not count', given: { history: [secondsAgo(7200), secondsAgo(9000), secondsAgo(86400)], limit: threePerHour }, expect: true },
    { name: 'acks stamped in the future (clock skew) count', given: { history: [now + 5000, secondsAgo(1), secondsAgo(2)], limit: threePerHour }, expect: false },
    { name: 'a limit of zero never acknowledges', given: { history: [], limit: { max: 0, perSeconds: 60 } }, expect: false },
    { name: 'unsorted history is fine', given: { history: [secondsAgo(9000), secondsAgo(10), secondsAgo(8000)], limit: { max: 2, perSeconds: 60 } }, expect: true },
  ];
  it.each(cases)('$name → $expect', ({ given, expect: want }) => {
    expect(shouldAcknowledge(given.history, now, given.limit)).toBe(want);
  });

  it('rejects a window that is not positive', () => {
    expect(() => shouldAcknowledge([], now, { max: 1, perSeconds: 0 })).toThrow();
  });
});
