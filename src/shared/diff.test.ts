import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots, DiffGapError } from './diff';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  SOCKET_STATES,
  type Connection,
  type Snapshot,
} from './model';

const connectionArb: fc.Arbitrary<Connection> = fc
  .record({
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    family: fc.constantFrom(4 as const, 6 as const),
    localPort: fc.integer({ min: 0, max: 20 }),
    remotePort: fc.integer({ min: 0, max: 5 }),
    state: fc.constantFrom(...SOCKET_STATES),
    pid: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    inode: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  })
  .map((r) =>
    blankConnection({
      ...r,
      localAddress: r.family === 4 ? '127.0.0.1' : '::1',
      remoteAddress: r.family === 4 ? '127.0.0.1' : '::1',
      processName: r.pid === null ? null : `p${r.pid}`,
    }),
  );

function snapshotArb(): fc.Arbitrary<Omit<Snapshot, 'seq'>> {
  return fc
    .record({
      connections: fc.array(connectionArb, { maxLength: 30 }),
      routes: fc.array(
        fc.record({
          family: fc.constant(4 as const),
          destination: fc.constantFrom('0.0.0.0', '10.0.0.0'),
          prefixLength: fc.integer({ min: 0, max: 32 }),
          gateway: fc.option(fc.constant('10.0.0.1'), { nil: null }),
          interface: fc.constant('eth0'),
          metric: fc.option(fc.nat(), { nil: null }),
          flags: fc.constant('U'),
          table: fc.constant(null),
        }),
        { maxLength: 3 },
      ),
      tcpIn: fc.nat(),
      takenAt: fc.nat(),
    })
    .map((r) => {
      const { seq: _seq, ...rest } = emptySnapshot({
        connections: assignConnectionIds(r.connections),
        routes: r.routes,
        protocolStats: { Tcp: { InSegs: r.tcpIn } },
        takenAt: r.takenAt,
      });
      return rest;
    });
}

const byId = (s: Snapshot) => [...s.connections].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('diff', () => {
  it('applying the diffs of a run in order to its first snapshot gives its last', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb(), { minLength: 1, maxLength: 8 }), (parts) => {
        const run: Snapshot[] = parts.map((p, i) => ({ ...p, seq: i + 1 }));
        let state = run[0] as Snapshot;
        for (let i = 1; i < run.length; i++)
          state = applyDiff(state, diffSnapshots(run[i - 1] as Snapshot, run[i] as Snapshot));
        const last = run[run.length - 1] as Snapshot;
        expect(state.seq).toBe(last.seq);
        expect(byId(state)).toEqual(byId(last));
        expect(state.routes).toEqual(last.routes);
        expect(state.protocolStats).toEqual(last.protocolStats);
        expect(state.takenAt).toBe(last.takenAt);
      }),
      { numRuns: 300 },
    );
  });

  it('ids are unique within a snapshot, even for shared tuples', () => {
    fc.assert(
      fc.property(fc.array(connectionArb, { maxLength: 60 }), (connections) => {
        const ids = assignConnectionIds(connections).map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it('reports added, removed and changed connections by id', () => {
    const a = blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '127.0.0.1',
      localPort: 1,
      remoteAddress: '127.0.0.1',
      remotePort: 2,
      state: 'ESTABLISHED',
    });
    const b = { ...a, localPort: 3 };
    const base = emptySnapshot({ seq: 1, connections: assignConnectionIds([{ ...a }, { ...b }]) });
    const next = emptySnapshot({
      seq: 2,
      connections: assignConnectionIds([
        { ...a, state: 'TIME_WAIT' },
        { ...a, localPort: 9 },
      ]),
    });
    const diff = diffSnapshots(base, next);
    expect(diff.changed.map((c) => c.state)).toEqual(['TIME_WAIT']);
    expect(diff.added.map((c) => c.localPort)).toEqual([9]);
    expect(diff.removed).toEqual(['tcp4 127.0.0.1:3 127.0.0.1:2']);
    expect(diff.routes).toBeUndefined();
  });

  it('refuses a diff for another base: the receiver must resync', () => {
    const s1 = emptySnapshot({ seq: 1 });
    const s3 = emptySnapshot({ seq: 3 });
    expect(() => applyDiff(s1, diffSnapshots(emptySnapshot({ seq: 2 }), s3))).toThrow(DiffGapError);
  });
});
