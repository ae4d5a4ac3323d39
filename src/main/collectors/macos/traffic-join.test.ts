/**
 * The join of nettop's rows to the listed sockets, on rows as the macOS
 * parsers build them (no Mac here: written from lsof's, netstat's and
 * nettop's documented formats).
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../../shared/model';
import type { NettopConnection } from '../../parsers/macos/nettop';
import { joinAddress, joinKey, joinNettop, mayCarryTraffic, trafficFromNettop } from './traffic-join';

/** The socket both sides see by default: nettop's row for it joins the listed row. */
const flow = {
  protocol: 'tcp',
  family: 4,
  localAddress: '10.0.0.1',
  localPort: 50000,
  remoteAddress: '10.0.0.2',
  remotePort: 443,
  state: 'ESTABLISHED',
} as const;

function nettopRow(over: Partial<NettopConnection>): NettopConnection {
  return {
    pid: 10,
    processName: 'p',
    ...flow,
    interface: 'en0',
    bytesIn: 100,
    bytesOut: 200,
    retransmittedBytes: 0,
    rttMs: 5,
    ...over,
  };
}

function listed(over: Partial<Connection>): Connection {
  return blankConnection({ ...flow, pid: 10, ...over });
}

describe('joinAddress', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['FE80::1%en0', 'fe80::1'],
    ['[fe80::1%lo0]', 'fe80::1'],
    // The KAME embedded scope (interface 4 in the second group), as some tools print a link-local address.
    ['fe80:4::aede:48ff:fe00:1122', 'fe80::aede:48ff:fe00:1122'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::', '::'],
    ['0.0.0.0', '0.0.0.0'],
    ['2a00:1450:4001:80b::200e', '2a00:1450:4001:80b::200e'],
    // Not a mapped address: kept.
    ['::ffff:1', '::ffff:1'],
  ])('%s -> %s', (address, key) => {
    expect(joinAddress(address)).toBe(key);
  });

  it('keys on protocol, both endpoints and ports, not the IP version', () => {
    const v6 = listed({ family: 6, localAddress: '::ffff:10.0.0.1', remoteAddress: '::ffff:10.0.0.2' });
    expect(joinKey(v6)).toBe(joinKey(listed({})));
    expect(joinKey(listed({ protocol: 'udp' }))).not.toBe(joinKey(listed({})));
    expect(joinKey(listed({ localPort: 50001 }))).not.toBe(joinKey(listed({})));
    expect(joinKey(listed({ remotePort: 80 }))).not.toBe(joinKey(listed({})));
    // The two wildcards are two sockets (a tcp4 and a tcp6 listener on one port).
    expect(joinKey(listed({ localAddress: '0.0.0.0' }))).not.toBe(joinKey(listed({ localAddress: '::' })));
  });
});

