/**
 * Every wire format the app uses gives what a JSON trip gives: a field that is absent or present-but-undefined
 * arrives absent (never null, never a present undefined), a set one arrives equal. The formats: the packed JSON
 * snapshot (wire.ts: serve's `netscope.v1`, the remote agent, the desktop harness), the binary columnar frame
 * (wire-frame.ts over wire-columns*.ts: `netscope.v4` pages), the head push (wire-head.ts, packed rows) and the
 * diff push (plain JSON, as serve/push-json.ts sends it and the agent link reads it; binary columns to `netscope.v5`
 * pages, wire-diff-frame.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SnapshotDiff } from './diff';
import { blankConnection, type Connection, type Snapshot } from './model';
import { runToEnd } from './run-steps';
import { isPackedSnapshot, packConnections, packSnapshot, unpackConnections, unpackSnapshot } from './wire';
import { encodeDiffColumns } from './wire-diff-frame';
import {
  decodeFrame,
  decodeSnapshotFrame,
  diffFrame,
  encodeSnapshotColumns,
  encodeSnapshotColumnsInSteps,
  snapshotFrame,
} from './wire-frame';
import { headMessage, readHead, snapshotHead } from './wire-head';
import { arbDiff, arbSnapshot, viaJson } from './wire-absent.fixtures';

const RUNS = { numRuns: 300 };

function packedTrip(s: Snapshot): Snapshot {
  const sent = viaJson(packSnapshot(s));
  if (!isPackedSnapshot(sent)) throw new Error('not a packed snapshot');
  return unpackSnapshot(sent);
}

function frameTrip(s: Snapshot, inSteps: boolean): Snapshot {
  const columns = inSteps ? runToEnd(encodeSnapshotColumnsInSteps(s)) : encodeSnapshotColumns(s);
  const frame = decodeSnapshotFrame(snapshotFrame({ type: 'push', channel: 'snapshot' }, columns));
  if ('error' in frame) throw new Error(frame.error);
  return frame.snapshot;
}

function headTrip(s: Snapshot): Connection[] {
  const head = snapshotHead(s, { sort: null, filter: '', hideTimeWait: false, rows: 500 });
  if (!head) throw new Error('no head');
  const read = readHead((viaJson(JSON.parse(headMessage(head))) as { payload: unknown }).payload);
  if (!read) throw new Error('head unreadable');
  return read.rows;
}

const diffTrip = (d: SnapshotDiff): SnapshotDiff =>
  (viaJson({ type: 'push', channel: 'diff', payload: d }) as { payload: SnapshotDiff }).payload;

/** No row holds a present undefined or a null where the sent row had no value (toStrictEqual says the rest). */
function expectNoPresentUndefined(rows: readonly object[]): void {
  for (const row of rows) for (const [k, v] of Object.entries(row)) expect(v, k).not.toBeUndefined();
}

describe('every wire format keeps absent fields absent, as JSON does', () => {
  it('the packed JSON snapshot', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const back = packedTrip(s);
        expect(back).toStrictEqual(viaJson(s));
        expectNoPresentUndefined(back.connections);
      }),
      RUNS,
    );
  });

  it('the binary columnar frame, in one go and in steps', () => {
    fc.assert(
      fc.property(arbSnapshot, fc.boolean(), (s, inSteps) => {
        const back = frameTrip(s, inSteps);
        expect(back).toStrictEqual(viaJson(s));
        expectNoPresentUndefined(back.connections);
      }),
      RUNS,
    );
  });

  it('the head push', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const rows = headTrip(s);
        expect(rows).toStrictEqual(viaJson(s.connections));
        expectNoPresentUndefined(rows);
      }),
      RUNS,
    );
  });

  it('the diff push', () => {
    fc.assert(
      fc.property(arbDiff, (d) => {
        const back = diffTrip(d);
        expect(back).toStrictEqual(viaJson(d));
        expectNoPresentUndefined([...back.added, ...back.changed]);
      }),
      RUNS,
    );
  });

  it('the binary diff frame', () => {
    fc.assert(
      fc.property(arbDiff, (d) => {
        const frame = decodeFrame(diffFrame(encodeDiffColumns(d)));
        if (!('diff' in frame)) throw new Error('error' in frame ? frame.error : 'not a diff frame');
        expect(frame.diff).toStrictEqual(viaJson(d));
        expectNoPresentUndefined([...frame.diff.added, ...frame.diff.changed]);
      }),
      RUNS,
    );
  });
});

describe('the packed table with a present-undefined field', () => {
  const row = (id: string, extra: Partial<Connection>): Connection => ({
    ...blankConnection({
      protocol: 'tcp',
      family: 6,
      localAddress: '::1',
      localPort: 22,
      remoteAddress: '',
      remotePort: 0,
      state: 'LISTEN',
    }),
    id,
    ...extra,
  });

  it('sends no null for it, in a tabled column or an inline one', () => {
    const rows = [row('a', { traffic: undefined }), row('b', {}), row('c', { peerInode: undefined })];
    const packed = viaJson(packConnections(rows));
    const back = unpackConnections(packed);
    expect(back).toStrictEqual(viaJson(rows));
    expect('traffic' in (back[0] as object)).toBe(false);
    expect('peerInode' in (back[2] as object)).toBe(false);
  });

  it('keeps a field only rows of one key count have, after rows of that count with other fields', () => {
    const rows = [row('a', { template: 'Internet' }), row('b', { unixType: 'stream' })];
    expect(unpackConnections(viaJson(packConnections(rows)))).toStrictEqual(viaJson(rows));
  });
});
