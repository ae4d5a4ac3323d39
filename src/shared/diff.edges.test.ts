/**
 * The edges of the diff that the property tests reach only by chance: a traffic counter changing alone, a
 * component list changing in content but not in length, a row that stayed in place unchanged, and the
 * primitive cases of jsonEqual (the routes, interfaces and statistics comparison).
 */
import { describe, expect, it } from 'vitest';
import { applyDiff, connectionsEqual, DiffGapError, diffSnapshots, jsonEqual } from './diff';
import { blankConnection, emptySnapshot, trafficEqual, type Connection, type ConnectionTraffic } from './model';

const traffic: ConnectionTraffic = {
  bytesSent: 1000,
  bytesReceived: 2000,
  segmentsSent: 10,
  segmentsReceived: 20,
  retransmissions: 1,
  rttMs: 0.5,
  rttVarianceMs: 0.25,
  sendRate: 100,
  receiveRate: 200,
  segmentSendRate: 1,
  segmentReceiveRate: 2,
  retransmissionRate: 0,
};

const conn = (port: number, extra: Partial<Connection> = {}): Connection => ({
  ...blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: port,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: 'ESTABLISHED',
  }),
  id: `c${port}`,
  ...extra,
});

describe('trafficEqual', () => {
  it('compares counters, not objects: a fresh copy with equal counters is the same', () => {
    expect(trafficEqual(traffic, { ...traffic })).toBe(true);
    expect(trafficEqual(undefined, undefined)).toBe(true);
    expect(trafficEqual(traffic, undefined)).toBe(false);
    expect(trafficEqual(undefined, traffic)).toBe(false);
  });

  it.each(Object.keys(traffic) as (keyof ConnectionTraffic)[])('notices %s changing alone', (field) => {
    const value = traffic[field];
    for (const changed of [value === null ? 0 : value + 1, null]) {
      const next = { ...traffic, [field]: changed };
      expect(trafficEqual(traffic, next)).toBe(false);
      expect(trafficEqual(next, traffic)).toBe(false);
    }
  });

  it('puts a row whose only change is a counter in the diff as changed', () => {
    const base = emptySnapshot({ seq: 1, connections: [conn(1, { traffic })] });
    for (const field of Object.keys(traffic) as (keyof ConnectionTraffic)[]) {
      const moved = conn(1, { traffic: { ...traffic, [field]: 7777 } });
      const d = diffSnapshots(base, emptySnapshot({ seq: 2, connections: [moved] }));
      expect(d.changed, field).toEqual([moved]);
      expect(d.added).toEqual([]);
      expect(d.removed).toEqual([]);
    }
  });
});

describe('connectionsEqual: components', () => {
  it('compares the lists by content, element by element', () => {
    expect(connectionsEqual(conn(1, { components: ['a', 'b'] }), conn(1, { components: ['a', 'b'] }))).toBe(true);
    expect(connectionsEqual(conn(1, { components: ['a', 'b'] }), conn(1, { components: ['a', 'c'] }))).toBe(false);
    expect(connectionsEqual(conn(1, { components: ['x', 'b'] }), conn(1, { components: ['a', 'b'] }))).toBe(false);
    expect(connectionsEqual(conn(1, { components: ['a', 'b'] }), conn(1, { components: ['b', 'a'] }))).toBe(false);
  });

  it('tells a list from no list either way round, and no list from an empty one not at all', () => {
    expect(connectionsEqual(conn(1, { components: ['Dnscache'] }), conn(1))).toBe(false);
    expect(connectionsEqual(conn(1), conn(1, { components: ['Dnscache'] }))).toBe(false);
    expect(connectionsEqual(conn(1), conn(1, { components: [] }))).toBe(true);
    expect(connectionsEqual(conn(1, { components: [] }), conn(1))).toBe(true);
  });

  it('holds the same row object equal to itself whatever it carries', () => {
    // The identity shortcut: a row carried over unchanged is never "changed", not even with a NaN counter.
    const odd = conn(1, { rxQueue: Number.NaN, traffic: { ...traffic, rttMs: Number.NaN } });
    expect(connectionsEqual(odd, odd)).toBe(true);
    const d = diffSnapshots(
      emptySnapshot({ seq: 1, connections: [odd] }),
      emptySnapshot({ seq: 2, connections: [odd] }),
    );
    expect(d.changed).toEqual([]);
  });
});

