/**
 * The DoS verdict's edges with the shared peer lookup (the exporter's tests in
 * src/main/metrics/dos-verdict.test.ts use its PeerCache): which rows count,
 * thresholds at and just past their limits, own addresses, and the reasons' words.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, SocketState } from './model';
import { COSTLY_STATES, DEFAULT_DOS_RULES, dosVerdict, ownAddressesOf, peerLookup } from './dos-verdict';
import { tcpRow as tcp, udpRow } from './test-helpers';

const listener = (port: number, address = '0.0.0.0') =>
  tcp(address, port, address.includes(':') ? '::' : '0.0.0.0', 0, 'LISTEN');
const many = (n: number, make: (i: number) => Connection) => Array.from({ length: n }, (_, i) => make(i));
const verdict = (rows: Connection[], own: string[] = [], rules = DEFAULT_DOS_RULES) =>
  dosVerdict(rows, peerLookup(), new Set(own), rules);

describe('peerLookup', () => {
  it('unwraps v4-mapped peers and knows loopback in both families', () => {
    const peers = peerLookup();
    expect(peers.get('::ffff:203.0.113.9')).toEqual({ address: '203.0.113.9', loopback: false });
    expect(peers.get('::ffff:127.0.0.1')).toEqual({ address: '127.0.0.1', loopback: true });
    expect(peers.get('127.8.9.10')).toEqual({ address: '127.8.9.10', loopback: true });
    expect(peers.get('::1')).toEqual({ address: '::1', loopback: true });
    expect(peers.get('2001:DB8::1')).toEqual({ address: '2001:db8::1', loopback: false });
    expect(peers.get('10.127.0.1').loopback).toBe(false);
  });

  it('answers the same object for a text it has seen', () => {
    const peers = peerLookup();
    expect(peers.get('198.51.100.4')).toBe(peers.get('198.51.100.4'));
  });
});

describe('ownAddressesOf', () => {
  it("every socket's local address except the wildcards and empty ones, v4-mapped unwrapped", () => {
    const rows = [
      listener(80),
      listener(80, '::'),
      tcp('', 0, '', 0, 'CLOSED'),
      tcp('*', 0, '*', 0, 'LISTEN'),
      tcp('10.0.0.5', 443, '203.0.113.9', 5000, 'ESTABLISHED'),
      tcp('::ffff:192.168.1.2', 443, '::ffff:203.0.113.9', 5001, 'ESTABLISHED'),
      tcp('fe80::1%eth0', 22, 'fe80::2%eth0', 5002, 'ESTABLISHED'),
    ];
    expect([...ownAddressesOf(rows, peerLookup())].sort()).toEqual(['10.0.0.5', '192.168.1.2', 'fe80::1'].sort());
  });
});

describe('dosVerdict', () => {
  it('counts every costly state and no other', () => {
    const states: SocketState[] = [...COSTLY_STATES];
    expect(states.sort()).toEqual(
      ['CLOSE_WAIT', 'CLOSING', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'SYN_RECV'].sort(),
    );
    const rows = [
      listener(443),
      ...states.map((s, i) => tcp('10.0.0.5', 443, '203.0.113.9', 1000 + i, s)),
      tcp('10.0.0.5', 443, '203.0.113.9', 2000, 'TIME_WAIT'),
      tcp('10.0.0.5', 443, '203.0.113.9', 2001, 'SYN_SENT'),
      tcp('10.0.0.5', 443, '203.0.113.9', 2002, 'CLOSED'),
    ];
    const v = verdict(rows);
    expect(v.remoteInbound).toBe(states.length);
    expect(v.remoteSynRecv).toBe(1);
    expect(v.topRemote).toEqual({ address: '203.0.113.9', connections: states.length, share: 1 });
  });

  it('UDP rows, rows without a peer and outbound rows are left out', () => {
    const udp = udpRow('10.0.0.5', 53, '203.0.113.9', 5353, 'ESTABLISHED');
    const udpListener = { ...udp, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' as const };
    const rows = [
      udpListener,
      udp,
      listener(443),
      tcp('10.0.0.5', 443, '0.0.0.0', 0, 'ESTABLISHED'),
      tcp('10.0.0.5', 443, '*', 0, 'SYN_RECV'),
      tcp('10.0.0.5', 50_000, '203.0.113.9', 5432, 'ESTABLISHED'),
    ];
    const v = verdict(rows);
    expect(v).toMatchObject({ remoteInbound: 0, localInbound: 0, remoteSynRecv: 0, topRemote: null, reasons: [] });
  });

  it('a UDP "listener" on a port does not make TCP rows to that port inbound', () => {
    const udpListener = udpRow('0.0.0.0', 8443, '0.0.0.0', 0, 'LISTEN');
    const v = verdict([udpListener, tcp('10.0.0.5', 8443, '203.0.113.9', 1, 'ESTABLISHED')]);
    expect(v.remoteInbound).toBe(0);
  });

  it('SYN flood: more than rules.synRecv remote half-open sockets, not as many', () => {
    const syn = (n: number) => many(n, (i) => tcp('10.0.0.5', 443, `198.51.100.${i % 250}`, 1000 + i, 'SYN_RECV'));
    expect(verdict(syn(100)).synFlood).toBe(false);
    expect(verdict(syn(100)).reasons).toEqual([]);
    const flood = verdict(syn(101));
    expect(flood.synFlood).toBe(true);
    expect(flood.remoteSynRecv).toBe(101);
    expect(flood.reasons[0]).toBe('101 half-open connections (SYN_RECV) from other hosts exceed 100');
    expect(verdict(syn(6), [], { ...DEFAULT_DOS_RULES, synRecv: 5 }).synFlood).toBe(true);
  });

  it('one peer above the share with at least minConnections counted; exactly the share or one fewer is not', () => {
    const rows = (top: number, others: number) => [
      listener(443),
      ...many(top, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 1000 + i, 'ESTABLISHED')),
      ...many(others, (i) => tcp('10.0.0.5', 443, `198.51.100.${i + 1}`, 3000 + i, 'ESTABLISHED')),
    ];
    const alarm = verdict(rows(26, 24));
    expect(alarm.dominantRemote).toBe(true);
    expect(alarm.topRemote).toEqual({ address: '203.0.113.9', connections: 26, share: 0.52 });
    expect(alarm.reasons).toEqual([
      '203.0.113.9 holds 26 of 50 inbound connections (52.0% > 50%, at least 50 counted)',
    ]);
    expect(verdict(rows(25, 25)).dominantRemote).toBe(false); // exactly half
    expect(verdict(rows(26, 23)).dominantRemote).toBe(false); // 49 counted
    expect(verdict(rows(3, 0), [], { ...DEFAULT_DOS_RULES, minConnections: 3 }).dominantRemote).toBe(true);
  });

  it('the top remote is the one with most connections, the first seen on a tie', () => {
    const rows = [
      listener(443),
      ...many(2, (i) => tcp('10.0.0.5', 443, '198.51.100.1', 1000 + i, 'ESTABLISHED')),
      ...many(3, (i) => tcp('10.0.0.5', 443, '198.51.100.2', 2000 + i, 'ESTABLISHED')),
      ...many(3, (i) => tcp('10.0.0.5', 443, '198.51.100.3', 3000 + i, 'ESTABLISHED')),
    ];
    expect(verdict(rows).topRemote).toEqual({ address: '198.51.100.2', connections: 3, share: 3 / 8 });
  });

  it("this machine's peers are counted apart, unless the rules say to alarm on them too", () => {
    const rows = [
      listener(443),
      ...many(120, (i) => tcp('10.0.0.5', 443, '10.0.0.5', 1000 + i, 'SYN_RECV')),
      ...many(60, (i) => tcp('::1', 443, '::1', 2000 + i, 'ESTABLISHED')),
    ];
    const quiet = verdict(rows, ['10.0.0.5']);
    expect(quiet).toMatchObject({ localInbound: 180, localSynRecv: 120, remoteInbound: 0, remoteSynRecv: 0 });
    expect(quiet.synFlood || quiet.dominantRemote).toBe(false);
    const strict = verdict(rows, ['10.0.0.5'], { ...DEFAULT_DOS_RULES, alarmLocalPeers: true });
    expect(strict).toMatchObject({ localInbound: 0, localSynRecv: 0, remoteInbound: 180, remoteSynRecv: 120 });
    expect(strict.synFlood).toBe(true);
    expect(strict.dominantRemote).toBe(true);
    expect(strict.reasons).toHaveLength(2);
  });
});

describe('dosVerdict: protocol and empty edges', () => {
  it('a UDP row to a port a TCP listener holds is not inbound TCP', () => {
    const udp = udpRow('10.0.0.5', 53, '203.0.113.9', 5353, 'ESTABLISHED');
    expect(verdict([listener(53), udp]).remoteInbound).toBe(0);
  });

  it('no connections and a minimum of 0: no top remote, no alarm', () => {
    const v = verdict([], [], { ...DEFAULT_DOS_RULES, minConnections: 0 });
    expect(v).toMatchObject({ topRemote: null, dominantRemote: false, synFlood: false, reasons: [] });
  });
});
