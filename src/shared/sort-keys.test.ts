import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { blankConnection, SOCKET_STATES, type Connection } from './model';
import { addressSortKey, compareSortKeys, connectionSortKey, NUMERIC_SORT_KEYS } from './sort-keys';

const row = (over: Partial<Connection>): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 80,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: 'ESTABLISHED',
    pid: 7,
    processName: 'nginx',
    ...over,
  });

describe('addressSortKey', () => {
  it('keys the wildcard and the empty address lowest, then IPv4 (numbers), IPv6 and text', () => {
    expect(addressSortKey('*')).toBe(0);
    expect(addressSortKey('')).toBe(0);
    expect(addressSortKey('0.0.0.0')).toBe(1);
    expect(addressSortKey('10.0.0.9')).toBe(1 + 0x0a000009);
    expect(addressSortKey('255.255.255.255')).toBe(2 ** 32);
    expect(addressSortKey('::1')).toBe(`6${'0'.repeat(31)}1`);
    expect(addressSortKey('Localhost')).toBe('9localhost');
  });

  it('orders IPv4 numerically, before IPv6, before names', () => {
    const addrs = ['10.0.0.10', '::1', '10.0.0.9', '*', '2001:db8::1', 'fe80::1%eth0', '192.168.0.1', 'localhost'];
    const sorted = [...addrs].sort((a, b) => compareSortKeys(addressSortKey(a), addressSortKey(b), 1));
    expect(sorted).toEqual([
      '*',
      '10.0.0.9',
      '10.0.0.10',
      '192.168.0.1',
      '::1',
      '2001:db8::1',
      'fe80::1%eth0',
      'localhost',
    ]);
  });

  it('orders numeric IPv4 keys among IPv6 and text keys as their old string form would (4 + 8 hex digits, wildcard 0)', () => {
    const stringKey = (k: number | string): string =>
      typeof k === 'string' ? k : k === 0 ? '0' : `4${(k - 1).toString(16).padStart(8, '0')}`;
    const addr = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4Extended(),
      fc.constantFrom('*', '', '0.0.0.0', '255.255.255.255', '::ffff:10.0.0.1', '::', 'localhost', '1.2.3.256'),
    );
    fc.assert(
      fc.property(fc.array(addr, { maxLength: 30 }), fc.boolean(), (addrs, desc) => {
        const dir = desc ? -1 : 1;
        const byNew = addrs
          .map((a, i) => i)
          .sort(
            (a, b) =>
              compareSortKeys(addressSortKey(addrs[a] as string), addressSortKey(addrs[b] as string), dir) || a - b,
          );
        const byOld = addrs
          .map((a, i) => i)
          .sort(
            (a, b) =>
              compareSortKeys(
                stringKey(addressSortKey(addrs[a] as string)),
                stringKey(addressSortKey(addrs[b] as string)),
                dir,
              ) || a - b,
          );
        expect(byNew).toEqual(byOld);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every IPv6 spelling of one address alike', () => {
    expect(addressSortKey('::ffff:10.0.0.1')).toBe(addressSortKey('0:0:0:0:0:ffff:a00:1'));
    expect(addressSortKey('[2001:DB8::1]')).toBe(addressSortKey('2001:db8:0:0:0:0:0:1'));
    expect(addressSortKey('::')).toBe(`6${'0'.repeat(32)}`);
    expect(addressSortKey('1::')).toBe(`60001${'0'.repeat(28)}`);
    expect(addressSortKey('fe80::1%ETH0')).toBe(`6fe80${'0'.repeat(24)}0001%eth0`);
  });

  it('treats what is not an address as text', () => {
    for (const bad of [
      '256.0.0.1',
      '1.2.3.999',
      '1.2.3',
      '1.2.3.4.5',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      'g::1',
      '1:2:3:4:5:6:7::8:9',
      '12345::1',
      'a.b.c.d',
    ]) {
      expect(addressSortKey(bad)).toBe(`9${bad.toLowerCase()}`);
    }
    // Eight groups without '::' are an address; seven are not.
    expect(addressSortKey('1:2:3:4:5:6:7:8')).toBe('6000100020003000400050006000700' + '08');
    expect(addressSortKey('1:2:3:4:5:6:7')).toBe('91:2:3:4:5:6:7');
  });
});

describe('connectionSortKey', () => {
  it('reads numbers straight from the row', () => {
    const c = row({ localPort: 8080, remotePort: 5, pid: 42, inode: 9, rxQueue: 3, txQueue: 4 });
    const key = (id: string) => connectionSortKey(id);
    expect(key('localPort')).toMatchObject({ cheap: true });
    expect(key('localPort')?.keyOf(c)).toBe(8080);
    expect(key('remotePort')?.keyOf(c)).toBe(5);
    expect(key('pid')?.keyOf(c)).toBe(42);
    expect(key('pid')?.keyOf(row({ pid: null }))).toBeNull();
    expect(key('inode')?.keyOf(c)).toBe(9);
    expect(key('rxQueue')?.keyOf(c)).toBe(3);
    expect(key('txQueue')?.keyOf(c)).toBe(4);
  });

  it('keys traffic columns by their value, null without counters', () => {
    expect(Object.keys(NUMERIC_SORT_KEYS)).toEqual(
      expect.arrayContaining(['bytesSent', 'bytesReceived', 'sendRate', 'receiveRate', 'rtt', 'retransmissions']),
    );
    expect(connectionSortKey('bytesSent')?.keyOf(row({}))).toBeNull();
  });

  it('keys addresses by addressSortKey and states by lifecycle rank', () => {
    const c = row({ localAddress: '10.0.0.9', remoteAddress: '::1' });
    // Not cheap (an IPv6 key is worth caching), but quick for IPv4 and the wildcard.
    expect(connectionSortKey('localAddress')).toMatchObject({ cheap: false });
    expect(connectionSortKey('localAddress')?.keyOf(c)).toBe(1 + 0x0a000009);
    expect(connectionSortKey('localAddress')?.quick?.(c)).toBe(1 + 0x0a000009);
    expect(connectionSortKey('remoteAddress')?.keyOf(c)).toBe(addressSortKey('::1'));
    expect(connectionSortKey('remoteAddress')?.quick?.(c)).toBeUndefined();
    expect(connectionSortKey('remoteAddress')?.quick?.(row({ remoteAddress: '*' }))).toBe(0);
    expect(connectionSortKey('state')).toMatchObject({ cheap: true });
    expect(connectionSortKey('state')?.keyOf(c)).toBe(SOCKET_STATES.indexOf('ESTABLISHED'));
    expect(connectionSortKey('state')?.keyOf(row({ state: 'BOGUS' as never }))).toBe(99);
  });

  it('keys text columns case-insensitively, empty text as null', () => {
    expect(connectionSortKey('process')).toMatchObject({ cheap: false });
    expect(connectionSortKey('process')?.keyOf(row({ processName: 'NGINX' }))).toBe('nginx');
    expect(connectionSortKey('process')?.keyOf(row({ processName: null }))).toBeNull();
  });

  it('has no key for the renderer-only column (host names) or an unknown one', () => {
    expect(connectionSortKey('fqdn')).toBeNull();
    expect(connectionSortKey('nonsense')).toBeNull();
  });
});

describe('compareSortKeys', () => {
  it('orders ascending or descending, equal keys 0', () => {
    expect(compareSortKeys(1, 2, 1)).toBe(-1);
    expect(compareSortKeys(2, 1, 1)).toBe(1);
    expect(compareSortKeys(1, 2, -1)).toBe(1);
    expect(compareSortKeys(2, 1, -1)).toBe(-1);
    expect(compareSortKeys('a', 'b', 1)).toBe(-1);
    expect(compareSortKeys('a', 'a', -1)).toBe(0);
    expect(compareSortKeys(null, null, 1)).toBe(0);
  });

  it('puts numbers before strings (an address column has both), reversed descending', () => {
    expect(compareSortKeys(2 ** 32, '6', 1)).toBe(-1);
    expect(compareSortKeys('6', 0, 1)).toBe(1);
    expect(compareSortKeys(2 ** 32, '6', -1)).toBe(1);
    expect(compareSortKeys('6', 0, -1)).toBe(-1);
  });

  it('puts empty keys last in both directions', () => {
    for (const dir of [1, -1] as const) {
      expect(compareSortKeys(null, 5, dir)).toBe(1);
      expect(compareSortKeys(5, null, dir)).toBe(-1);
      expect(compareSortKeys(null, 'a', dir)).toBe(1);
    }
  });
});
