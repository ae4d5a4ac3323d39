/**
 * Diffs as binary frames (netscope.v5): the rows come back as `added` and `changed` in their order with the rest of
 * the diff; a frame whose envelope is not a diff's says why with the diff's route (so nothing half-read reaches the
 * store); a v4 reader (decodeSnapshotFrame) refuses a diff frame instead of taking it for a snapshot. Property
 * round trips against JSON: wire-absent.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { diffSnapshots, type SnapshotDiff } from './diff';
import { emptySnapshot, type Connection } from './model';
import { defaultRoute, tcpRow, trafficCounters } from './test-helpers';
import { encodeColumns } from './wire-columns';
import { encodeDiffColumns } from './wire-diff-frame';
import { decodeFrame, decodeSnapshotFrame, diffFrame } from './wire-frame';

const U32_MAX = 2 ** 32 - 1;

/** Row i: an IPv4 or IPv6 connection with counters (0 and 2^32-1 among them), every 3rd without an owner. */
function row(i: number, grown = 0): Connection {
  const v6 = i % 2 === 1;
  return tcpRow(
    v6 ? '2001:db8::1' : '10.0.0.1',
    40000 + i,
    v6 ? `2001:db8::${i.toString(16)}` : `10.1.0.${i % 250}`,
    443,
    'ESTABLISHED',
    {
      id: `c${i}`,
      pid: i % 3 === 0 ? null : 100 + (i % 7),
      processName: i % 3 === 0 ? null : `proc${i % 7}`,
      user: i % 3 === 0 ? null : '',
      traffic: trafficCounters({
        bytesSent: i === 0 ? U32_MAX : i * 1000 + grown,
        bytesReceived: grown,
        sendRate: grown / 2,
      }),
    },
  );
}

const trip = (diff: SnapshotDiff) => decodeFrame(diffFrame(encodeDiffColumns(diff)));

describe('diff frames', () => {
  it('carry the added rows, then the changed ones, and the rest of the diff as it was', () => {
    const base = emptySnapshot({ seq: 7, connections: [row(0), row(1), row(2), row(3)] });
    const next = emptySnapshot({
      seq: 8,
      connections: [row(0), { ...row(1), state: 'CLOSE_WAIT' }, row(3, 5000), row(4), row(5)],
      routes: [defaultRoute()],
    });
    const diff = diffSnapshots(base, next);
    expect([diff.added.length, diff.changed.length, diff.removed]).toEqual([2, 2, ['c2']]);
    expect(diff.routes).toBeDefined();
    expect(trip(diff)).toStrictEqual({
      route: { type: 'push', channel: 'diff' },
      diff: JSON.parse(JSON.stringify(diff)),
    });
  });

  it('carry a diff without rows, and one with rows of one kind only', () => {
    const empty = diffSnapshots(
      emptySnapshot({ seq: 1, connections: [row(0)] }),
      emptySnapshot({ seq: 2, connections: [] }),
    );
    expect(trip(empty)).toStrictEqual({
      route: { type: 'push', channel: 'diff' },
      diff: JSON.parse(JSON.stringify(empty)),
    });
    const addedOnly = { ...empty, removed: [], added: [row(9)] };
    expect(trip(addedOnly)).toMatchObject({ diff: { added: [row(9)], changed: [] } });
    const changedOnly = { ...empty, removed: [], changed: [row(9)] };
    expect(trip(changedOnly)).toMatchObject({ diff: { added: [], changed: [row(9)] } });
  });

  it('say why an envelope is not a diff, with the diff route, and deliver nothing', () => {
    const rows = [row(1), row(2)];
    const envelope = { seq: 2, baseSeq: 1, takenAt: 0, tookMs: 1, removed: [], collectors: [] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [envelope, /addedRows/],
      [{ ...envelope, addedRows: 3 }, /addedRows/],
      [{ ...envelope, addedRows: -1 }, /addedRows/],
      [{ ...envelope, addedRows: 0.5 }, /addedRows/],
      [{ ...envelope, addedRows: '1' }, /addedRows/],
      [{ ...envelope, addedRows: 1, seq: undefined }, /seq/],
      [{ ...envelope, addedRows: 1, baseSeq: '1' }, /seq/],
      [{ ...envelope, addedRows: 1, removed: 'c1' }, /removed/],
      [{ ...envelope, addedRows: 1, removed: ['c1', 2] }, /removed/],
    ];
    for (const [env, why] of cases) {
      const decoded = decodeFrame(diffFrame(encodeColumns(rows, env)));
      expect(decoded, JSON.stringify(env)).toEqual({
        route: { type: 'push', channel: 'diff' },
        error: expect.stringMatching(why),
      });
    }
  });

  it('are refused by a reader of snapshot frames alone (a v4 page), not read as a snapshot', () => {
    const diff = diffSnapshots(
      emptySnapshot({ seq: 1, connections: [] }),
      emptySnapshot({ seq: 2, connections: [row(1)] }),
    );
    expect(decodeSnapshotFrame(diffFrame(encodeDiffColumns(diff)))).toEqual({
      route: null,
      error: expect.stringMatching(/neither a snapshot push nor a call result/),
    });
  });

  it('hold a diff of rows with counters in a fraction of its JSON', () => {
    const base = emptySnapshot({ seq: 1, connections: Array.from({ length: 2000 }, (_, i) => row(i)) });
    const next = emptySnapshot({ seq: 2, connections: Array.from({ length: 2000 }, (_, i) => row(i, 1 + i)) });
    const diff = diffSnapshots(base, next);
    expect(diff.changed).toHaveLength(2000);
    const json = new TextEncoder().encode(JSON.stringify({ type: 'push', channel: 'diff', payload: diff })).length;
    const frame = diffFrame(encodeDiffColumns(diff)).length;
    expect(frame).toBeLessThan(json / 3);
  });
});
