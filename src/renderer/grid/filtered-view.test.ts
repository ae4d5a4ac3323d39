import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffSnapshots } from '../../shared/diff';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  type Connection,
  type Snapshot,
} from '../../shared/model';
import { compileTextFilter, forgetRowTexts, type TextFilter } from '../../shared/filter-text';
import { viewPredicate } from '../../shared/wire-head';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from '../store/rows';
import { createFilteredViews, type CompileView, type FilteredViews } from './filtered-view';
import { sortConnections } from './sort';
import type { ViewSort } from './view-index';

/** Every row a view's predicate was asked about: a key that narrows the filter asks only of the previous key's matches. */
const read: Connection[] = [];
const counted: CompileView = (filter, hideTimeWait) => {
  const p = viewPredicate(filter, hideTimeWait);
  return p && ((c) => (read.push(c), p(c)));
};
const countedText = (filter: string): TextFilter | null => {
  const f = compileTextFilter(filter);
  return f && { ...f, test: (c, text) => (read.push(c), f.test(c, text)) };
};

const noExtra = (): string => '';

function conn(port: number, peer: number, state: Connection['state'], name: string | null): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: port,
    remoteAddress: peer === 0 ? '*' : `10.0.${peer}.${port % 3}`,
    remotePort: 443,
    state,
    pid: name === null ? null : port,
    processName: name,
  });
}

/** A small universe of sockets, so refreshes re-use, change and drop them, with names a typed filter grows into. */
const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 40 }),
    peer: fc.integer({ min: 0, max: 6 }),
    state: fc.constantFrom('ESTABLISHED', 'CLOSE_WAIT', 'LISTEN', 'TIME_WAIT'),
    name: fc.constantFrom('worker-1', 'worker-12', 'worker-2', 'sshd', null),
  })
  .map((r) => conn(r.port, r.peer, r.state as Connection['state'], r.name));

function snapshot(seq: number, cs: Connection[]): Snapshot {
  const seen = new Set<string>();
  const connections = assignConnectionIds(cs).filter((c) => !seen.has(c.id) && seen.add(c.id));
  return emptySnapshot({ seq, host: 'h', connections });
}

const SORTS: (ViewSort | null)[] = [
  null,
  { column: 'remoteAddress', desc: false },
  { column: 'remoteAddress', desc: true },
  { column: 'pid', desc: false },
  { column: 'state', desc: true },
  { column: 'process', desc: false },
];

/** Pieces of filter text: typed at the end they grow a term, add one, negate, name a field. */
const PIECES = ['w', 'orker', '-', '1', '2', ' ', 'sshd', 'state:', 'est', 'proc:', '=', 'none', '"', 'x', '-1'];

