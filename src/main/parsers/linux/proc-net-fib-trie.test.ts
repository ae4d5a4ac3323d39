import { describe, expect, it } from 'vitest';
import type { Route } from '../../../shared/model';
import { parseFibTrie, withFibTrie } from './proc-net-fib-trie';

// As net/ipv4/fib_trie.c prints it (fib_table_print, then "  +-- %pI4/%zu %u %u %u" per node and
// "  |-- %pI4" per leaf, each alias "  /%zu %s %s" = prefix, scope, type, plus " tos=%d" when set).
// A host with one address, 192.0.2.2/24 on eth0, and policy rules (so the tables print apart).
const LOCAL_AND_MAIN = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 192.0.2.0/24 2 0 2
        |-- 192.0.2.0
           /24 link UNICAST
Local:
  +-- 0.0.0.0/0 3 0 5
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.0.2.0/24 2 0 2
        |-- 192.0.2.2
           /32 host LOCAL
        |-- 192.0.2.255
           /32 link BROADCAST
`;

const ON_LINK: Route = {
  family: 4,
  destination: '192.0.2.0',
  prefixLength: 24,
  gateway: null,
  interface: 'eth0',
  metric: 0,
  flags: 'U',
  table: 'main',
  type: 'unicast',
};

const MAIN: Route[] = [
  {
    family: 4,
    destination: '0.0.0.0',
    prefixLength: 0,
    gateway: '192.0.2.1',
    interface: 'eth0',
    metric: 100,
    flags: 'UG',
    table: 'main',
    type: 'unicast',
  },
  ON_LINK,
];

const localRoute = (destination: string, prefixLength: number, type: Route['type'], iface: string): Route => ({
  family: 4,
  destination,
  prefixLength,
  gateway: null,
  interface: iface,
  metric: 0,
  flags: prefixLength === 32 ? 'UH' : 'U',
  table: 'local',
  type,
});

describe('parseFibTrie', () => {
  it('reads every leaf route with its table, prefix length and type', () => {
    expect(parseFibTrie(LOCAL_AND_MAIN)).toEqual([
      { table: 'main', destination: '0.0.0.0', prefixLength: 0, type: 'unicast' },
      { table: 'main', destination: '192.0.2.0', prefixLength: 24, type: 'unicast' },
      { table: 'local', destination: '127.0.0.0', prefixLength: 8, type: 'local' },
      { table: 'local', destination: '127.0.0.1', prefixLength: 32, type: 'local' },
      { table: 'local', destination: '127.255.255.255', prefixLength: 32, type: 'broadcast' },
      { table: 'local', destination: '192.0.2.2', prefixLength: 32, type: 'local' },
      { table: 'local', destination: '192.0.2.255', prefixLength: 32, type: 'broadcast' },
    ]);
  });

  it('names a numbered table by its id and reads every route type the kernel prints', () => {
    const text = `Id 100:
  +-- 10.0.0.0/8 2 0 2
     |-- 10.0.0.0
        /8 universe BLACKHOLE
        /16 universe UNREACHABLE
        /24 universe PROHIBIT
        /25 universe THROW
        /26 universe NAT
        /27 universe ANYCAST
        /28 universe MULTICAST
`;
    expect(parseFibTrie(text).map((e) => [e.table, e.prefixLength, e.type])).toEqual([
      ['100', 8, 'blackhole'],
      ['100', 16, 'unreachable'],
      ['100', 24, 'prohibit'],
      ['100', 25, 'throw'],
      ['100', 26, 'nat'],
      ['100', 27, 'anycast'],
      ['100', 28, 'multicast'],
    ]);
  });

  it('keeps a route whose alias has a TOS (" tos=8" after the type)', () => {
    const text = 'Main:\n  |-- 10.1.0.0\n     /16 universe UNICAST tos=8\n';
    expect(parseFibTrie(text)).toEqual([{ table: 'main', destination: '10.1.0.0', prefixLength: 16, type: 'unicast' }]);
  });

  it('tolerates blanks around a table heading (a re-indented copy)', () => {
    const text = '\n  Main:  \n  |-- 10.1.0.0\n     /16 universe UNICAST\n';
    expect(parseFibTrie(text)).toEqual([{ table: 'main', destination: '10.1.0.0', prefixLength: 16, type: 'unicast' }]);
  });

  it('leaves out routes of a type it does not know (the kernel prints "type 12" past its table)', () => {
    const text =
      'Main:\n  |-- 10.1.0.0\n     /16 universe XRESOLVE\n     /17 universe UNSPEC\n     /18 universe type 12\n';
    expect(parseFibTrie(text)).toEqual([]);
  });

  it('leaves out a prefix line before any table heading or any leaf of the current table', () => {
    // A prefix line before any heading; then a heading, whose first prefix line has no leaf yet
    // (the previous table's leaf must not carry over).
    const text =
      '  |-- 10.1.0.0\n     /16 universe UNICAST\nLocal:\n     /32 host LOCAL\n  |-- 10.1.0.1\n     /32 host LOCAL\n';
    expect(parseFibTrie(text)).toEqual([{ table: 'local', destination: '10.1.0.1', prefixLength: 32, type: 'local' }]);
  });

  it('leaves out prefix lengths past 32 and lines that are not the trie', () => {
    const text = `Main:
  |-- 10.1.0.0
     /33 universe UNICAST
     /99 host LOCAL
     /8 universe unicast
     8 universe UNICAST
  |-- 10.1.2.0
     /32 universe UNICAST
