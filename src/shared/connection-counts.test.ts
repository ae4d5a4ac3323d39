/**
 * The status bar's counts (the page's per diff, the server's with a first screenful): by protocol label and by
 * state, kept up to date from a refresh's changes and equal to a recount of the new rows.
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection, type Protocol, type SocketState } from './model';
import { countConnections, updateCounts } from './connection-counts';

function row(protocol: Protocol, family: 4 | 6, state: SocketState, port: number): Connection {
  return blankConnection({
    protocol,
    family,
    localAddress: family === 6 ? '::1' : '127.0.0.1',
    localPort: port,
    remoteAddress: family === 6 ? '::' : '0.0.0.0',
    remotePort: 0,
    state,
  });
}

const plain = (c: ReturnType<typeof countConnections>) => ({
  byProtocol: Object.fromEntries(c.byProtocol),
  byState: Object.fromEntries(c.byState),
});

describe('countConnections', () => {
  it('counts by protocol label and by state, skipping stateless sockets', () => {
    const counts = countConnections([
      row('tcp', 4, 'LISTEN', 1),
      row('tcp', 6, 'LISTEN', 2),
      row('tcp', 4, 'ESTABLISHED', 3),
      row('udp', 4, 'NONE', 4),
      row('raw', 4, 'NONE', 5),
    ]);
    expect(plain(counts)).toEqual({
      byProtocol: { tcp: 2, tcp6: 1, udp: 1, udp6: 0, raw: 1 },
      byState: { LISTEN: 2, ESTABLISHED: 1 },
    });
  });

  it('lists the four protocol labels at 0 when there is nothing, and no state', () => {
    expect(plain(countConnections([]))).toEqual({ byProtocol: { tcp: 0, tcp6: 0, udp: 0, udp6: 0 }, byState: {} });
  });

  it('counts many rows of one state and label', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row('udp', 6, 'NONE', i + 1));
    rows.push(row('tcp', 4, 'TIME_WAIT', 9), row('tcp', 4, 'TIME_WAIT', 10));
    expect(plain(countConnections(rows))).toEqual({
      byProtocol: { tcp: 2, tcp6: 0, udp: 0, udp6: 5 },
      byState: { TIME_WAIT: 2 },
    });
  });
});

describe('updateCounts', () => {
  const before = [
    row('tcp', 4, 'LISTEN', 1),
    row('tcp', 4, 'ESTABLISHED', 2),
    row('udp', 6, 'NONE', 3),
    row('raw', 4, 'NONE', 4),
    row('unix', 4, 'LISTEN', 5),
  ];

  it('equals a recount: states nobody is in leave, the four protocol labels stay at 0, others leave', () => {
    const counts = countConnections(before);
    expect(plain(counts)).toEqual({
      byProtocol: { tcp: 2, tcp6: 0, udp: 0, udp6: 1, raw: 1, unix: 1 },
      byState: { LISTEN: 1, ESTABLISHED: 1 },
    });
    const left = [before[1], before[2], before[3], before[4]] as Connection[];
    const entered = [row('tcp', 6, 'TIME_WAIT', 6)];
    const next = updateCounts(counts, left, entered);
    const after = [before[0] as Connection, ...entered];
    expect(plain(next)).toEqual(plain(countConnections(after)));
    expect(plain(next)).toEqual({
      byProtocol: { tcp: 1, tcp6: 1, udp: 0, udp6: 0 },
      byState: { LISTEN: 1, TIME_WAIT: 1 },
    });
  });

  it('returns new maps and leaves the old counts as they were', () => {
    const counts = countConnections(before);
    const snapshot = plain(counts);
    const next = updateCounts(counts, [before[0] as Connection], []);
    expect(next).not.toBe(counts);
    expect(next.byProtocol).not.toBe(counts.byProtocol);
    expect(next.byState).not.toBe(counts.byState);
    expect(plain(counts)).toEqual(snapshot);
    expect(next.byState.has('LISTEN')).toBe(false);
    expect(next.byProtocol.get('tcp')).toBe(1);
  });

  it('UNIX sockets count by protocol only, whatever their state', () => {
    const counts = countConnections([row('unix', 4, 'ESTABLISHED', 1), row('unix', 6, 'LISTEN', 2)]);
    expect(plain(counts)).toEqual({ byProtocol: { tcp: 0, tcp6: 0, udp: 0, udp6: 0, unix: 2 }, byState: {} });
  });

  it("a connected UDP socket (ESTABLISHED, as netstat -u prints it) counts as UDP, not in TCP's states", () => {
    const counts = countConnections([row('udp', 4, 'ESTABLISHED', 1), row('tcp', 4, 'ESTABLISHED', 2)]);
    expect(plain(counts)).toEqual({ byProtocol: { tcp: 1, tcp6: 0, udp: 1, udp6: 0 }, byState: { ESTABLISHED: 1 } });
    const after = updateCounts(counts, [row('udp', 4, 'ESTABLISHED', 1)], []);
    expect(plain(after)).toEqual({ byProtocol: { tcp: 1, tcp6: 0, udp: 0, udp6: 0 }, byState: { ESTABLISHED: 1 } });
  });
});
