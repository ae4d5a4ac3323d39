/**
 * The rows core beyond marks and order (issue 9): the counts and the `change` a diff hands the grid, stale and
 * gapped diffs, duplicate ids (the O(n) path), and when a whole snapshot continues the view on screen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, DiffGapError, diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import { countConnections } from '../../shared/connection-counts';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  type Connection,
  type Snapshot,
} from '../../shared/model';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';
import { uniqueSnapshot } from './test-helpers';

function tcp(port: number, state: Connection['state'] = 'ESTABLISHED', pid: number | null = 1): Connection {
  return blankConnection({
    protocol: port % 3 === 0 ? 'udp' : 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: port,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: port % 3 === 0 ? 'NONE' : state,
    pid,
  });
}

const snap = (seq: number, connections: Connection[], host = 'h'): Snapshot =>
  emptySnapshot({ seq, host, connections: assignConnectionIds(connections.map((c) => ({ ...c }))) });

const ports = (rows: readonly Connection[]): number[] => rows.map((c) => c.localPort);
const sorted = (m: ReadonlyMap<string, number>): [string, number][] => [...m].sort(([a], [b]) => a.localeCompare(b));

const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 12 }),
    state: fc.constantFrom('ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT', 'LISTEN'),
    pid: fc.option(fc.integer({ min: 1, max: 3 })),
  })
  .map((r) => tcp(r.port, r.state as Connection['state'], r.pid));

describe('what a diff hands the status bar and the grid', () => {
  it('counts as a fresh count of the new snapshot would, and says which row objects left and entered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbConn, { maxLength: 12 }), { minLength: 2, maxLength: 6 }),
        fc.boolean(),
        (lists, indexEarly) => {
          const snaps = lists.map((cs, i) => uniqueSnapshot(cs, i + 1));
          let state: RowsState = receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot);
          if (indexEarly) state = withIndex(state);
          for (let i = 1; i < snaps.length; i++) {
            const prev = state.snapshot as Snapshot;
            const next = receiveDiff(state, diffSnapshots(prev, snaps[i] as Snapshot));
            const fresh = countConnections((next.snapshot as Snapshot).connections);
            expect(sorted(next.counts.byProtocol)).toEqual(sorted(fresh.byProtocol));
            expect(sorted(next.counts.byState)).toEqual(sorted(fresh.byState));
            // base minus left plus entered is the new rows, object for object.
            const change = next.change;
            expect(change?.base).toBe(state.rows);
            const result = new Set(change?.base);
            for (const c of change?.left ?? []) expect(result.delete(c)).toBe(true);
            for (const c of change?.entered ?? []) result.add(c);
            expect(result).toEqual(new Set(next.rows));
            expect(change?.left.length).toBe(new Set(change?.left).size);
            state = next;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('moves a closing row to the closed tail, and takes it out of the grid on the next diff', () => {
    const s1 = snap(1, [tcp(1), tcp(2), tcp(4)]);
    const s2 = snap(2, [tcp(1), tcp(4)]);
    const s3 = snap(3, [tcp(1), tcp(4), tcp(5)]);
    const a = receiveSnapshot(EMPTY_ROWS, s1);
    const b = receiveDiff(a, diffSnapshots(s1, s2));
    expect(ports(b.rows)).toEqual([1, 4, 2]);
    expect(ports(b.closed)).toEqual([2]);
    expect(b.marks.get(s1.connections[1]?.id as string)).toBe('closed');
    expect(b.ordOf(b.closed[0] as Connection)).toBeGreaterThan(b.ordOf(b.rows[1] as Connection));
    const c = receiveDiff(b, diffSnapshots(s2, s3));
    expect(ports(c.rows)).toEqual([1, 4, 5]);
    expect(c.closed).toEqual([]);
    expect(ports(c.change?.left ?? [])).toEqual([2]);
    expect(ports(c.change?.entered ?? [])).toEqual([5]);
    expect([...c.marks.values()]).toEqual(['new']);
  });

  it('colours a state change, not a PID resolved later, and replaces the row in place', () => {
    const s1 = snap(1, [tcp(1), tcp(2), tcp(4)]);
    const s2 = snap(2, [tcp(1, 'CLOSE_WAIT'), tcp(2, 'ESTABLISHED', 9), tcp(4)]);
    const next = receiveDiff(receiveSnapshot(EMPTY_ROWS, s1), diffSnapshots(s1, s2));
    expect(next.rows.map((c) => [c.localPort, c.state, c.pid])).toEqual([
      [1, 'CLOSE_WAIT', 1],
      [2, 'ESTABLISHED', 9],
      [4, 'ESTABLISHED', 1],
    ]);
    expect([...next.marks]).toEqual([[s1.connections[0]?.id, 'changed']]);
    expect(next.rows[2]).toBe(s1.connections[2]);
    expect(next.counts.byState.get('CLOSE_WAIT')).toBe(1);
    expect(next.counts.byState.get('ESTABLISHED')).toBe(2);
  });
});

describe('diffs that do not apply', () => {
  it('leaves the state as it is for a diff already applied, or with nothing held', () => {
    const s1 = snap(5, [tcp(1)]);
    const state = receiveSnapshot(EMPTY_ROWS, s1);
    const same: SnapshotDiff = { ...diffSnapshots(snap(4, []), s1) };
    expect(receiveDiff(state, same)).toBe(state);
    expect(receiveDiff(state, diffSnapshots(s1, { ...s1, seq: 5 }))).toBe(state);
    expect(receiveDiff(EMPTY_ROWS, diffSnapshots(s1, snap(6, [])))).toBe(EMPTY_ROWS);
  });

  it('throws a gap for a diff that follows another snapshot', () => {
    const state = receiveSnapshot(EMPTY_ROWS, snap(5, [tcp(1)]));
    expect(() => receiveDiff(state, diffSnapshots(snap(6, [tcp(1)]), snap(7, [])))).toThrow(DiffGapError);
    expect(() => receiveDiff(state, diffSnapshots(snap(4, [tcp(1)]), snap(6, [])))).toThrow(DiffGapError);
  });
});

describe('hand-made diffs: the indexed path gives what applyDiff gives', () => {
  // Twelve rows, so positions run into two digits (a sort without a comparator would put 10 before 2).
  const s1 = snap(
    1,
    [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17].map((p) => tcp(p)),
  );
  const id = (i: number): string => s1.connections[i]?.id as string;
  const held = (): RowsState => withIndex(receiveSnapshot(EMPTY_ROWS, s1));
  const diff = (over: Partial<SnapshotDiff>): SnapshotDiff => ({
    ...diffSnapshots(s1, s1),
    seq: 2,
    baseSeq: 1,
    added: [],
    removed: [],
    changed: [],
    ...over,
  });
  const check = (d: SnapshotDiff): RowsState => {
    const next = receiveDiff(held(), d);
    expect(next.snapshot).toEqual(applyDiff(s1, d));
    return next;
  };

  it('drops rows removed in any order', () => {
    const next = check(diff({ removed: [id(11), id(2), id(10), id(0)] }));
    expect(ports(next.closed)).toEqual([17, 4, 16, 1]);
    expect(ports(next.rows)).toEqual([2, 5, 7, 8, 10, 11, 13, 14, 17, 4, 16, 1]);
  });

  it('drops and replaces in one diff, in any order', () => {
    const changed = [11, 1, 9, 4].map((i) => ({ ...(s1.connections[i] as Connection), state: 'CLOSE_WAIT' as const }));
    const next = check(diff({ removed: [id(10), id(3), id(0)], changed }));
    expect(next.rows.filter((c) => c.state === 'CLOSE_WAIT').map((c) => c.localPort)).toEqual([2, 7, 14, 17]);
  });

  it('ignores ids it does not hold, removed or changed', () => {
    const stranger = { ...tcp(40), id: 'not-held' };
    const next = check(diff({ removed: ['gone-before'], changed: [stranger] }));
    expect(next.rows).toHaveLength(12);
    expect(next.marks.size).toBe(0);
  });

  it('drops a row a diff both removes and changes', () => {
    const changed = [{ ...(s1.connections[5] as Connection), state: 'CLOSE_WAIT' as const }];
    const next = check(diff({ removed: [id(5)], changed }));
    expect(next.marks.get(id(5))).toBe('closed');
    expect(next.snapshot?.connections.some((c) => c.id === id(5))).toBe(false);
  });

  it('closes a row listed twice in a diff once', () => {
    const next = check(diff({ removed: [id(3), id(3)] }));
    expect(ports(next.closed)).toEqual([5]);
  });

  it('takes the same diff twice from one state (a retry), each time from that state', () => {
    const state = held();
    const d = diff({ removed: [id(0)], added: [tcp(50)] });
    const once = receiveDiff(state, d);
    const twice = receiveDiff(state, d);
    expect(twice.snapshot).toEqual(once.snapshot);
    expect(twice.rows.map(twice.ordOf)).toEqual(once.rows.map(once.ordOf));
    expect(ports(twice.closed)).toEqual([1]);
  });

  it('takes the O(n) path for a diff changing one id twice', () => {
    const first = { ...(s1.connections[2] as Connection), state: 'CLOSE_WAIT' as const };
    const second = { ...first, state: 'LAST_ACK' as const };
    const next = check(diff({ changed: [first, second] }));
    expect(next.change).toBeNull();
  });
});

describe('ids the index cannot follow', () => {
  it('applies a snapshot holding two rows of one id as applyDiff does, views rebuilding', () => {
    const a = tcp(1);
    const s1 = emptySnapshot({
      seq: 1,
      host: 'h',
      connections: [
        { ...a, id: 'x' },
        { ...tcp(2), id: 'x' },
        { ...tcp(4), id: 'y' },
      ],
    });
    const diff: SnapshotDiff = { ...diffSnapshots(s1, s1), seq: 2, baseSeq: 1, removed: ['x'], added: [], changed: [] };
    const next = receiveDiff(receiveSnapshot(EMPTY_ROWS, s1), diff);
    expect(next.snapshot).toEqual(applyDiff(s1, diff));
    expect(ports(next.rows)).toEqual([4, 1, 2]);
    expect(next.change).toBeNull();
    expect(next.marks.get('x')).toBe('closed');
  });

  it('applies a diff adding an id already held as applyDiff does', () => {
    const s1 = snap(1, [tcp(1), tcp(2)]);
    const again = { ...tcp(1, 'CLOSE_WAIT'), id: s1.connections[0]?.id as string };
    const diff: SnapshotDiff = {
      ...diffSnapshots(s1, s1),
      seq: 2,
      baseSeq: 1,
      added: [again],
      removed: [],
      changed: [],
    };
    const next = receiveDiff(withIndex(receiveSnapshot(EMPTY_ROWS, s1)), diff);
    expect(next.snapshot).toEqual(applyDiff(s1, diff));
    expect(next.change).toBeNull();
    expect(next.marks.get(again.id)).toBe('new');
  });
});

describe('an id closed and opened again in one refresh', () => {
  it('keeps the new row ranked while the old one shows as closed, and after', () => {
    const a = snap(1, [tcp(1)]);
    const again = { ...(a.connections[0] as Connection), state: 'SYN_SENT' as const };
    const d1: SnapshotDiff = {
      ...diffSnapshots(a, a),
      seq: 2,
      baseSeq: 1,
      removed: [again.id],
      added: [again],
      changed: [],
    };
    const s1 = receiveDiff(withIndex(receiveSnapshot(EMPTY_ROWS, a)), d1);
    expect(s1.snapshot?.connections).toEqual([again]);
    const later = snap(3, [tcp(1, 'SYN_SENT'), tcp(2)]);
    const s2 = receiveDiff(s1, diffSnapshots(s1.snapshot as Snapshot, later));
    expect(ports(s2.rows)).toEqual([1, 2]);
    const ords = s2.rows.map(s2.ordOf);
    expect(ords).toEqual([...ords].sort((x, y) => x - y));
    expect(new Set(ords).size).toBe(2);
  });
});

describe('an id closed by one refresh and opened again by the next', () => {
  it('takes the indexed path each time, as applyDiff does, the orders ascending', () => {
    const a = snap(1, [tcp(1), tcp(2), tcp(4)]);
    const diffTo = (from: Snapshot, seq: number, conns: Connection[]): SnapshotDiff =>
      diffSnapshots(from, emptySnapshot({ ...from, seq, connections: conns }));
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, a));
    const [one, two, four] = a.connections as [Connection, Connection, Connection];
    // Closed, opened again (the closed row leaves as the new one enters), closed again, opened again.
    for (const [seq, conns] of [
      [2, [two, four]],
      [3, [two, four, { ...one, state: 'SYN_SENT' as const }]],
      [4, [four, { ...one, state: 'SYN_SENT' as const }]],
      [5, [four, { ...one, state: 'SYN_SENT' as const }, two]],
      [6, [four]],
    ] as [number, Connection[]][]) {
      const prev = state.snapshot as Snapshot;
      const d = diffTo(prev, seq, conns);
      state = receiveDiff(state, d);
      expect(state.change).not.toBeNull();
      expect(state.snapshot?.connections).toEqual(applyDiff(prev, d).connections);
      const ords = state.rows.map(state.ordOf);
      expect(ords).toEqual([...ords].sort((x, y) => x - y));
      expect(new Set(ords).size).toBe(ords.length);
    }
    expect(ports(state.closed).sort()).toEqual([1, 2]);
  });
});

describe('a whole snapshot', () => {
  const s1 = snap(1, [tcp(1), tcp(2)]);
  const first = receiveSnapshot(EMPTY_ROWS, s1);

  it('marks what changed since the view on screen when it continues it (a resync of the same live host)', () => {
    const next = receiveSnapshot(first, snap(3, [tcp(2, 'CLOSE_WAIT'), tcp(4)]));
    expect(ports(next.rows)).toEqual([2, 4, 1]);
    expect(ports(next.closed)).toEqual([1]);
    expect([...next.marks.values()].sort()).toEqual(['changed', 'closed', 'new']);
    expect(next.change).toBeNull();
  });

  it('starts afresh from another host, an older or equal seq, or an imported file', () => {
    const imported: Snapshot = { ...snap(9, [tcp(4)]), source: { kind: 'import', file: 'a.csv', formats: ['csv'] } };
    for (const other of [snap(3, [tcp(4)], 'other-host'), snap(1, [tcp(4)]), snap(0, [tcp(4)]), imported]) {
      const next = receiveSnapshot(first, other);
      expect([other.host, other.seq, ports(next.rows), next.marks.size, next.closed]).toEqual([
        other.host,
        other.seq,
        [4],
        0,
        [],
      ]);
    }
    // Nor does a live snapshot continue an imported one.
    const fromImport = receiveSnapshot(receiveSnapshot(EMPTY_ROWS, imported), snap(10, [tcp(5)]));
    expect(fromImport.marks.size).toBe(0);
  });

  it('counts its rows, and ranks them in arrival order', () => {
    expect(first.counts.byProtocol.get('tcp')).toBe(2);
    expect(first.rows.map(first.ordOf)).toEqual([0, 1]);
    expect(first.ordOf(tcp(7))).toBeGreaterThan(1);
  });
});
