/** The id index behind receiveDiff: the same marks, closed rows and order as the whole-snapshot path. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDiff, diffSnapshots } from '../../shared/diff';
import { blankConnection, type Connection, type Snapshot } from '../../shared/model';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';
import { uniqueSnapshot } from './test-helpers';

/** Few ports and peers, so refreshes close sockets and open the same ids again a refresh or two later. */
const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 12 }),
    state: fc.constantFrom('ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT'),
    pid: fc.option(fc.integer({ min: 1, max: 3 })),
  })
  .map((r) =>
    blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: r.port,
      remoteAddress: '10.0.0.2',
      remotePort: 443,
      state: r.state as Connection['state'],
      pid: r.pid,
    }),
  );

describe('receiveDiff through the id index', () => {
  it('marks, closes and orders rows exactly as a whole snapshot of the same refresh does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(arbConn, { maxLength: 14 }), { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (lists, indexEarly) => {
          const snaps = lists.map((cs, i) => uniqueSnapshot(cs, i + 1));
          let state: RowsState = receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot);
          if (indexEarly) state = withIndex(state);
          for (let i = 1; i < snaps.length; i++) {
            const prev = state.snapshot as Snapshot;
            const diff = diffSnapshots(prev, snaps[i] as Snapshot);
            const whole = receiveSnapshot(state, applyDiff(prev, diff));
            const next = receiveDiff(state, diff);
            expect(next.snapshot).toEqual(whole.snapshot);
            expect([...next.marks].sort()).toEqual([...whole.marks].sort());
            expect(next.closed.map((c) => c.id)).toEqual(whole.closed.map((c) => c.id));
            // `rows` is in ascending arrival order, which ordOf must agree with (the grid's tie-break).
            const ords = next.rows.map(next.ordOf);
            expect(ords).toEqual([...ords].sort((a, b) => a - b));
            expect(new Set(ords).size).toBe(ords.length);
            // The previous state still ranks its own rows in its own order (the view drops them by it).
            const before = state.rows.map(state.ordOf);
            expect(before).toEqual([...before].sort((a, b) => a - b));
            // The orders the change hands the view are each row's ordOf: the previous state's for rows that left.
            const change = next.change;
            if (change) {
              expect([...(change.leftOrds ?? [])]).toEqual(change.left.map(state.ordOf));
              expect([...(change.enteredOrds ?? [])]).toEqual(change.entered.map(next.ordOf));
              // The changed rows: the last `changed` that left are, in order, the first `changed` that entered.
              const changed = change.changed ?? 0;
              const changedLeft = change.left.slice(change.left.length - changed).map((c) => c.id);
              expect(changedLeft).toEqual(change.entered.slice(0, changed).map((c) => c.id));
              expect(changed).toBe(diff.changed.filter((c) => !diff.removed.includes(c.id)).length);
            }
            // Every row's order in one array, where still known: the same as ordOf (the previous state's is
            // either still right or null, once this diff has written over the index it read).
            for (const st of [state, next]) {
              const all = st.ords();
              if (all) expect([...all]).toEqual(st.rows.map(st.ordOf));
            }
            if (next.change) expect(next.ords()).not.toBeNull();
            state = next;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
