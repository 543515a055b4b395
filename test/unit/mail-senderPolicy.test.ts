import { describe, expect, it } from 'vitest';
import { InvalidAddressPatternError, matchesAddressPattern } from '../../mail/addressPattern';
import { decideSender } from '../../mail/senderPolicy';

const policy = {
  allowDomains: ['corp.example', 'hk.corp.example'],
  denyPatterns: ['former.*@corp.example', '/^test\\d+@corp\\.example$/'],
  allowPatterns: ['*@vendor-printers.example', 'ops@partner.example'],
};

describe('decideSender', () => {
  const cases = [
    { given: 'zhang.san@corp.example', expect: { allowed: true, reason: 'allowed-domain', domain: 'corp.example' } },
    { given: 'Zhang.San@CORP.example', expect: { allowed: true, reason: 'allowed-domain', domain: 'corp.example' } },
    { given: 'chan.taiman@hk.corp.example', expect: { allowed: true, reason: 'allowed-domain', domain: 'hk.corp.example' } },
    { given: 'someone@sh.corp.example', expect: { allowed: false, reason: 'outside-allowed-domains', domain: 'sh.corp.example' } },
    { given: 'stranger@gmail.com', expect: { allowed: false, reason: 'outside-allowed-domains', domain: 'gmail.com' } },
    { given: 'service@vendor-printers.example', expect: { allowed: true, reason: 'allow-pattern', pattern: '*@vendor-printers.example' } },
    { given: 'former.employee@corp.example', expect: { allowed: false, reason: 'deny-pattern', pattern: 'former.*@corp.example' } },
    { given: 'test42@corp.example', expect: { allowed: false, reason: 'deny-pattern', pattern: '/^test\\d+@corp\\.example$/' } },
    { given: 'not-an-address', expect: { allowed: false, reason: 'invalid-address' } },
    { given: '', expect: { allowed: false, reason: 'invalid-address' } },
  ];
  it.each(cases)('$given → $expect.reason', ({ given, expect: want }) => {
    expect(decideSender(given, policy)).toEqual(want);
  });

  it('lets a deny pattern win over an allow pattern', () => {
    const decision = decideSender('spam@vendor-printers.example', { ...policy, denyPatterns: ['spam@*'] });
    expect(decision).toEqual({ allowed: false, reason: 'deny-pattern', pattern: 'spam@*' });
  });

  it('only opens tickets for the organisation by default (no patterns given)', () => {
    expect(decideSender('a@corp.example', { allowDomains: ['corp.example'] }).allowed).toBe(true);
    expect(decideSender('a@partner.example', { allowDomains: ['corp.example'] }).allowed).toBe(false);
  });
});

describe('matchesAddressPattern', () => {
  const cases = [
    { given: { address: 'zabbix@monitor.corp.example', pattern: '*@monitor.corp.example' }, expect: true },
    { given: { address: 'Zabbix@Monitor.Corp.Example', pattern: '*@monitor.corp.example' }, expect: true },
    { given: { address: 'zabbix@evilmonitor.corp.example', pattern: '*@monitor.corp.example' }, expect: false },
    { given: { address: 'alerts-1@corp.example', pattern: 'alerts-?@corp.example' }, expect: true },
    { given: { address: 'alerts-12@corp.example', pattern: 'alerts-?@corp.example' }, expect: false },
    { given: { address: 'a@sh.corp.example', pattern: '*.corp.example' }, expect: true },
    { given: { address: 'a@corp.example', pattern: '*.corp.example' }, expect: false },
    { given: { address: 'a@corpXexample', pattern: '*@corp.example' }, expect: false },
    { given: { address: 'noc-7@corp.example', pattern: '/^noc-\\d+@corp\\.example$/' }, expect: true },
  ];
  it.each(cases)('$given.pattern matches $given.address: $expect', ({ given, expect: want }) => {
    expect(matchesAddressPattern(given.address, given.pattern)).toBe(want);
  });

  it('reports a broken regular expression by name', () => {
    expect(() => matchesAddressPattern('a@b.example', '/([/')).toThrow(InvalidAddressPatternError);
  });
});
