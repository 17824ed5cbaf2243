// The outbound address policy as a table: which addresses are public, and what the allow-list opens.
import { describe, expect, it } from 'vitest';
import { checkAddresses, compileAllowList, EMPTY_ALLOW_LIST, forbiddenRange, OutboundRefused } from '../../../server/net/address-policy.js';

describe('forbiddenRange', () => {
  it('lets public unicast through', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(forbiddenRange(a), a).toBeNull();
  });
  it('names every other range, IPv4-mapped forms judged as IPv4', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['10.0.0.1', 'private'], ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'], ['169.254.169.254', 'linkLocal'], ['fe80::1', 'linkLocal'], ['fd00:ec2::254', 'uniqueLocal'],
      ['100.100.100.200', 'carrierGradeNat'], ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.1', 'multicast'], ['255.255.255.255', 'broadcast'],
      ['2002:7f00:1::', '6to4'], ['::ffff:10.0.0.1', 'private'],
    ];
    for (const [a, range] of cases) expect(forbiddenRange(a), a).toBe(range);
    expect(forbiddenRange('not an address')).toBe('invalid');
  });
});

describe('checkAddresses', () => {
  const refused = (host: string, addresses: string[], entries: string[] = []) => {
    try {
      checkAddresses(host, addresses, entries.length ? compileAllowList(entries) : EMPTY_ALLOW_LIST);
      return false;
    } catch (err) {
      expect(err).toBeInstanceOf(OutboundRefused);
      return true;
    }
  };
  it('refuses a name if any one of its addresses is not public, and a name with none', () => {
    expect(refused('hooks.example.com', ['93.184.216.34'])).toBe(false);
    expect(refused('hooks.example.com', ['93.184.216.34', '10.0.0.5'])).toBe(true);
    expect(refused('hooks.example.com', [])).toBe(true);
  });
  it('opens allow-listed ranges, addresses and host names only', () => {
    expect(refused('hooks.internal', ['10.1.2.3'], ['10.0.0.0/8'])).toBe(false);
    expect(refused('hooks.internal', ['10.1.2.3', '192.168.0.1'], ['10.0.0.0/8'])).toBe(true);
    expect(refused('::1', ['::1'], ['::1'])).toBe(false);
    expect(refused('::ffff:127.0.0.1', ['::ffff:127.0.0.1'], ['127.0.0.1'])).toBe(false);
    expect(refused('Hooks.Internal', ['127.0.0.1'], ['hooks.internal'])).toBe(false);
    expect(refused('other.internal', ['127.0.0.1'], ['hooks.internal'])).toBe(true);
  });
});
