/**
 * The store's receiveDiff against the shared applyDiff over random sequences shaped like the real engine's
 * (issue 13): refreshes diffed by diffSnapshots (rows closed, opened, changed, moved, ids closed and opened again
 * a refresh or more later), hand-made diffs that close an id and open it again in one diff, whole snapshots that
 * continue the view (a resync), the id index built at any moment, and stale diffs. After every step: the rows,
 * their order, the closed tail and the marks as the plain O(n) rules give them, and every grid view (sorted,
 * filtered, TIME_WAIT hidden) kept by diffs equal to the same view built from scratch, with no rebuild where the
 * store handed a change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  type Connection,
  type Snapshot,
} from '../../shared/model';
import { createFilteredViews, type FilteredViews } from '../grid/filtered-view';
import { sortConnections } from '../grid/sort';
import { viewPredicate } from '../../shared/wire-head';
import type { ViewSort } from '../grid/view-index';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowMark, type RowsState } from './rows';

const STATES = ['ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT', 'LISTEN', 'SYN_SENT'] as const;

/** Socket `n` of a small universe (so ids come back), its peer and owner derived from it. */
function socket(n: number, state: Connection['state'], pid: number | null): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 1000 + n,
    remoteAddress: `10.0.${n % 4}.${n % 7}`,
    remotePort: 443,
    state,
    pid,
    processName: pid === null ? null : `worker-${pid}`,
  });
}

const noExtra = (): string => '';

/** One step of a session. Numbers pick rows by position modulo the rows held, so every draw means something. */
type Step =
  | { kind: 'refresh'; close: number[]; change: number[]; open: number[]; moveFrom: number; moveBy: number }
  | { kind: 'reopen'; picks: number[]; open: number[] }
  | { kind: 'resnapshot'; close: number[]; open: number[] }
  | { kind: 'index' }
  | { kind: 'stale' };

const picks = (max: number) => fc.array(fc.nat({ max: 60 }), { maxLength: max });
const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('refresh' as const),
      close: picks(6),
      change: picks(6),
      open: picks(6),
      moveFrom: fc.nat({ max: 60 }),
      moveBy: fc.integer({ min: 0, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reopen' as const), picks: picks(3), open: picks(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resnapshot' as const), close: picks(3), open: picks(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('index' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const) }) },
);

/** Which of `rows` the picks name (by position modulo the count), each once. */
function chosen(rows: readonly Connection[], at: readonly number[]): Set<Connection> {
  return new Set(rows.length === 0 ? [] : at.map((i) => rows[i % rows.length] as Connection));
}

/** Sockets of the universe not open in `rows`, as new row objects with their ids. */
function opened(rows: readonly Connection[], at: readonly number[], seq: number): Connection[] {
  const open = new Set(rows.map((c) => c.id));
  const out: Connection[] = [];
  for (const n of at) {
    const [c] = assignConnectionIds([socket(n, STATES[(n + seq) % STATES.length] as Connection['state'], n % 5)]);
    if (c && !open.has(c.id)) {
      open.add(c.id);
      out.push(c);
    }
  }
  return out;
}

/** The next snapshot of a refresh: the kernel's list with rows gone, changed, moved and new at the end. */
function refreshed(prev: Snapshot, step: Extract<Step, { kind: 'refresh' }>): Snapshot {
  const rows = prev.connections;
  const close = chosen(rows, step.close);
  const change = chosen(rows, step.change);
  const next = rows
    .filter((c) => !close.has(c))
    .map((c, i) =>
      change.has(c)
        ? { ...c, state: STATES[(STATES.indexOf(c.state as never) + 1 + i) % STATES.length] as Connection['state'] }
        : c,
    );
  // A block of rows moved down the list (the kernel's order shifts): diffSnapshots still pairs them by id.
  if (next.length > 1 && step.moveBy > 0) {
    const from = step.moveFrom % next.length;
    const block = next.splice(from, step.moveBy);
    next.splice(Math.min(next.length, from + 2), 0, ...block);
  }
  return emptySnapshot({ ...prev, seq: prev.seq + 1, connections: next.concat(opened(next, step.open, prev.seq)) });
}

/** What the plain rules give after `diff` from `prev`: rows (open, then closed) and marks. */
function expected(prev: Snapshot, diff: SnapshotDiff): { rows: Connection[]; marks: Map<string, RowMark> } {
  const after = applyDiff(prev, diff);
  const removed = new Set(diff.removed);
  const closed = prev.connections.filter((c) => removed.has(c.id));
  const marks = new Map<string, RowMark>();
  for (const c of closed) marks.set(c.id, 'closed');
  const before = new Map(prev.connections.map((c) => [c.id, c]));
  for (const c of diff.changed) {
    const old = before.get(c.id);
    if (old && !removed.has(c.id) && old.state !== c.state) marks.set(c.id, 'changed');
  }
  for (const c of diff.added) marks.set(c.id, 'new');
  return { rows: after.connections.concat(closed), marks };
}