describe('diffSnapshots: rows in place', () => {
  it('reports nothing for rows that stayed at their index with equal values (fresh objects)', () => {
    const base = emptySnapshot({ seq: 1, connections: [conn(1), conn(2), conn(3)] });
    const next = emptySnapshot({ seq: 2, connections: [conn(1), conn(2), conn(3)] });
    const d = diffSnapshots(base, next);
    expect(d).toMatchObject({ seq: 2, baseSeq: 1, added: [], removed: [], changed: [] });
  });

  it('reports only the changed one of rows in place, and keeps an append after them as added', () => {
    const base = emptySnapshot({ seq: 4, connections: [conn(1), conn(2), conn(3)] });
    const next = emptySnapshot({
      seq: 5,
      takenAt: 99,
      tookMs: 3,
      connections: [conn(1), conn(2, { state: 'FIN_WAIT1' }), conn(3), conn(4)],
    });
    const d = diffSnapshots(base, next);
    expect(d).toMatchObject({ seq: 5, baseSeq: 4, takenAt: 99, tookMs: 3, removed: [] });
    expect(d.changed.map((c) => c.id)).toEqual(['c2']);
    expect(d.added.map((c) => c.id)).toEqual(['c4']);
    expect(applyDiff(base, d).connections).toEqual(next.connections);
  });

  it('finds a row that moved and did not change as neither added nor changed', () => {
    const base = emptySnapshot({ seq: 1, connections: [conn(1), conn(2)] });
    const next = emptySnapshot({ seq: 2, connections: [conn(2), conn(1, { pid: 5 })] });
    const d = diffSnapshots(base, next);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed.map((c) => c.id)).toEqual(['c1']);
  });
});

describe('jsonEqual on primitives and mixed kinds', () => {
  it('compares numbers, strings and booleans by value', () => {
    expect(jsonEqual(1, 1)).toBe(true);
    expect(jsonEqual(1, 2)).toBe(false);
    expect(jsonEqual('a', 'b')).toBe(false);
    expect(jsonEqual(true, false)).toBe(false);
  });

  it('never holds a primitive equal to an object, either way round', () => {
    for (const primitive of [1, 0, '', 'x', true, undefined]) {
      expect(jsonEqual(primitive, {}), String(primitive)).toBe(false);
      expect(jsonEqual({}, primitive), String(primitive)).toBe(false);
      expect(jsonEqual(primitive, []), String(primitive)).toBe(false);
      expect(jsonEqual([], primitive), String(primitive)).toBe(false);
    }
  });

  it('carries a statistics change from a number to another number', () => {
    const base = emptySnapshot({ seq: 1, protocolStats: { Tcp: { InSegs: 1 } } });
    const d = diffSnapshots(base, { ...base, seq: 2, protocolStats: { Tcp: { InSegs: 2 } } });
    expect(d.protocolStats).toEqual({ Tcp: { InSegs: 2 } });
  });
});

describe('a diff for another base', () => {
  it('is refused with both seqs named, so the receiver knows to resync', () => {
    const diff = diffSnapshots(emptySnapshot({ seq: 7 }), emptySnapshot({ seq: 8 }));
    let thrown: unknown;
    try {
      applyDiff(emptySnapshot({ seq: 5 }), diff);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DiffGapError);
    expect(thrown).toMatchObject({
      name: 'DiffGapError',
      haveSeq: 5,
      diffBaseSeq: 7,
      message: 'diff applies to seq 7 but the snapshot is at seq 5: resync needed',
    });
  });
});
