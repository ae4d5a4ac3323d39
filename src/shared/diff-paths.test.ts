/** The paths of diffSnapshots/jsonEqual that the property tests reach only by chance. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots, jsonEqual } from './diff';
import { blankConnection, emptySnapshot, type Connection, type NetInterface, type Snapshot } from './model';

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

describe('diffSnapshots over a socket table edited between refreshes', () => {
  type Edit = { kind: 'close' | 'open' | 'move' | 'change' | 'closeOldest'; at: number; to: number };
  const editArb: fc.Arbitrary<Edit> = fc.record({
    kind: fc.constantFrom(
      'close' as const,
      'open' as const,
      'move' as const,
      'change' as const,
      'closeOldest' as const,
    ),
    at: fc.nat(),
    to: fc.nat(),
  });
  /** The next refresh: fresh row objects (as procfs makes them), with the edits applied. */
  function refresh(rows: Connection[], edits: Edit[], firstNewPort: number): Connection[] {
    const next = rows.map((c) => ({ ...c }));
    let port = firstNewPort;
    for (const e of edits) {
      if (e.kind === 'open') next.splice(e.at % (next.length + 1), 0, conn(port++));
      else if (next.length === 0) continue;
      else if (e.kind === 'close') next.splice(e.at % next.length, 1);
      else if (e.kind === 'closeOldest') next.splice(0, 1 + (e.to % 5));
      else if (e.kind === 'change') {
        const at = e.at % next.length;
        next[at] = { ...(next[at] as Connection), rxQueue: ((next[at] as Connection).rxQueue ?? 0) + 1 };
      } else {
        const [row] = next.splice(e.at % next.length, 1);
        next.splice(e.to % (next.length + 1), 0, row as Connection);
      }
    }
    return next;
  }

  it('applying the diffs in order gives the last snapshot, and each diff holds exactly what the edits did', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.array(editArb, { maxLength: 10 }), { minLength: 1, maxLength: 5 }),
        (size, refreshes) => {
          let rows = Array.from({ length: size }, (_, i) => conn(i));
          const run: Snapshot[] = [emptySnapshot({ seq: 1, connections: rows })];
          refreshes.forEach((edits, r) => {
            rows = refresh(rows, edits, 1000 * (r + 1));
            run.push(emptySnapshot({ seq: r + 2, connections: rows }));
          });
          let state = run[0] as Snapshot;
          for (let i = 1; i < run.length; i++) {
            const before = run[i - 1] as Snapshot;
            const after = run[i] as Snapshot;
            const d = diffSnapshots(before, after);
            const was = new Map(before.connections.map((c) => [c.id, c]));
            const now = new Set(after.connections.map((c) => c.id));
            expect(d.added).toEqual(after.connections.filter((c) => !was.has(c.id)));
            expect(d.removed).toEqual(before.connections.filter((c) => !now.has(c.id)).map((c) => c.id));
            expect(d.changed).toEqual(
              after.connections.filter((c) => was.has(c.id) && (was.get(c.id) as Connection).rxQueue !== c.rxQueue),
            );
            state = applyDiff(state, d);
          }
          const last = run[run.length - 1] as Snapshot;
          const byId = (cs: Connection[]) => [...cs].sort((a, b) => a.localPort - b.localPort);
          expect(byId(state.connections)).toEqual(byId(last.connections));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('all removed, all new, both empty', () => {
    const three = emptySnapshot({ seq: 1, connections: [conn(1), conn(2), conn(3)] });
    const others = emptySnapshot({ seq: 2, connections: [conn(4), conn(5)] });
    const d = diffSnapshots(three, others);
    expect(d.removed).toEqual(['c1', 'c2', 'c3']);
    expect(d.added.map((c) => c.id)).toEqual(['c4', 'c5']);
    expect(d.changed).toEqual([]);
    expect(diffSnapshots(emptySnapshot(), emptySnapshot({ seq: 1 }))).toMatchObject({
      added: [],
      removed: [],
      changed: [],
    });
  });
});
