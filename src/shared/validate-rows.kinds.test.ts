/**
 * One rule on every wire path (plain JSON rows, the packed table, the binary frame): an optional field of the wrong
 * kind is left out of its row (the row kept, every other field equal) and counted; a required field of the wrong kind
 * refuses the rows (plain, binary, and packed through packedRowsError, which its readers call before unpacking).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Connection, Snapshot } from './model';
import { droppedMessage, noFieldsDropped, readInboundRows } from './validate-rows';
import { isPackedSnapshot, packedRowsError, packSnapshot, unpackSnapshot } from './wire';
import { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame } from './wire-frame';
import { arbSnapshot, viaJson } from './wire-absent.fixtures';

/** Per optional field, values of the wrong kind a foreign peer might send (all JSON). */
const WRONG_OPTIONAL: Record<string, unknown[]> = {
  components: [5, 'Dnscache', [1], { a: 'x' }, true],
  traffic: [5, 'x', [], true, { bytesSent: 1, rttMs: 'x' }, { bytesSent: null }, { bytesReceived: '3' }],
  offloadState: [0, true, [], {}],
  template: [1, false, ['Internet'], {}],
  unixType: [2, true, [], { t: 'stream' }],
  peerInode: ['7', true, [], {}],
};
const OPTIONAL = Object.keys(WRONG_OPTIONAL);

/** Per required field, a value of the wrong kind. */
const WRONG_REQUIRED: Record<string, unknown[]> = {
  id: [5, null, {}],
  protocol: [6, null],
  family: ['4', null],
  localAddress: [1, null],
  localPort: ['22', null],
  remoteAddress: [[], null],
  remotePort: ['443', true],
  state: [1, null],
  pid: ['1', true],
  processName: [1, []],
  exePath: [2, {}],
  commandLine: [3, true],
  user: [4, false],
  uid: ['0', true],
  inode: ['1', {}],
  rxQueue: ['0', []],
  txQueue: ['0', false],
};

type Bad = { field: string; value: unknown };
const arbBad = fc
  .constantFrom(...OPTIONAL)
  .chain((field) => fc.constantFrom(...(WRONG_OPTIONAL[field] as unknown[])).map((value): Bad => ({ field, value })));

/** A snapshot (as JSON carries it) whose rows hold some optional fields of the wrong kind, and what must arrive. */
const arbCase = arbSnapshot.chain((s) => {
  const sent = viaJson(s);
  return fc
    .array(fc.uniqueArray(arbBad, { selector: (b) => b.field, maxLength: 3 }), {
      minLength: sent.connections.length,
      maxLength: sent.connections.length,
    })
    .map((bads) => {
      const expected = viaJson(sent).connections;
      const rows = sent.connections.map((c, i) => {
        const row = c as unknown as Record<string, unknown>;
        for (const b of bads[i] ?? []) row[b.field] = b.value;
        return c;
      });
      for (const [i, list] of bads.entries())
        for (const b of list) Reflect.deleteProperty(expected[i] as unknown as Record<string, unknown>, b.field);
      const count = bads.reduce((sum, list) => sum + list.length, 0);
      return { snapshot: { ...sent, connections: rows } as Snapshot, expected, count };
    });
});

const arbRequiredCase = arbSnapshot
  .filter((s) => s.connections.length > 0)
  .chain((s) =>
    fc.record({
      snapshot: fc.constant(viaJson(s)),
      row: fc.nat({ max: s.connections.length - 1 }),
      field: fc.constantFrom(...Object.keys(WRONG_REQUIRED)),
      pick: fc.nat(),
    }),
  )
  .map(({ snapshot, row, field, pick }) => {
    const values = WRONG_REQUIRED[field] as unknown[];
    (snapshot.connections[row] as unknown as Record<string, unknown>)[field] = values[pick % values.length];
    return { snapshot, row, field };
  });