const VIEWS: { sort: ViewSort | null; hideTimeWait: boolean; filter: string }[] = [
  { sort: null, hideTimeWait: false, filter: '' },
  { sort: null, hideTimeWait: false, filter: 'worker-1' },
  { sort: null, hideTimeWait: true, filter: '' },
  { sort: { column: 'remoteAddress', desc: false }, hideTimeWait: false, filter: '' },
  { sort: { column: 'remoteAddress', desc: true }, hideTimeWait: true, filter: 'worker' },
  { sort: { column: 'process', desc: false }, hideTimeWait: false, filter: '' },
  { sort: { column: 'state', desc: false }, hideTimeWait: false, filter: '-state:listen' },
];

function fromScratch(st: RowsState, v: (typeof VIEWS)[number]): Connection[] {
  const predicate = viewPredicate(v.filter, v.hideTimeWait);
  const filtered = predicate ? st.rows.filter(predicate) : st.rows;
  return v.sort ? sortConnections(filtered, v.sort.column, v.sort.desc, noExtra) : filtered;
}

/** Checks a state against the plain rules and every kept view against one built from scratch. */
function check(st: RowsState, want: { rows: Connection[]; marks: Map<string, RowMark> }, views: FilteredViews[]) {
  expect(st.rows.map((c) => c.id)).toEqual(want.rows.map((c) => c.id));
  expect(st.rows).toEqual(want.rows);
  expect([...st.marks].sort()).toEqual([...want.marks].sort());
  const open = (st.snapshot as Snapshot).connections;
  expect(st.closed).toEqual(st.rows.slice(open.length));
  // Arrival order ranks `rows` as they stand (the grid's tie-break), with no two rows alike.
  const ords = st.rows.map(st.ordOf);
  expect(ords).toEqual([...ords].sort((a, b) => a - b));
  expect(new Set(ords).size).toBe(ords.length);
  const all = st.ords();
  if (all) expect([...all]).toEqual(ords);
  views.forEach((view, i) => {
    const v = VIEWS[i] as (typeof VIEWS)[number];
    const before = view.rebuilds;
    const shown = view.sync(st, v.filter);
    expect(shown.map((c) => c.id)).toEqual(fromScratch(st, v).map((c) => c.id));
    // A diff the store followed by its index updates the views in place: a rebuild would hide a wrong order.
    if (st.change) expect(view.rebuilds).toBe(before);
  });
}

describe('receiveDiff over engine-like sequences', () => {
  it('gives applyDiff rows, order and marks after every step, and views equal to ones built from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 60 }), { maxLength: 24 }),
        fc.array(arbStep, { minLength: 1, maxLength: 14 }),
        fc.boolean(),
        (first, steps, indexEarly) => {
          const snap0 = emptySnapshot({ seq: 1, host: 'h', connections: opened([], first, 0) });
          let state = receiveSnapshot(EMPTY_ROWS, snap0);
          if (indexEarly) state = withIndex(state);
          const views = VIEWS.map((v) => createFilteredViews(v.sort, v.hideTimeWait, noExtra));
          check(state, { rows: snap0.connections, marks: new Map() }, views);
          let lastDiff: SnapshotDiff | null = null;
          for (const step of steps) {
            const prev = state.snapshot as Snapshot;
            if (step.kind === 'index') {
              state = withIndex(state);
              continue;
            }
            if (step.kind === 'stale') {
              if (lastDiff) expect(receiveDiff(state, lastDiff)).toBe(state);
              continue;
            }
            if (step.kind === 'resnapshot') {
              // A resync: the engine's whole snapshot a refresh or two later, which continues the view.
              const next = refreshed(prev, { ...step, kind: 'refresh', change: [], moveFrom: 0, moveBy: 0 });
              const whole = { ...next, seq: next.seq + 1 };
              const d = diffSnapshots(prev, whole);
              state = receiveSnapshot(state, whole);
              // The whole snapshot's own order, then the rows it closed.
              const want = expected(prev, d);
              check(
                state,
                { ...want, rows: whole.connections.concat(want.rows.slice(applyDiff(prev, d).connections.length)) },
                views,
              );
              continue;
            }
            let diff: SnapshotDiff;
            if (step.kind === 'refresh') diff = diffSnapshots(prev, refreshed(prev, step));
            else {
              // Closed and opened again within one refresh: the same id removed and added by one diff.
              const again = [...chosen(prev.connections, step.picks)];
              const fresh = opened(prev.connections, step.open, prev.seq);
              diff = {
                ...diffSnapshots(prev, prev),
                seq: prev.seq + 1,
                baseSeq: prev.seq,
                removed: prev.connections.filter((c) => again.includes(c)).map((c) => c.id),
                added: again.map((c): Connection => ({ ...c, state: 'SYN_SENT' })).concat(fresh),
                changed: [],
              };
            }
            const want = expected(prev, diff);
            state = receiveDiff(state, diff);
            lastDiff = diff;
            check(state, want, views);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
