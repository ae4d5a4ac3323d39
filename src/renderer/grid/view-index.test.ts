import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { applyDiff, diffSnapshots } from '../../shared/diff';
import { compileFilter } from '../../shared/filter';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  type Connection,
  type Snapshot,
} from '../../shared/model';
import { countConnections } from '../../shared/connection-counts';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from '../store/rows';
import { sortConnections } from './sort';
import { createViewIndex, type ViewSort } from './view-index';

const noExtra = (): string => '';

/** A small universe of sockets, so refreshes re-use, change and drop them. */
const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 40 }),
    peer: fc.integer({ min: 0, max: 6 }),
    state: fc.constantFrom('ESTABLISHED', 'CLOSE_WAIT', 'LISTEN', 'TIME_WAIT'),
    pid: fc.option(fc.integer({ min: 1, max: 4 })),
    udp: fc.boolean(),
  })
  .map((r) =>
    blankConnection({
      protocol: r.udp ? 'udp' : 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: r.port,
      // IPv6, mapped and text peers beside IPv4: an address column's keys are numbers and strings mixed.
      remoteAddress:
        r.peer === 0
          ? '*'
          : r.peer === 5
            ? `2001:db8::${r.port % 3}`
            : r.peer === 6
              ? r.port % 2
                ? 'localhost'
                : '::ffff:10.0.0.1'
              : `10.0.${r.peer}.${r.port % 3}`,
      remotePort: 443,
      state: r.udp ? 'NONE' : (r.state as Connection['state']),
      pid: r.pid,
      processName: r.pid === null ? null : `p${r.pid}`,
    }),
  );

function snapshots(lists: Connection[][], duplicateIds = false): Snapshot[] {
  return lists.map((cs, i) => {
    // Unique ids per snapshot (assignConnectionIds disambiguates duplicates), as the engine gives;
    // or, to prove the store survives an engine that breaks that, ids shared by several rows.
    const seen = new Set<string>();
    const connections = duplicateIds
      ? cs.map((c) => ({ ...c, id: `port ${c.localPort}` }))
      : assignConnectionIds(cs).filter((c) => !seen.has(c.id) && seen.add(c.id));
    return emptySnapshot({ seq: i + 1, host: 'h', connections });
  });
}

const SORTS: (ViewSort | null)[] = [
  null,
  { column: 'remoteAddress', desc: false },
  { column: 'remoteAddress', desc: true },
  { column: 'pid', desc: false },
  { column: 'state', desc: true },
  { column: 'process', desc: false },
];

