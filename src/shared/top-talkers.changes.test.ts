// The top talkers fed a diff's changed rows (applyChanges, what the page and `netscope top` do per diff) against the
// same tracker fed every row of each snapshot (update()): the same rows in the same order, totals, rates to the bit,
// chart samples and start, refresh after refresh,
// over random churn (sockets opening, closing, moving bytes, restarting on the same 4-tuple, losing their counters,
// closed ones coming back within and past the grace, owners and hosts shared between sockets), with whole reads
// between the changes (a socket that left unseen by applyChanges, then read by update(), ages as update() ages it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from './model';
import { churnSockets, talkerConnection, talkerSocket, type TalkerSocket } from './test-helpers';
import { SEEN_GRACE_REFRESHES, TalkerTracker, type TalkerGrouping } from './top-talkers';

/** A socket with its owner's name (the feed's test keeps names apart, to rename an owner's every socket at once). */
interface Socket extends TalkerSocket {
  name: string | null;
}

/** The row of a socket as the engine reads it: its receive rate twice its send rate. */
function row(s: Socket): Connection {
  const rates = { sendRate: s.rate, receiveRate: s.rate === null ? null : s.rate * 2 };
  return talkerConnection({ ...s, ...rates });
}

/** A refresh's step per socket: 0 stays as it is, 1 moves bytes, 2 closes, 3 restarts (counters from 0). */
const step = fc.record({
  actions: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }),
  opened: fc.integer({ min: 0, max: 3 }),
  // Closed sockets that come back (the oldest first), within the grace or after it.
  returned: fc.integer({ min: 0, max: 2 }),
  // 0: this refresh the changes tracker too reads every row (as the page does when a diff does not follow).
  read: fc.integer({ min: 0, max: 3 }),
  bytes: fc.integer({ min: 1, max: 5000 }),
  // Rates as an engine gives them: bytes over the seconds between two reads, so tenths, not 1e-300 (see moves()).
  rate: fc.option(
    fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 10),
    { nil: null },
  ),
});

/**
 * Rows as rows() gives them, in its order, rates to the bit: `netscope top --json` prints them so, and which path
 * ran must not show (rateOf's steps make the sums exact; byRate's key breaks ties between equal rows).
 */
function rowsOf(t: TalkerTracker): unknown[] {
  return t.rows(true);
}

function samplesOf(t: TalkerTracker): unknown[] {
  return t.history().map((s) => ({ at: s.at, rates: [...s.rates].sort() }));
}

describe.each<TalkerGrouping>(['process', 'host'])('applyChanges by %s', (by) => {
  it('agrees with update() over every snapshot, refresh after refresh', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 2 * SEEN_GRACE_REFRESHES + 6 }), (steps) => {
        let next = 0;
        const open = (): Socket => {
          const n = next++;
          // Two PIDs of each name: idle ones with equal totals tie on everything but their key.
          return { ...talkerSocket(n), name: n % 7 === 0 ? null : `p${n % 2}` };
        };
        let sockets: Socket[] = Array.from({ length: 8 }, open);
        const closed: Socket[] = [];
        const whole = new TalkerTracker(by);
        const changes = new TalkerTracker(by);
        let rows = sockets.map(row);
        whole.update(rows, 0, true);
        changes.update(rows, 0, true);
        for (const [i, s] of steps.entries()) {
          const before = new Map(rows.map((r) => [r.id, r]));
          sockets = churnSockets(sockets, closed, s, open);
          // Unchanged sockets keep their row objects, as the store does.
          rows = sockets.map((sock) => {
            const old = before.get(sock.id);
            const fresh = row(sock);
            return old && JSON.stringify(old) === JSON.stringify(fresh) ? old : fresh;
          });
          const now = new Set(rows);
          const ids = new Set(rows.map((r) => r.id));
          const leaving = [...before.values()].filter((r) => !now.has(r));
          const entering = rows.filter((r) => !before.has(r.id) || before.get(r.id) !== r);
          expect(leaving.every((r) => ids.has(r.id) || !now.has(r))).toBe(true);
          const at = (i + 1) * 1000;
          whole.update(rows, at, true);
          if (s.read === 0) changes.update(rows, at, true);
          else expect(changes.applyChanges(leaving, entering, at)).toBe(true);
          expect(rowsOf(changes)).toEqual(rowsOf(whole));
          // The busiest few (the Top talkers table's head) are rows()' first few, and the total its length.
          for (const withGone of [false, true])
            expect(changes.busiest(3, withGone)).toEqual({
              rows: whole.rows(withGone).slice(0, 3),
              total: whole.rows(withGone).length,
            });
          expect(samplesOf(changes)).toEqual(samplesOf(whole));
          expect(changes.since()).toBe(whole.since());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('applyChanges', () => {
  it('takes nothing before a counted refresh, or after a gap, so the caller gives update() the whole list', () => {
    const t = new TalkerTracker('process');
    expect(t.applyChanges([], [], 0)).toBe(false);
    t.update([], 0, true);
    expect(t.applyChanges([], [], 1)).toBe(true);
    t.gap();
    expect(t.applyChanges([], [], 2)).toBe(false);
    expect(t.history()).toHaveLength(2);
  });
});
