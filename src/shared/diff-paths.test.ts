/** The paths of diffSnapshots/jsonEqual that the property tests reach only by chance. */
import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots, jsonEqual } from './diff';
import { blankConnection, emptySnapshot, type Connection, type NetInterface } from './model';

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

describe('jsonEqual', () => {
  it('compares structure, not identity', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual({}, null)).toBe(false);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual(null, null)).toBe(true);
    expect(jsonEqual('x', 'x')).toBe(true);
  });
});

describe('diffSnapshots', () => {
  it('finds rows that moved, were added or removed, in next order', () => {
    const base = emptySnapshot({ seq: 1, connections: [conn(1), conn(2), conn(3), conn(4)] });
    const next = emptySnapshot({
      seq: 2,
      connections: [conn(5), conn(1), conn(3, { state: 'CLOSE_WAIT' }), conn(6), conn(2)],
    });
    const d = diffSnapshots(base, next);
    expect(d.added.map((c) => c.id)).toEqual(['c5', 'c6']);
    expect(d.changed.map((c) => c.id)).toEqual(['c3']);
    expect(d.removed).toEqual(['c4']);
    expect(applyDiff(base, d).connections.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c5', 'c6']);
  });

  it('handles a shorter next and an empty base', () => {
    const base = emptySnapshot({ seq: 1, connections: [conn(1), conn(2), conn(3)] });
    expect(diffSnapshots(base, emptySnapshot({ seq: 2, connections: [conn(2)] }))).toMatchObject({
      added: [],
      changed: [],
      removed: ['c1', 'c3'],
    });
    const fromNothing = diffSnapshots(emptySnapshot(), emptySnapshot({ seq: 1, connections: [conn(1), conn(2)] }));
    expect(fromNothing.added.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(fromNothing.removed).toEqual([]);
  });

  it('carries routes, interfaces and statistics only when they changed', () => {
    const eth = (rx: number): NetInterface => ({
      name: 'eth0',
      mac: null,
      mtu: 1500,
      up: true,
      speedMbps: null,
      counters: {
        rxBytes: rx,
        rxPackets: 0,
        rxErrors: 0,
        rxDrops: 0,
        rxMulticast: 0,
        txBytes: 0,
        txPackets: 0,
        txErrors: 0,
        txDrops: 0,
        txMulticast: 0,
      },
      rates: null,
    });
    const base = emptySnapshot({ seq: 1, interfaces: [eth(1)], protocolStats: { Tcp: { A: 1 } } });
    const same = diffSnapshots(base, { ...base, seq: 2, interfaces: [eth(1)], protocolStats: { Tcp: { A: 1 } } });
    expect('interfaces' in same || 'protocolStats' in same || 'routes' in same).toBe(false);
    const next = { ...base, seq: 2, interfaces: [eth(2)], protocolStats: { Tcp: { A: 2 } } };
    const d = diffSnapshots(base, next);
    expect(d.interfaces).toEqual([eth(2)]);
    expect(d.protocolStats).toEqual({ Tcp: { A: 2 } });
    const applied = applyDiff(base, d);
    expect(applied.interfaces).toEqual([eth(2)]);
    expect(applied.protocolStats).toEqual({ Tcp: { A: 2 } });
    expect(applyDiff(base, same).interfaces).toBe(base.interfaces);
  });
});
