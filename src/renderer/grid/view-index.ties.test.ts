import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { diffSnapshots } from '../../shared/diff';
import { compileFilter } from '../../shared/filter';
import { blankConnection, type Connection, type Snapshot } from '../../shared/model';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from '../store/rows';
import { sortConnections } from './sort';
import { createViewIndex, type ViewSort } from './view-index';
import { uniqueSnapshot } from '../store/test-helpers';

const noExtra = (): string => '';

/**
 * Many rows, few keys: two processes (or none) and two states own every socket, as when one process holds
 * thousands of connections. Places among equal keys then rest on arrival order alone (view-index.ts lowerBound).
 */
const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 80 }),
    pid: fc.option(fc.integer({ min: 1, max: 2 }), { freq: 6 }),
    closing: fc.boolean(),
  })
  .map((r) =>
    blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: r.port,
      remoteAddress: '10.0.0.2',
      remotePort: 443,
      state: r.closing ? 'CLOSE_WAIT' : 'ESTABLISHED',
      pid: r.pid,
      processName: r.pid === null ? null : `p${r.pid}`,
    }),
  );

const SORTS: ViewSort[] = [
  { column: 'process', desc: false },
  { column: 'process', desc: true },
  { column: 'state', desc: false },
  { column: 'pid', desc: true },
  { column: 'remoteAddress', desc: false },
];

/** The store's change without the orders it hands over, so the view looks each one up by id instead. */
function withoutOrds(state: RowsState): RowsState {
  if (!state.change) return state;
  const { base, baseVersion, left, entered } = state.change;
  return { ...state, change: { base, baseVersion, left, entered } };
}

describe('incremental view with many ties', () => {
  it('equals filtering and stably sorting the store rows from scratch, over random diffs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbConn, { maxLength: 60 }), { minLength: 2, maxLength: 8 }),
        fc.constantFrom('', 'state:est', '-p1'),
        fc.constantFrom(...SORTS),
        fc.boolean(),
        (lists, filter, sort, handsOrds) => {
          const snaps = lists.map((cs, i) => uniqueSnapshot(cs, i + 1));
          const predicate = compileFilter(filter);
          const view = createViewIndex(predicate, sort, noExtra);
          let state: RowsState = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
          const check = (st: RowsState): void => {
            const filtered = predicate ? st.rows.filter(predicate) : st.rows;
            const expected = sortConnections(filtered, sort.column, sort.desc, noExtra);
            const shown = view.sync(handsOrds ? st : withoutOrds(st));
            expect(shown.map((c: Connection) => c.id)).toEqual(expected.map((c) => c.id));
          };
          check(state);
          for (let i = 1; i < snaps.length; i++) {
            state = receiveDiff(state, diffSnapshots(state.snapshot as Snapshot, snaps[i] as Snapshot));
            check(state);
          }
          // Every diff was followed, none rebuilt the view.
          expect(view.rebuilds).toBe(1);
        },
      ),
      { numRuns: 400 },
    );
  });
});