`;
    expect(parseFibTrie(text)).toEqual([{ table: 'main', destination: '10.1.2.0', prefixLength: 32, type: 'unicast' }]);
  });

  it('reads the boundary prefix lengths /0 and /32', () => {
    const text = 'Main:\n  |-- 0.0.0.0\n     /0 universe UNICAST\n  |-- 255.255.255.255\n     /32 link BROADCAST\n';
    expect(parseFibTrie(text).map((e) => `${e.destination}/${e.prefixLength}`)).toEqual([
      '0.0.0.0/0',
      '255.255.255.255/32',
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(parseFibTrie('')).toEqual([]);
  });
});

describe('withFibTrie', () => {
  it('adds the local table, each route on the device of the main-table route that holds it', () => {
    expect(withFibTrie(MAIN, LOCAL_AND_MAIN)).toEqual([
      ...MAIN,
      localRoute('127.0.0.0', 8, 'local', 'lo'),
      localRoute('127.0.0.1', 32, 'local', 'lo'),
      localRoute('127.255.255.255', 32, 'broadcast', 'lo'),
      localRoute('192.0.2.2', 32, 'local', 'eth0'),
      localRoute('192.0.2.255', 32, 'broadcast', 'eth0'),
    ]);
  });

  it('adds each local route once when the kernel prints the merged table under both headings', () => {
    // No policy rules: Main and Local list the same trie (this machine's /proc/net/fib_trie).
    const merged = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 192.0.2.2
        /32 host LOCAL
Local:
  +-- 0.0.0.0/0 3 0 5
     |-- 192.0.2.2
        /32 host LOCAL
`;
    expect(withFibTrie(MAIN, merged)).toEqual([...MAIN, localRoute('192.0.2.2', 32, 'local', 'eth0')]);
  });

  it('picks the longest on-link prefix holding the address, whatever the order of the main table', () => {
    const wide: Route = { ...ON_LINK, destination: '10.0.0.0', prefixLength: 8, interface: 'wide0' };
    const narrow: Route = { ...ON_LINK, destination: '10.1.0.0', prefixLength: 16, interface: 'narrow0' };
    const trie = 'Local:\n  |-- 10.1.2.3\n     /32 host LOCAL\n  |-- 10.9.9.9\n     /32 host LOCAL\n';
    const devices = (main: Route[]): string[] =>
      withFibTrie(main, trie)
        .filter((r) => r.table === 'local')
        .map((r) => `${r.destination} ${r.interface}`);
    expect(devices([wide, narrow])).toEqual(['10.1.2.3 narrow0', '10.9.9.9 wide0']);
    expect(devices([narrow, wide])).toEqual(['10.1.2.3 narrow0', '10.9.9.9 wide0']);
  });

  it('never infers a device from a gateway route or one with no device; none found is empty', () => {
    const viaGateway: Route = { ...ON_LINK, destination: '10.0.0.0', prefixLength: 8, gateway: '192.0.2.1' };
    const noDevice: Route = { ...ON_LINK, destination: '10.0.0.0', prefixLength: 16, interface: '' };
    const local = withFibTrie([viaGateway, noDevice], 'Local:\n  |-- 10.0.0.5\n     /24 host LOCAL\n').at(-1);
    expect(local).toEqual(localRoute('10.0.0.5', 24, 'local', ''));
  });

  it("never takes '*', the device of an unreachable or prohibit route, for a local address", () => {
    // ip route add unreachable 10.0.0.0/16 on a host with 10.0.0.5/8 on eth0: /proc/net/route shows the former on '*'.
    const eth0: Route = { ...ON_LINK, destination: '10.0.0.0', prefixLength: 8 };
    const unreachable: Route = { ...ON_LINK, destination: '10.0.0.0', prefixLength: 16, interface: '*', flags: 'U!' };
    const trie = 'Local:\n  |-- 10.0.0.5\n     /32 host LOCAL\n';
    expect(withFibTrie([eth0, unreachable], trie).at(-1)?.interface).toBe('eth0');
    expect(withFibTrie([eth0, { ...unreachable, interface: '' }], trie).at(-1)?.interface).toBe('eth0');
  });

  it('gives on-link main routes the type the trie names (blackhole reads as a plain up route in /proc/net/route)', () => {
    const blackhole: Route = { ...ON_LINK, destination: '198.51.100.0', prefixLength: 24, flags: 'U' };
    const trie = `Main:
  |-- 0.0.0.0
     /0 universe BLACKHOLE
  |-- 198.51.100.0
     /24 universe BLACKHOLE
  |-- 192.0.2.0
     /24 link UNICAST
`;
    const routes = withFibTrie([...MAIN, blackhole], trie);
    expect(routes.map((r) => `${r.destination}/${r.prefixLength} ${r.type}`)).toEqual([
      // The default route goes through a gateway: /proc/net/route's own reading stands.
      '0.0.0.0/0 unicast',
      '192.0.2.0/24 unicast',
      '198.51.100.0/24 blackhole',
    ]);
    expect(routes[2]).toEqual({ ...blackhole, type: 'blackhole' });
  });

  it('takes route types from the main table only, not from another numbered table', () => {
    const trie = 'Id 100:\n  |-- 192.0.2.0\n     /24 universe UNREACHABLE\n';
    expect(withFibTrie(MAIN, trie)).toEqual(MAIN);
  });

  it('adds an anycast or multicast local-table route, /prefix flags U', () => {
    const trie = 'Local:\n  |-- 192.0.2.0\n     /24 link ANYCAST\n  |-- 224.0.0.0\n     /4 universe MULTICAST\n';
    expect(withFibTrie(MAIN, trie).slice(MAIN.length)).toEqual([
      localRoute('192.0.2.0', 24, 'anycast', 'eth0'),
      localRoute('224.0.0.0', 4, 'multicast', ''),
    ]);
  });

  it('leaves the main table as it is when the trie is empty', () => {
    expect(withFibTrie(MAIN, '')).toEqual(MAIN);
  });
});
