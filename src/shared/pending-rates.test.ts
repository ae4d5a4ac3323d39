import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots } from './diff';
import { assignConnectionIds, emptySnapshot, type Connection, type Snapshot } from './model';
import { settlePendingRates, settleRatesWhenDiffed } from './pending-rates';
import { tcpRow, trafficCounters, udpRow } from './test-helpers';

const ZERO_RATES = { sendRate: 0, receiveRate: 0, segmentSendRate: 0, segmentReceiveRate: 0, retransmissionRate: 0 };

/** Three rows as an engine hands them over on a cold refresh: two TCP connections first seen, a UDP socket. */
function coldRows(): Connection[] {
  return assignConnectionIds([
    tcpRow('10.0.0.1', 50000, '10.0.0.2', 443, 'ESTABLISHED', { inode: 1, traffic: trafficCounters({ bytesSent: 5 }) }),
    tcpRow('10.0.0.1', 50001, '10.0.0.2', 443, 'ESTABLISHED', { inode: 2, traffic: trafficCounters({ bytesSent: 9 }) }),
    udpRow('0.0.0.0', 53, '0.0.0.0', 0, 'NONE', { inode: 3 }),
  ]);
}

/** The indexes settlePendingRates() settles in `rows`. */
function settledIn(rows: readonly Connection[]): number[] {
  const at: number[] = [];
  settlePendingRates(rows, (i) => at.push(i));
  return at;
}

const snapshotOf = (seq: number, connections: Connection[]): Snapshot => emptySnapshot({ seq, connections });

describe('rates settled when a snapshot is diffed', () => {
  it('lists a first-seen row carried over as the same object as changed, with rates 0, and leaves the rest', () => {
    const engine = {};
    const rows = coldRows();
    const base = snapshotOf(1, rows);
    // What a UI holds: the base as it was sent.
    const shown = structuredClone(base);
    // The next refresh carries every row object over; the first row's counters did not move.
    const next = snapshotOf(2, [...rows]);
    settleRatesWhenDiffed(engine, next.connections, [0]);
    const diff = diffSnapshots(base, next);
    expect(diff.changed).toEqual([rows[0]]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(rows[0]?.traffic).toMatchObject(ZERO_RATES);
    expect(rows[1]?.traffic?.sendRate).toBeNull();
    expect(applyDiff(shown, diff).connections).toEqual(next.connections);
    // Used once: the next diff of the same rows finds nothing to settle.
    expect(diffSnapshots(next, snapshotOf(3, [...rows])).changed).toEqual([]);
  });

  it('settles the rows of a list that starts with the engine’s (rows appended after it), not of another list', () => {
    const engine = {};
    const rows = coldRows();
    settleRatesWhenDiffed(engine, rows, [1]);
    const other = coldRows();
    expect(settledIn(other)).toEqual([]);
    expect(other[1]?.traffic?.sendRate).toBeNull();
    const withMore = rows.concat(udpRow('0.0.0.0', 67, '0.0.0.0', 0, 'NONE', { id: 'extra' }));
    expect(settledIn(withMore)).toEqual([1]);
    expect(rows[1]?.traffic).toMatchObject(ZERO_RATES);
  });

  it('never writes a row that already has a rate, nor one without counters; an empty list withdraws', () => {
    const engine = {};
    const rows = coldRows();
    (rows[0]?.traffic as NonNullable<Connection['traffic']>).sendRate = 7;
    settleRatesWhenDiffed(engine, rows, [0, 2]);
    expect(settledIn(rows)).toEqual([]);
    expect(rows[0]?.traffic?.sendRate).toBe(7);
    expect(rows[0]?.traffic?.receiveRate).toBeNull();
    expect(rows[2]?.traffic).toBeUndefined();
    settleRatesWhenDiffed(engine, rows, [1]);
    settleRatesWhenDiffed(engine, rows, []);
    expect(settledIn(rows)).toEqual([]);
    expect(rows[1]?.traffic?.sendRate).toBeNull();
  });
});
