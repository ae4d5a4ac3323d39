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

describe.each<TalkerGrouping>(['process', 'host'])('busiest() from its last call, by %s', (by) => {
  /** Socket n: one of 13 owners and 17 hosts, so that the head busiest() keeps (2 * limit + 1) is not every group. */
  const socket = (n: number): Socket => ({
    ...talkerSocket(n),
    pid: n % 13 === 0 ? null : 200 + (n % 13),
    remote: n % 17 === 0 ? '*' : `203.0.113.${n % 17}`,
    counters: true,
    name: `p${n % 3}`,
  });
  /** Per socket and refresh: 0 stays, 1 moves at the refresh's rate times 1 + the socket's number mod 4, 2 closes, 3 stops. */
  const refresh = fc.record({
    actions: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 }),
    opened: fc.integer({ min: 0, max: 4 }),
    rate: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 4),
    // 0: a whole read (update()); 1: busiest() is not asked this refresh (another tab), its changes pile up.
    read: fc.integer({ min: 0, max: 5 }),
  });

  it('gives what a pass over every group gives, refresh after refresh, gone groups forgotten or not', () => {
    fc.assert(
      fc.property(
        fc.array(refresh, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (refreshes, limit, withGone, goneKept) => {
          let next = 0;
          let sockets = Array.from({ length: 20 }, () => socket(next++));
          const t = new TalkerTracker(by, 300, goneKept);
          let rows = sockets.map(row);
          t.update(rows, 0, true);
          const expected = () => ({ rows: t.rows(withGone).slice(0, limit), total: t.rows(withGone).length });
          expect(t.busiest(limit, withGone)).toEqual(expected());
          for (const [i, r] of refreshes.entries()) {
            const kept: Socket[] = [];
            for (const [k, s] of sockets.entries()) {
              const a = r.actions[k % r.actions.length] as number;
              if (a === 1) {
                const rate = r.rate * (1 + (Number(s.id.slice(1)) % 4));
                kept.push({ ...s, sent: s.sent + 100, received: s.received + 200, rate });
              } else if (a === 3) kept.push({ ...s, rate: 0 });
              else if (a === 0) kept.push(s);
            }
            for (let o = 0; o < r.opened; o++) kept.push(socket(next++));
            sockets = kept;
            const before = new Map(rows.map((c) => [c.id, c]));
            rows = sockets.map((s) => {
              const old = before.get(s.id);
              const fresh = row(s);
              return old && JSON.stringify(old) === JSON.stringify(fresh) ? old : fresh;
            });
            const now = new Set(rows);
            const leaving = [...before.values()].filter((c) => !now.has(c));
            const entering = rows.filter((c) => before.get(c.id) !== c);
            if (r.read === 0) t.update(rows, i + 1, true);
            else t.applyChanges(leaving, entering, i + 1);
            if (r.read !== 1) expect(t.busiest(limit, withGone)).toEqual(expected());
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads only its last head and the groups a diff changed, not every group', () => {
    // 2000 hosts (and 20 owners), 100 of them moving; then a diff moves one more.
    const conns = Array.from({ length: 2000 }, (_, n) =>
      talkerConnection({
        id: `c${n}`,
        inode: 1 + n,
        pid: 300 + (n % 20),
        remote: `10.${n >> 8}.${n & 255}.1`,
        sent: n,
        sendRate: n % 20 === 0 ? n : 0,
        receiveRate: 0,
      }),
    );
    const t = new TalkerTracker(by);
    t.update(conns, 0, true);
    const all = t.rows(true).length;
    expect(t.busiest(5, true).rows).toEqual(t.rows(true).slice(0, 5));
    expect(t.busiestRead).toBe(all);
    const old = conns[7] as Connection;
    const moved = talkerConnection({
      id: 'c7',
      inode: 8,
      pid: 307,
      remote: old.remoteAddress,
      sent: 10_000,
      sendRate: 1_000_000,
      receiveRate: 0,
    });
    t.applyChanges([old], [moved], 1);
    const head = t.busiest(5, true);
    expect(head.rows).toEqual(t.rows(true).slice(0, 5));
    expect(head.rows[0]?.key).toBe(by === 'host' ? `host:${old.remoteAddress}` : 'pid:307');
    // The head kept (2 * 5) and the one group changed.
    expect(t.busiestRead).toBeLessThanOrEqual(11);
  });
});
