/**
 * A peer's null in an optional field that has no null (traffic, components, offloadState, template, unixType)
 * arrives absent through every decoder and the plain JSON rows' check; a value of the wrong kind is left out
 * (validate-rows.kinds.test.ts), a required field's refuses the rows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptySnapshot, type Connection, type Snapshot } from './model';
import { readInboundRows } from './validate-rows';
import { isPackedSnapshot, packSnapshot, unpackSnapshot } from './wire';
import { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame } from './wire-frame';
import { headMessage, readHead, snapshotHead } from './wire-head';
import { arbSnapshot, viaJson } from './wire-absent.fixtures';

const NO_NULL = ['components', 'traffic', 'offloadState', 'template', 'unixType'] as const;

/** A snapshot as an older or foreign peer may send it: some rows carry null in fields that have no null. */
const arbPeerSnapshot: fc.Arbitrary<Snapshot> = arbSnapshot.chain((s) =>
  fc
    .array(fc.subarray([...NO_NULL]), { minLength: s.connections.length, maxLength: s.connections.length })
    .map((nulls) => ({
      ...s,
      connections: s.connections.map((c, i) => {
        const row: Record<string, unknown> = { ...c };
        for (const f of nulls[i] ?? []) row[f] = null;
        return row as unknown as Connection;
      }),
    })),
);

/** What the views must get: the JSON trip, without those nulls. */
function expected(s: Snapshot): Connection[] {
  return viaJson(s).connections.map((c) => {
    const row: Record<string, unknown> = { ...c };
    for (const f of NO_NULL) if (row[f] === null) Reflect.deleteProperty(row, f);
    return row as unknown as Connection;
  });
}

describe('a null where a field has no null arrives absent', () => {
  // packSnapshot and encodeSnapshotColumns send a null as a null: what an older encoder sent for a present undefined.
  it('through the packed snapshot', () => {
    fc.assert(
      fc.property(arbPeerSnapshot, (s) => {
        const sent = viaJson(packSnapshot(s));
        if (!isPackedSnapshot(sent)) throw new Error('not packed');
        expect(unpackSnapshot(sent).connections).toStrictEqual(expected(s));
      }),
      { numRuns: 200 },
    );
  });

  it('through the binary frame', () => {
    fc.assert(
      fc.property(arbPeerSnapshot, (s) => {
        const frame = decodeSnapshotFrame(snapshotFrame({ type: 'result', id: 1 }, encodeSnapshotColumns(s)));
        if ('error' in frame) throw new Error(frame.error);
        expect(frame.snapshot.connections).toStrictEqual(expected(s));
      }),
      { numRuns: 200 },
    );
  });

  it('through the head push', () => {
    fc.assert(
      fc.property(arbPeerSnapshot, (s) => {
        const head = snapshotHead(s, { sort: null, filter: '', hideTimeWait: false, rows: 500 });
        const read = head && readHead((JSON.parse(headMessage(head)) as { payload: unknown }).payload);
        expect(read?.rows).toStrictEqual(expected(s));
      }),
      { numRuns: 200 },
    );
  });

  it('through the plain JSON rows of a diff or an unpacked snapshot', () => {
    fc.assert(
      fc.property(arbPeerSnapshot, (s) => {
        const rows = viaJson(s).connections;
        expect(readInboundRows(rows)).toBeNull();
        expect(rows).toStrictEqual(expected(s));
      }),
      { numRuns: 200 },
    );
  });

  it('through a packed column that holds it inline, and keeps null where the field has one (peerInode)', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, traffic: i % 3 ? { bytesSent: i } : null }));
    const table = {
      fields: ['id', 'traffic', 'peerInode'],
      dicts: [null, null, null],
      columns: [rows.map((r) => r.id), rows.map((r) => r.traffic), rows.map((_, i) => (i % 2 ? 7 : null))],
    };
    const back = unpackSnapshot({ ...viaJson(packSnapshot(emptySnapshot())), packed: table }).connections;
    expect(back.map((c) => ('traffic' in c ? c.traffic : 'absent'))).toEqual(
      rows.map((r) => (r.traffic === null ? 'absent' : r.traffic)),
    );
    expect(back.map((c) => c.peerInode)).toEqual(rows.map((_, i) => (i % 2 ? 7 : null)));
  });
});

describe('readInboundRows', () => {
  it('leaves out an optional value of the wrong kind (the row kept), refuses a required one, naming row and field', () => {
    const row = (extra: Record<string, unknown>) => ({ id: 'tcp 1', ...extra });
    for (const bad of [{ traffic: 5 }, { traffic: [] }, { components: 'Dnscache' }, { components: [1] }]) {
      const rows = [row({}), row(bad)];
      expect(readInboundRows(rows)).toBeNull();
      expect(rows).toStrictEqual([row({}), row({})]);
    }
    for (const f of ['offloadState', 'template', 'unixType']) expect(readInboundRows([row({ [f]: 0 })])).toBeNull();
    expect(readInboundRows([row({}), row({ localPort: '22' })])).toBe('row 1 (tcp 1): localPort is not a number');
    expect(readInboundRows([row({ state: 5 })])).toBe('row 0 (tcp 1): state is not text');
    expect(readInboundRows([row({ pid: '1' })])).toBe('row 0 (tcp 1): pid is not a number or null');
    expect(readInboundRows('rows')).toBe('rows are not a list');
    expect(readInboundRows([null])).toBe('row 0 is not an object');
  });

  it('keeps set values, present undefined and nulls of fields that have one', () => {
    const rows = [{ id: 'a', traffic: { bytesSent: 1 }, components: ['x'], template: '', peerInode: null, uid: null }];
    const before = structuredClone(rows);
    expect(readInboundRows(rows)).toBeNull();
    expect(rows).toStrictEqual(before);
    const undef = [{ id: 'b', traffic: undefined }];
    expect(readInboundRows(undef)).toBeNull();
    expect(undef).toStrictEqual([{ id: 'b', traffic: undefined }]);
  });
});