describe('incremental view', () => {
  it('always equals filtering and stably sorting the store rows from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbConn, { maxLength: 30 }), { minLength: 2, maxLength: 7 }),
        fc.constantFrom('', 'state:est', 'p2', '-proto:udp'),
        fc.integer({ min: 0, max: SORTS.length - 1 }),
        fc.boolean(),
        fc.boolean(),
        (lists, filter, sortAt, indexEarly, duplicateIds) => {
          const snaps = snapshots(lists, duplicateIds);
          const predicate = compileFilter(filter);
          const sort = SORTS[sortAt] ?? null;
          const view = createViewIndex(predicate, sort, noExtra);
          let state: RowsState = receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot);
          if (indexEarly) state = withIndex(state);
          const check = (st: RowsState): void => {
            const filtered = predicate ? st.rows.filter(predicate) : st.rows;
            const expected = sort ? sortConnections(filtered, sort.column, sort.desc, noExtra) : filtered;
            expect(view.sync(st).map((c) => c.id)).toEqual(expected.map((c) => c.id));
          };
          check(state);
          for (let i = 1; i < snaps.length; i++) {
            const prev = state.snapshot as Snapshot;
            const diff = diffSnapshots(prev, snaps[i] as Snapshot);
            state = receiveDiff(state, diff);
            // The store's own apply gives exactly the shared applyDiff's snapshot, and counts stay exact.
            expect(state.snapshot).toEqual(applyDiff(prev, diff));
            expect(state.counts).toEqual(countConnections(state.snapshot?.connections ?? []));
            const rebuilt = view.rebuilds;
            check(state);
            // A diff the store could follow (unique ids) updates the view; only a whole snapshot rebuilds it.
            if (state.change !== null) expect(view.rebuilds).toBe(rebuilt);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns the same array for the same rows, and a new one after a diff', () => {
    const [s1, s2] = snapshots(
      [[], []].map((_, i) =>
        [0, 1, 2].map((p) =>
          blankConnection({
            protocol: 'tcp',
            family: 4,
            localAddress: '1.1.1.1',
            localPort: p + i,
            remoteAddress: '2.2.2.2',
            remotePort: 1,
            state: 'LISTEN',
          }),
        ),
      ),
    );
    const view = createViewIndex(null, { column: 'localPort', desc: true }, noExtra);
    const a = receiveSnapshot(EMPTY_ROWS, s1 as Snapshot);
    const first = view.sync(a);
    expect(view.sync(a)).toBe(first);
    const b = receiveDiff(a, diffSnapshots(s1 as Snapshot, s2 as Snapshot));
    expect(view.sync(b).map((c) => c.localPort)).toEqual([3, 2, 1, 0]);
  });

  // Its speed against a re-sort is measured in bench/view-index.mjs, not asserted here (no timed assertions).
  it('applies a 1% diff at 100k rows with a sort, keeping the sorted order', () => {
    const many: Connection[] = [];
    for (let n = 0; n < 100_000; n++) {
      many.push(
        blankConnection({
          protocol: 'tcp',
          family: 4,
          localAddress: '10.0.0.1',
          localPort: n % 60000,
          remoteAddress: `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
          remotePort: 443,
          state: 'ESTABLISHED',
          pid: n % 500,
        }),
      );
    }
    const [s1] = snapshots([many]);
    const base = s1 as Snapshot;
    const next = emptySnapshot({
      seq: 2,
      host: 'h',
      connections: assignConnectionIds([
        ...base.connections.slice(333).map((c, i) => (i < 333 ? { ...c, state: 'CLOSE_WAIT' as const } : c)),
        ...many.slice(0, 333).map((c) => ({ ...c, remotePort: 8443 })),
      ]),
    });
    const view = createViewIndex(null, { column: 'remoteAddress', desc: false }, noExtra);
    const a = withIndex(receiveSnapshot(EMPTY_ROWS, base));
    view.sync(a);
    const diff = diffSnapshots(base, next);
    const b = receiveDiff(a, diff);
    const rows = view.sync(b);
    expect(rows.length).toBe(100_000 + 333);
    expect(b.marks.size).toBe(999);
    expect(rows).toEqual(sortConnections(b.rows, 'remoteAddress', false, noExtra));
  });

  it('applies a diff that cuts the view into ~11k runs, twice in a row', () => {
    const many = Array.from({ length: 24_000 }, (_, n) =>
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: n % 60000,
        remoteAddress: `10.${(n * 7) % 256}.${n >> 8}.${n & 255}`,
        remotePort: 443,
        state: 'ESTABLISHED',
      }),
    );
    // Every third row closes, every seventh changes state, and new ones arrive: ~11k places to cut.
    const [s1, s2, s3] = snapshots([
      many,
      many.filter((_, i) => i % 3 !== 0).map((c, i) => (i % 7 === 0 ? { ...c, state: 'CLOSE_WAIT' as const } : c)),
      many
        .filter((_, i) => i % 3 !== 0 && i % 5 !== 0)
        .concat(many.slice(0, 500).map((c) => ({ ...c, remotePort: 1 }))),
    ]) as Snapshot[];
    const view = createViewIndex(null, { column: 'remoteAddress', desc: true }, noExtra);
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, s1 as Snapshot));
    view.sync(state);
    state = receiveDiff(state, diffSnapshots(s1 as Snapshot, s2 as Snapshot));
    expect(view.sync(state)).toEqual(sortConnections(state.rows, 'remoteAddress', true, noExtra));
    state = receiveDiff(state, diffSnapshots(s2 as Snapshot, s3 as Snapshot));
    expect(view.sync(state)).toEqual(sortConnections(state.rows, 'remoteAddress', true, noExtra));
  });
  it('stays right over diffs that shrink and grow the view, whose rows, keys and orders reuse the arrays of earlier views', () => {
    const conn = (n: number): Connection =>
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: n,
        remoteAddress: `10.0.${(n * 37) % 256}.${n % 7}`,
        remotePort: 443,
        state: n % 4 === 0 ? 'CLOSE_WAIT' : 'ESTABLISHED',
      });
    // Sizes that shrink below and grow past the buffers kept from two refreshes before.
    const sizes = [1000, 400, 1500, 300, 1600, 1600, 200, 2000];
    const lists = sizes.map((size, i) => Array.from({ length: size }, (_, k) => conn(k * (i + 1) + i)));
    const snaps = snapshots(lists);
    for (const sort of [
      { column: 'remoteAddress', desc: false },
      { column: 'remoteAddress', desc: true },
      { column: 'localPort', desc: false },
    ]) {
      const view = createViewIndex(null, sort, noExtra);
      let state = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
      let shown: { rows: Connection[]; copy: Connection[] } | null = null;
      const arrays = new Set<Connection[]>();
      for (let i = 1; i < snaps.length; i++) {
        state = receiveDiff(state, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot));
        const rows = view.sync(state);
        expect(rows).toEqual(sortConnections(state.rows, sort.column, sort.desc, noExtra));
        // The view the grid renders until it renders this one is not written over by this diff (it may be by the
        // next: its rows array is then reused).
        if (shown) expect(shown.rows).toEqual(shown.copy);
        expect(rows).not.toBe(shown?.rows);
        shown = { rows, copy: [...rows] };
        arrays.add(rows);
      }
      expect(view.rebuilds).toBe(1);
      // Two rows arrays in turn after the first diff, not one per diff.
      expect(arrays.size).toBe(2);
    }
  });
});