/** One step of a session: a refresh (a diff to these rows) or a filter edit. */
const arbStep = fc.oneof(
  fc.record({ kind: fc.constant('refresh' as const), rows: fc.array(arbConn, { maxLength: 30 }) }),
  fc.record({ kind: fc.constant('type' as const), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('backspace' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    text: fc.constantFrom('', 'worker-1', 'sshd', '-state:listen 1'),
  }),
  // The page is idle: some of the kept view's filter texts are built.
  fc.record({ kind: fc.constant('idle' as const), limit: fc.integer({ min: 1, max: 40 }) }),
  // No filter may be typed for a while: the views let their texts go (warm-filter-text.ts), and the owner texts too.
  fc.record({ kind: fc.constant('drop' as const) }),
);

/** What the grid does once no filter may be typed for a while (warm-filter-text.ts). */
function dropTexts(views: FilteredViews): void {
  views.dropText();
  forgetRowTexts();
}

function expectedView(st: RowsState, filter: string, hideTimeWait: boolean, sort: ViewSort | null): string[] {
  const predicate = viewPredicate(filter, hideTimeWait);
  const filtered = predicate ? st.rows.filter(predicate) : st.rows;
  return (sort ? sortConnections(filtered, sort.column, sort.desc, noExtra) : filtered).map((c) => c.id);
}

describe('filtered views', () => {
  it('always equal filtering and stably sorting the store rows from scratch, with no rebuild after the first', () => {
    fc.assert(
      fc.property(
        fc.array(arbConn, { maxLength: 30 }),
        fc.array(arbStep, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: SORTS.length - 1 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        (first, steps, sortAt, hideTimeWait, indexEarly, dropped) => {
          const sort = SORTS[sortAt] ?? null;
          const views = createFilteredViews(sort, hideTimeWait, noExtra);
          let snap = snapshot(1, first);
          let state = receiveSnapshot(EMPTY_ROWS, snap);
          if (indexEarly) state = withIndex(state);
          let filter = '';
          expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, hideTimeWait, sort));
          const rebuilt = views.rebuilds;
          let before: { rows: Connection[]; ids: string[] } | null = null;
          // What the grid shows: the last view React committed. A render may be dropped before its commit
          // (`dropped`), leaving the grid on an older view while later diffs come.
          let screen: { rows: Connection[]; ids: string[] } | null = null;
          for (const [i, step] of steps.entries()) {
            if (step.kind === 'refresh') {
              const next = snapshot(snap.seq + 1, step.rows);
              state = receiveDiff(state, diffSnapshots(snap, next));
              snap = next;
            } else if (step.kind === 'type') filter += step.piece;
            else if (step.kind === 'backspace') filter = filter.slice(0, -step.count);
            else if (step.kind === 'idle') views.warmText(step.limit);
            else if (step.kind === 'drop') dropTexts(views);
            else filter = step.text;
            const shown = views.sync(state, filter);
            expect(shown.map((c) => c.id)).toEqual(expectedView(state, filter, hideTimeWait, sort));
            // The same rows and filter: the same array (React renders nothing new).
            expect(views.sync(state, filter)).toBe(shown);
            // The view shown before this step is intact: the grid renders it until it renders this one, and
            // indexes write a diff into the arrays of earlier views (view-merge.ts Spare).
            if (before) expect(before.rows.map((c) => c.id)).toEqual(before.ids);
            before = { rows: shown, ids: shown.map((c) => c.id) };
            // And the view on screen is intact, however many renders were dropped since it was committed.
            if (screen) expect(screen.rows.map((c) => c.id)).toEqual(screen.ids);
            if (!dropped[i]) {
              views.shown(shown);
              screen = before;
            }
          }
          // Filter edits cut views from kept ones and diffs update them: nothing is sorted from scratch again.
          expect(views.rebuilds).toBe(rebuilt);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('equal filtering and sorting from scratch while the oldest rows close and new ones open (texts carried)', () => {
    // The sequence of session 33's repro (useViewRows.test.tsx): PID = port, so a digit reads each row's own text,
    // its Service cell included (port 210 is z39.50). Single diffs let the views carry their texts to the next
    // rows (filtered-view.ts carry, view-index.ts carry); a filter cut or an idle warm then reads them.
    const row = (p: number): Connection => conn(p, 1, 'ESTABLISHED', 'x');
    const arbShiftStep = fc.oneof(
      fc.record({
        kind: fc.constant('diff' as const),
        close: fc.integer({ min: 0, max: 3 }),
        open: fc.integer({ min: 0, max: 3 }),
        // Not synced: the next sync sees several diffs at once (the page was busy).
        busy: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('filter' as const),
        text: fc.constantFrom('', '3', '39', '9', '5', '50', '7', '-9', 'z39', 'qmtp', 'x 9', '6'),
      }),
      fc.record({ kind: fc.constant('idle' as const), limit: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('drop' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 220 }),
        fc.array(arbShiftStep, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: SORTS.length - 1 }),
        fc.boolean(),
        (start, steps, sortAt, hideTimeWait) => {
          const sort = SORTS[sortAt] ?? null;
          const views = createFilteredViews(sort, hideTimeWait, noExtra);
          let ports = Array.from({ length: 30 }, (_, n) => start + n);
          let snap = snapshot(1, ports.map(row));
          let state = withIndex(receiveSnapshot(EMPTY_ROWS, snap));
          let filter = '';
          for (const step of steps) {
            if (step.kind === 'diff') {
              const top = ports[ports.length - 1] ?? start;
              ports = [...ports.slice(step.close), ...Array.from({ length: step.open }, (_, n) => top + 1 + n)];
              const next = snapshot(snap.seq + 1, ports.map(row));
              state = receiveDiff(state, diffSnapshots(snap, next));
              snap = next;
              if (step.busy) continue;
            } else if (step.kind === 'filter') filter = step.text;
            else if (step.kind === 'drop') dropTexts(views);
            else views.warmText(step.limit);
            const shown = views.sync(state, filter);
            views.shown(shown);
            expect(shown.map((c) => c.id)).toEqual(expectedView(state, filter, hideTimeWait, sort));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('filters only the rows the previous key kept when a key narrows the filter, and keeps the array when all stay', () => {
    const names = ['worker-1', 'worker-12', 'worker-2', 'sshd', 'worker-3'];
    const rows = Array.from({ length: 20 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 5] ?? null));
    const state = withIndex(receiveSnapshot(EMPTY_ROWS, snapshot(1, rows)));
    const views = createFilteredViews({ column: 'remoteAddress', desc: false }, false, noExtra, counted, countedText);
    const all = views.sync(state, '');
    read.length = 0;
    expect(views.sync(state, 'w')).toHaveLength(16);
    expect(read).toHaveLength(20);
    read.length = 0;
    expect(views.sync(state, 'worker-1')).toHaveLength(8);
    expect(read).toHaveLength(16);
    read.length = 0;
    const twelve = views.sync(state, 'worker-12');
    expect(twelve).toHaveLength(4);
    expect(read).toHaveLength(8);
    // A key every shown row still matches leaves the very same array.
    read.length = 0;
    expect(views.sync(state, 'worker-12 ')).toBe(twelve);
    expect(views.sync(state, 'worker-12 w')).toBe(twelve);
    expect(read).toHaveLength(4);
    // Backspace widens: the kept sorted view of every row is filtered again, in order.
    read.length = 0;
    expect(views.sync(state, 'worker-')).toEqual(all.filter((c) => c.processName?.startsWith('worker-')));
    expect(read).toHaveLength(20);
    expect(views.rebuilds).toBe(1);
  });

  it('cuts a narrowing key from the sorted view once the warm has built its texts, if the last was cut before them', () => {
    // A key typed at once after the click into the box finds no text built: its rows are read cell by cell
    // (filter-text.ts ownCellsTest). The warm then builds the sorted view's; the next key must read those.
    const names = ['worker-1', 'worker-12', 'sshd'];
    const rows = Array.from({ length: 30 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 3] ?? null));
    const state = withIndex(receiveSnapshot(EMPTY_ROWS, snapshot(1, rows)));
    let textless = 0;
    const countTextless = (filter: string): TextFilter | null => {
      const f = compileTextFilter(filter);
      return f && { ...f, test: (c, text) => (text === undefined && textless++, f.test(c, text)) };
    };
    for (const sort of [null, { column: 'remoteAddress', desc: false }]) {
      const views = createFilteredViews(sort, false, noExtra, viewPredicate, countTextless);
      const all = views.sync(state, '');
      textless = 0;
      expect(views.sync(state, '.')).toHaveLength(30);
      expect(textless).toBe(30);
      // Typed before the warm is done: the narrowing cut reads the previous key's rows, still without texts.
      textless = 0;
      expect(views.sync(state, '.1')).toEqual(all.filter(viewPredicate('.1', false) as (c: Connection) => boolean));
      expect(textless).toBe(30);
      expect(views.warmText(100)).toBe(false);
      // Fails if it narrows the previous key's view: its rows read again without their text.
      textless = 0;
      expect(views.sync(state, '.1.')).toEqual(all.filter(viewPredicate('.1.', false) as (c: Connection) => boolean));
      expect(textless).toBe(0);
      // Texts let go and built again (the views' only: the filter's view stays without): still cut from the sorted.
      views.dropText();
      expect(views.warmText(100)).toBe(false);
      expect(views.sync(state, '.1.1')).toEqual(all.filter(viewPredicate('.1.1', false) as (c: Connection) => boolean));
      expect(textless).toBe(0);
    }
  });

  it("carries the unsorted view's texts through a diff: only the rows it brings or moves lack one", () => {
    const names = ['sshd', 'worker-1', 'nginx'];
    const rows = Array.from({ length: 30 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 3] ?? null));
    const first = snapshot(1, rows);
    const views = createFilteredViews(null, false, noExtra);
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, first));
    views.sync(state, '');
    expect(views.warmText(1000)).toBe(false);
    // Two rows close (they move to the closed tail), one changes state, two are new: 5 rows without a text.
    const changed = { ...(rows[7] as Connection), state: 'CLOSE_WAIT' as const };
    const next = snapshot(2, [
      ...rows.filter((_, n) => n !== 3 && n !== 20).map((c, n) => (n === 6 ? changed : c)),
      conn(41, 2, 'ESTABLISHED', 'sshd'),
      conn(42, 3, 'ESTABLISHED', 'nginx'),
    ]);
    state = receiveDiff(state, diffSnapshots(first, next));
    expect(views.sync(state, '')).toHaveLength(32);
    expect(views.warmText(4)).toBe(true);
    expect(views.warmText(1)).toBe(false);
    for (const filter of ['sshd', 'nginx', 'close', '1']) {
      expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, false, null));
    }
  });

  it('never writes a diff into the sorted rows a filter that keeps every row shares, whose texts it still carries', () => {
    // Every row matches `worker`, so its view shares the sorted view's rows (ranked.ts filterRanked); later
    // diffs shift the rows by one, so texts carried from a written-over array would land on the wrong rows.
    const row = (n: number): Connection => conn(n, (n % 5) + 1, 'ESTABLISHED', `worker-${n % 4}`);
    const sort = { column: 'remoteAddress', desc: false };
    const views = createFilteredViews(sort, false, noExtra);
    let ports = Array.from({ length: 24 }, (_, n) => n + 10);
    let snap = snapshot(1, ports.map(row));
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, snap));
    const step = (next: number[], filter: string): void => {
      ports = next;
      const s = snapshot(snap.seq + 1, ports.map(row));
      state = receiveDiff(state, diffSnapshots(snap, s));
      snap = s;
      expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, false, sort));
    };
    views.sync(state, '');
    step([...ports.slice(1), 40], '');
    expect(views.sync(state, 'worker').map((c) => c.id)).toEqual(expectedView(state, 'worker', false, sort));
    for (let k = 0; k < 4; k++) step([...ports.slice(1), 41 + k], 'worker');
    for (const filter of ['worker-1', 'worker-2']) {
      expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, false, sort));
    }
  });

  it("carries the sorted view's texts through a diff after its frame: only the rows it brings or changes lack one", () => {
    const names = ['sshd', 'worker-1', 'nginx'];
    const rows = Array.from({ length: 30 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 3] ?? null));
    const first = snapshot(1, rows);
    const sort = { column: 'remoteAddress', desc: false };
    const views = createFilteredViews(sort, false, noExtra);
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, first));
    views.sync(state, '');
    expect(views.warmText(1000)).toBe(false);
    // One row changes state (written over in place: a new object), two are new: 3 rows without a text.
    const changed = { ...(rows[7] as Connection), state: 'CLOSE_WAIT' as const };
    const next = snapshot(2, [
      ...rows.map((c, n) => (n === 7 ? changed : c)),
      conn(41, 2, 'ESTABLISHED', 'sshd'),
      conn(42, 3, 'ESTABLISHED', 'nginx'),
    ]);
    state = receiveDiff(state, diffSnapshots(first, next));
    expect(views.sync(state, '')).toHaveLength(32);
    // Three texts built, then none is missing (the idle warm carries the texts first).
    views.warmText(3);
    expect(views.warmText(1)).toBe(false);
    for (const filter of ['sshd', 'nginx', 'close', '1']) {
      expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, false, sort));
    }
  });

  it('reads each row its own filter text after diffs moved the rows whose text the view keeps', () => {
    const names = ['sshd', 'worker-1', 'nginx'];
    const rows = Array.from({ length: 30 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 3] ?? null));
    let snap = snapshot(1, rows);
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, snap));
    const sort = { column: 'remoteAddress', desc: true };
    const views = createFilteredViews(sort, false, noExtra);
    const expectView = (filter: string): void =>
      expect(views.sync(state, filter).map((c) => c.id)).toEqual(expectedView(state, filter, false, sort));
    // The first filter makes the sorted view keep its rows' text; the diffs then drop, add and move rows.
    expectView('sshd');
    for (const [seq, keep] of [
      [2, (n: number) => n % 4 !== 1],
      [3, (n: number) => n % 5 !== 2],
    ] as const) {
      const next = snapshot(seq, [
        ...rows.filter((_, n) => keep(n)),
        conn(40 + seq, seq, 'ESTABLISHED', 'sshd'),
        conn(50 + seq, 1, 'LISTEN', 'nginx'),
      ]);
      state = receiveDiff(state, diffSnapshots(snap, next));
      snap = next;
      expectView('sshd');
    }
    // Not a narrowing: cut from the sorted view, with the text it kept through both diffs.
    for (const filter of ['nginx', 'worker', 'sshd', 'ngin', '1']) expectView(filter);
  });

  it("builds the kept view's filter texts in slices while idle, sorted, unsorted or with TIME_WAIT hidden", () => {
    const rows = Array.from({ length: 10 }, (_, n) => conn(n + 1, 1, 'ESTABLISHED', 'sshd'));
    const state = withIndex(receiveSnapshot(EMPTY_ROWS, snapshot(1, rows)));
    // The unsorted view of every row is the store's array: its texts are kept beside it (filtered-view.ts plain).
    const unsorted = createFilteredViews(null, false, noExtra, viewPredicate, countedText);
    unsorted.sync(state, '');
    expect(unsorted.keepsText).toBe(true);
    expect([unsorted.warmText(6), unsorted.warmText(6)]).toEqual([true, false]);
    expect(unsorted.quick('ssh')).toBe(true);
    read.length = 0;
    expect(unsorted.sync(state, 'ssh')).toHaveLength(10);
    expect(read).toHaveLength(10);
    const sorted = createFilteredViews(
      { column: 'localPort', desc: false },
      false,
      noExtra,
      viewPredicate,
      countedText,
    );
    sorted.sync(state, '');
    expect(sorted.keepsText).toBe(true);
    expect([sorted.warmText(4), sorted.warmText(4), sorted.warmText(4)]).toEqual([true, true, false]);
    // Every text built while idle: the first key reads them all from the array.
    read.length = 0;
    expect(sorted.sync(state, 'ssh')).toHaveLength(10);
    expect(read).toHaveLength(10);
    expect(createFilteredViews(null, true, noExtra).keepsText).toBe(true);
  });

  it("hands its rows' filter texts to the views of the next sort or TIME_WAIT switch: they build only the missing", () => {
    const names = ['sshd', 'worker-1', 'nginx'];
    const rows = Array.from({ length: 30 }, (_, n) => conn(n + 1, (n % 6) + 1, 'ESTABLISHED', names[n % 3] ?? null));
    const first = snapshot(1, rows);
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, first));
    let views = createFilteredViews(null, false, noExtra);
    views.sync(state, 'ssh');
    expect(views.warmText(1000)).toBe(false);
    // Unsorted -> sorted -> another sort -> unsorted with TIME_WAIT hidden -> sorted: every text handed on, none built.
    const steps: [ViewSort | null, boolean][] = [
      [{ column: 'remoteAddress', desc: false }, false],
      [{ column: 'process', desc: true }, false],
      [null, true],
      [{ column: 'localPort', desc: false }, false],
    ];
    for (const [sort, hideTimeWait] of steps) {
      const next = createFilteredViews(sort, hideTimeWait, noExtra, viewPredicate, countedText);
      next.adoptTexts(views);
      views = next;
      expect(views.sync(state, 'ssh').map((c) => c.id)).toEqual(expectedView(state, 'ssh', hideTimeWait, sort));
      // warmText(0) builds nothing: false when no text is missing (fails without adoptTexts: all 30 are).
      expect(views.warmText(0)).toBe(false);
    }
    // A diff between the two views: one row changes state, one is new; only those two lack a text in the next views.
    const changed = { ...(rows[7] as Connection), state: 'CLOSE_WAIT' as const };
    const second = snapshot(2, [...rows.map((c, n) => (n === 7 ? changed : c)), conn(41, 2, 'ESTABLISHED', 'sshd')]);
    state = receiveDiff(state, diffSnapshots(first, second));
    const next = createFilteredViews({ column: 'state', desc: false }, false, noExtra);
    next.adoptTexts(views);
    for (const filter of ['ssh', 'close', '1']) {
      expect(next.sync(state, filter).map((c) => c.id)).toEqual(
        expectedView(state, filter, false, { column: 'state', desc: false }),
      );
    }
    expect(next.sync(state, '')).toHaveLength(31);
    // The views being replaced had let their texts go: nothing is handed on, every text is built anew.
    views.dropText();
    const fresh = createFilteredViews({ column: 'pid', desc: false }, false, noExtra);
    fresh.adoptTexts(views);
    fresh.sync(state, '');
    expect(fresh.warmText(30)).toBe(true);
  });

  it('lets its filter texts go on dropText, sorted or unsorted: the next key or idle warm builds them anew', () => {
    const rows = Array.from({ length: 10 }, (_, n) => conn(n + 1, 1, 'ESTABLISHED', n % 2 ? 'sshd' : 'nginx'));
    const state = withIndex(receiveSnapshot(EMPTY_ROWS, snapshot(1, rows)));
    for (const sort of [null, { column: 'localPort', desc: false }]) {
      const views = createFilteredViews(sort, false, noExtra);
      views.sync(state, '');
      expect(views.warmText(100)).toBe(false);
      expect(views.quick('ssh')).toBe(true);
      views.dropText();
      // Every text is missing again: a key would cut from a view without them (not quick), and a warm has work.
      expect(views.quick('ssh')).toBe(false);
      expect(views.sync(state, 'ssh').map((c) => c.localPort)).toEqual([2, 4, 6, 8, 10]);
      expect(views.sync(state, '')).toHaveLength(10);
      expect(views.warmText(100)).toBe(false);
      expect(views.quick('ssh')).toBe(true);
    }
  });

  it('says which filters sync quickly: the same, a narrowing, or any once the sorted view has every text', () => {
    const rows = Array.from({ length: 10 }, (_, n) => conn(n + 1, 1, 'ESTABLISHED', n % 2 ? 'sshd' : 'nginx'));
    const state = withIndex(receiveSnapshot(EMPTY_ROWS, snapshot(1, rows)));
    const unsorted = createFilteredViews(null, false, noExtra);
    unsorted.sync(state, '');
    expect([unsorted.quick(''), unsorted.quick('ssh')]).toEqual([true, false]);
    unsorted.sync(state, 'ssh');
    expect([unsorted.quick('ssh'), unsorted.quick('sshd'), unsorted.quick('ss'), unsorted.quick('nginx')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const sorted = createFilteredViews({ column: 'localPort', desc: false }, false, noExtra);
    sorted.sync(state, '');
    expect(sorted.quick('nginx')).toBe(false);
    sorted.warmText(100);
    expect(sorted.quick('nginx')).toBe(true);
  });
});