describe('an optional field of the wrong kind is left out of its row, and counted', () => {
  it('in plain JSON rows (a diff, an unpacked snapshot)', () => {
    fc.assert(
      fc.property(arbCase, ({ snapshot, expected, count }) => {
        const dropped = noFieldsDropped();
        const rows = viaJson(snapshot).connections;
        expect(readInboundRows(rows, dropped)).toBeNull();
        expect(rows).toStrictEqual(expected);
        expect(dropped.count).toBe(count);
        expect(dropped.first === null).toBe(count === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('through the packed snapshot', () => {
    fc.assert(
      fc.property(arbCase, ({ snapshot, expected, count }) => {
        const sent = viaJson(packSnapshot(snapshot));
        if (!isPackedSnapshot(sent)) throw new Error('not packed');
        const dropped = noFieldsDropped();
        expect(unpackSnapshot(sent, dropped).connections).toStrictEqual(expected);
        expect(dropped.count).toBe(count);
      }),
      { numRuns: 300 },
    );
  });

  it('through the binary frame', () => {
    fc.assert(
      fc.property(arbCase, ({ snapshot, expected, count }) => {
        const dropped = noFieldsDropped();
        const frame = decodeSnapshotFrame(
          snapshotFrame({ type: 'push', channel: 'snapshot' }, encodeSnapshotColumns(snapshot)),
          dropped,
        );
        if ('error' in frame) throw new Error(frame.error);
        expect(frame.snapshot.connections).toStrictEqual(expected);
        expect(dropped.count).toBe(count);
      }),
      { numRuns: 300 },
    );
  });

  it('is said in one line naming the first', () => {
    const dropped = noFieldsDropped();
    const rows = [
      { id: 'a', traffic: { bytesSent: 1, rttMs: 'x' } },
      { id: 'b', template: 1, components: 'x' },
    ];
    expect(readInboundRows(rows, dropped)).toBeNull();
    expect(rows).toStrictEqual([{ id: 'a' }, { id: 'b' }]);
    expect(droppedMessage(dropped)).toBe(
      '3 fields of the wrong kind, left out of their rows (first: row 0 (a): traffic is not an object of counters)',
    );
    expect(droppedMessage(noFieldsDropped())).toBeNull();
  });
});

describe('a required field of the wrong kind refuses the rows', () => {
  it('in plain JSON rows, naming the row and the field', () => {
    fc.assert(
      fc.property(arbRequiredCase, ({ snapshot, row, field }) => {
        const error = readInboundRows(viaJson(snapshot).connections);
        // The generated rows are fit: the one made wrong is named, with its field.
        expect(error).toMatch(new RegExp(`^row ${row} \\(.*\\): ${field} is not `));
      }),
      { numRuns: 300 },
    );
  });

  it('through the binary frame', () => {
    fc.assert(
      fc.property(arbRequiredCase, ({ snapshot, field }) => {
        const frame = decodeSnapshotFrame(snapshotFrame({ type: 'result', id: 1 }, encodeSnapshotColumns(snapshot)));
        expect('error' in frame ? frame.error : 'decoded').toMatch(new RegExp(`: ${field} is not `));
      }),
      { numRuns: 300 },
    );
  });

  it('through the packed snapshot (packedRowsError), naming the row and the field; fit rows pass', () => {
    fc.assert(
      fc.property(arbRequiredCase, ({ snapshot, row, field }) => {
        const sent = viaJson(packSnapshot(snapshot));
        if (!isPackedSnapshot(sent)) throw new Error('not packed');
        const id = (snapshot.connections[row] as unknown as Record<string, unknown>).id;
        // The id as the message names it, its regular-expression characters escaped (ids hold '[', '|', '.').
        const named = field === 'id' ? '.*' : String(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(packedRowsError(sent.packed)).toMatch(new RegExp(`^row ${row} \\(${named}\\): ${field} is not `));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(arbSnapshot, (snapshot) => {
        const sent = viaJson(packSnapshot(viaJson(snapshot)));
        expect(isPackedSnapshot(sent) && packedRowsError(sent.packed)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('packed: a table entry no row points at, or an index outside the table, is not judged', () => {
    const packed = {
      fields: ['id', 'localPort', 'protocol'],
      dicts: [null, null, ['tcp', 6]],
      columns: [
        ['a', 'b'],
        [22, 80],
        [0, 7],
      ],
    };
    expect(packedRowsError(packed)).toBeNull();
    packed.columns[2] = [0, 1];
    expect(packedRowsError(packed)).toBe('row 1 (b): protocol is not text');
  });

  it('packed: a malformed table is refused with a reason, not a throw (review N: `dicts: [{}]`)', () => {
    const fields = ['id', 'protocol'];
    const columns = [['a'], [0]];
    expect(packedRowsError({ fields, dicts: [null, {} as unknown[]], columns })).toBe(
      "the table's column 1 is malformed",
    );
    expect(packedRowsError({ fields, dicts: [null, null], columns: [['a'], 'x' as unknown as unknown[]] })).toBe(
      "the table's column 1 is malformed",
    );
    expect(packedRowsError({ fields, dicts: [null], columns })).toBe('the table has lists of unequal length');
  });

  it("keeps a row without the field: absent is not judged (the contract's shape is the sender's)", () => {
    const rows: Partial<Connection>[] = [{ id: 'a' }];
    expect(readInboundRows(rows)).toBeNull();
  });
});