describe('joinNettop', () => {
  it('writes nettop bytes, sent and received the right way round, and leaves what nettop lacks null', () => {
    const row = listed({});
    const result = joinNettop([row], [nettopRow({ bytesIn: 1000, bytesOut: 20, rttMs: 12.5 })]);
    expect(result).toEqual({ joined: 1, candidates: 1, unmatched: 0 });
    expect(row.traffic).toEqual({
      bytesSent: 20,
      bytesReceived: 1000,
      segmentsSent: null,
      segmentsReceived: null,
      retransmissions: null,
      rttMs: 12.5,
      rttVarianceMs: null,
      sendRate: null,
      receiveRate: null,
      segmentSendRate: null,
      segmentReceiveRate: null,
      retransmissionRate: null,
    });
  });

  it('gives listeners and TIME_WAIT rows nothing, and UDP sockets their counters', () => {
    const listener = listed({ localAddress: '0.0.0.0', remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' });
    const timeWait = listed({ state: 'TIME_WAIT', pid: null });
    const udp = listed({ protocol: 'udp', state: 'NONE', remoteAddress: '0.0.0.0', remotePort: 0 });
    const result = joinNettop(
      [listener, timeWait, udp],
      [
        nettopRow({ localAddress: '0.0.0.0', remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' }),
        nettopRow({}),
        nettopRow({ protocol: 'udp', state: null, remoteAddress: '0.0.0.0', remotePort: 0, rttMs: null }),
      ],
    );
    expect(listener.traffic).toBeUndefined();
    expect(timeWait.traffic).toBeUndefined();
    expect(udp.traffic).toMatchObject({ bytesReceived: 100, bytesSent: 200, rttMs: null });
    // The established nettop row matched nothing listed (its TIME_WAIT twin carries no traffic).
    expect(result).toEqual({ joined: 1, candidates: 1, unmatched: 1 });
    expect(mayCarryTraffic({ protocol: 'tcp', state: 'CLOSED' })).toBe(false);
    expect(mayCarryTraffic({ protocol: 'raw', state: 'NONE' })).toBe(false);
  });

  it('lets the PID decide between sockets on one key (SO_REUSEPORT)', () => {
    const mdns = { protocol: 'udp' as const, state: null, remoteAddress: '0.0.0.0', remotePort: 0 };
    const a = listed({ ...mdns, state: 'NONE', pid: 1 });
    const b = listed({ ...mdns, state: 'NONE', pid: 2 });
    joinNettop([a, b], [nettopRow({ ...mdns, pid: 2, bytesIn: 22 }), nettopRow({ ...mdns, pid: 1, bytesIn: 11 })]);
    expect(a.traffic?.bytesReceived).toBe(11);
    expect(b.traffic?.bytesReceived).toBe(22);
  });

  it('counts a socket two processes share once: on the PID nettop names, else on the one row left', () => {
    const parent = listed({ pid: 100 });
    const child = listed({ pid: 101 });
    joinNettop([parent, child], [nettopRow({ pid: 101 })]);
    expect(parent.traffic).toBeUndefined();
    expect(child.traffic?.bytesSent).toBe(200);

    const onlyRow = listed({ pid: 300 });
    const sharedRow = listed({ pid: 301 });
    const result = joinNettop([onlyRow, sharedRow], [nettopRow({ pid: 999 })]);
    expect(result.joined).toBe(1);
    expect([onlyRow.traffic, sharedRow.traffic].filter((t) => t !== undefined)).toHaveLength(1);
  });

  it('attaches nothing where two unclaimed nettop sockets fit a row and neither names its PID', () => {
    const row = listed({ pid: 5 });
    const result = joinNettop([row], [nettopRow({ pid: 6 }), nettopRow({ pid: 7 })]);
    expect(row.traffic).toBeUndefined();
    expect(result).toEqual({ joined: 0, candidates: 1, unmatched: 2 });
  });

  it('finds an unconnected UDP socket by owner, IP version and local port (nettop shows its last peer)', () => {
    const udp = { protocol: 'udp' as const, state: 'NONE' as const, remoteAddress: '0.0.0.0', remotePort: 0 };
    // lsof: '*:9993' and '*:62457'; nettop (rows as recorded on a Mac, in a public test): the address and peer last used.
    const dns = listed({ ...udp, localAddress: '0.0.0.0', localPort: 9993, pid: 284 });
    const other = listed({ ...udp, localAddress: '0.0.0.0', localPort: 62457, pid: 284 });
    const v6 = listed({ ...udp, family: 6, localAddress: '::', remoteAddress: '::', localPort: 9993, pid: 284 });
    const notOwn = listed({ ...udp, localAddress: '0.0.0.0', localPort: 62457, pid: 999 });
    const result = joinNettop(
      [dns, other, v6, notOwn],
      [
        nettopRow({
          ...udp,
          state: null,
          pid: 284,
          localAddress: '192.168.3.37',
          localPort: 9993,
          remoteAddress: '8.8.8.8',
          remotePort: 53,
          bytesIn: 17411503,
        }),
        nettopRow({ ...udp, state: null, pid: 284, localAddress: '192.168.3.37', localPort: 62457, bytesIn: 32286682 }),
      ],
    );
    expect(dns.traffic?.bytesReceived).toBe(17411503);
    expect(other.traffic?.bytesReceived).toBe(32286682);
    expect(v6.traffic).toBeUndefined();
    expect(notOwn.traffic).toBeUndefined();
    expect(result).toMatchObject({ joined: 2, unmatched: 0 });
  });

  it('leaves a UDP port alone where its owner has two sockets on it that nettop cannot tell apart', () => {
    const udp = { protocol: 'udp' as const, state: 'NONE' as const, remoteAddress: '0.0.0.0', remotePort: 0, pid: 5 };
    const row = listed({ ...udp, localAddress: '0.0.0.0', localPort: 53 });
    joinNettop(
      [row],
      [
        nettopRow({
          ...udp,
          state: null,
          localAddress: '10.0.0.1',
          localPort: 53,
          remoteAddress: '1.1.1.1',
          remotePort: 53,
        }),
        nettopRow({
          ...udp,
          state: null,
          localAddress: '10.0.0.2',
          localPort: 53,
          remoteAddress: '1.1.1.1',
          remotePort: 53,
        }),
      ],
    );
    expect(row.traffic).toBeUndefined();
  });

  it('skips nettop rows without both byte counts, and rows listed without a PID still join', () => {
    expect(trafficFromNettop(nettopRow({ bytesIn: null }))).toBeNull();
    expect(trafficFromNettop(nettopRow({ bytesOut: null }))).toBeNull();
    const row = listed({ pid: null });
    expect(joinNettop([row], [nettopRow({ bytesOut: null }), nettopRow({ bytesIn: 7 })]).joined).toBe(1);
    expect(row.traffic?.bytesReceived).toBe(7);
  });
});
