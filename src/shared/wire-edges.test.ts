/** A packed snapshot carries its rows in the table only: its connections list is empty, everything else as it was. */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from './model';
import { packConnections, packSnapshot, unpackConnections, unpackSnapshot } from './wire';
import { numberedRows } from './wire.fixtures';

describe('packSnapshot', () => {
  it('empties connections, keeps the other fields, and unpacks to the same snapshot', () => {
    const snapshot = {
      ...emptySnapshot(),
      seq: 7,
      connections: [
        blankConnection({
          protocol: 'tcp',
          family: 6,
          localAddress: '::1',
          localPort: 22,
          remoteAddress: '::',
          remotePort: 0,
          state: 'LISTEN',
        }),
      ],
    };
    const packed = packSnapshot(snapshot);
    expect(packed.connections).toEqual([]);
    expect(packed.seq).toBe(7);
    expect(unpackSnapshot(packed)).toEqual(snapshot);
  });
});

describe('packConnections, computed inside each test (a describe-level pack runs outside any test, so a mutation run never counts it)', () => {
  const base = (i: number, extra: Record<string, unknown> = {}) => ({
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 1000 + i,
      remoteAddress: '10.0.0.2',
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    ...extra,
  });

  it('lists each field once however the row shapes alternate', () => {
    const rows = [base(0), base(1, { components: ['RpcSs'] }), base(2), base(3, { components: ['Dnscache'] }), base(4)];
    const packed = packConnections(rows);
    expect([...packed.fields].sort()).toEqual(Object.keys(rows[1] as object).sort());
    expect(unpackConnections(packed)).toEqual(rows);
  });

  it('equal arrays from different rows share one table entry', () => {
    const rows = Array.from({ length: 8 }, (_, i) => base(i, { components: ['RpcSs', 'Dnscache'] }));
    const packed = packConnections(rows);
    const at = packed.fields.indexOf('components');
    expect(packed.dicts[at]).toEqual([['RpcSs', 'Dnscache']]);
    expect(packed.columns[at]).toEqual(new Array(8).fill(0));
  });

  it('rows of a single field pack and unpack', () => {
    const rows = [{ id: 'a' }, { id: 'b' }] as unknown as Connection[];
    const packed = packConnections(rows);
    expect(packed.fields).toEqual(['id']);
    expect(unpackConnections(packed)).toEqual(rows);
  });
});

describe('packConnections picks each column its encoding (inside the test, so a mutation run credits it)', () => {
  const dictOf = (rows: Connection[], field: string) => {
    const packed = packConnections(rows);
    return { dict: packed.dicts[packed.fields.indexOf(field)], column: packed.columns[packed.fields.indexOf(field)] };
  };

  it('numbers inline, mostly distinct text inline, repeated text and nulls through a table', () => {
    const rows = numberedRows(100, (i) => ({ processName: i % 2 ? 'nginx' : 'sshd' }));
    expect(dictOf(rows, 'localPort').dict).toBeNull();
    // A number that repeats (every row's remote port is 443) stays inline too: an index is no shorter.
    expect(dictOf(rows, 'remotePort')).toEqual({ dict: null, column: new Array(100).fill(443) });
    expect(dictOf(rows, 'id').dict).toBeNull();
    expect(dictOf(rows, 'remoteAddress').dict).toBeNull();
    expect(dictOf(rows, 'processName')).toEqual({ dict: ['sshd', 'nginx'], column: rows.map((_, i) => i % 2) });
    expect(dictOf(rows, 'pid')).toEqual({ dict: [null], column: new Array(100).fill(0) });
    expect(dictOf(rows, 'state').dict).toEqual(['ESTABLISHED']);
  });

  it('a field with a quarter of distinct values is tabled; one more is not', () => {
    expect(
      dictOf(
        numberedRows(100, (i) => ({ user: `u${i % 25}` })),
        'user',
      ).dict,
    ).toHaveLength(25);
    expect(
      dictOf(
        numberedRows(100, (i) => ({ user: `u${i % 26}` })),
        'user',
      ).dict,
    ).toBeNull();
    expect(
      dictOf(
        numberedRows(1, () => ({ user: 'root' })),
        'user',
      ).dict,
    ).toEqual(['root']);
  });

  it('a field some rows lack is tabled with -1 for them, even when its values are numbers', () => {
    const rows = numberedRows(4, (i) => (i % 2 ? { rtt: i * 1.5 } : {}));
    expect(dictOf(rows, 'rtt')).toEqual({ dict: [1.5, 4.5], column: [-1, 0, -1, 1] });
    expect(unpackConnections(packConnections(rows))).toEqual(rows);
  });

  it('samples big tables: 5000 rows with 10 names are tabled, with every row unpacked', () => {
    const rows = numberedRows(5000, (i) => ({ processName: `p${i % 10}` }));
    expect(dictOf(rows, 'processName').dict).toHaveLength(10);
    expect(dictOf(rows, 'localAddress').dict).toEqual(['10.0.0.1']);
    expect(unpackConnections(packConnections(rows))).toEqual(rows);
  });
});

describe('unpackConnections and a peer-chosen field name', () => {
  it('never lets a `__proto__` column set a row prototype (an inherited traffic: null would pass the null pass)', () => {
    const packed = JSON.parse(
      '{"fields":["id","__proto__"],"dicts":[null,[{"traffic":null}]],"columns":[["a","b"],[0,0]]}',
    ) as Parameters<typeof unpackConnections>[0];
    const rows = unpackConnections(packed);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    for (const row of rows) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(row.traffic).toBeUndefined();
    }
  });
});

describe('unpackConnections from a peer', () => {
  it('reads a table column only at the table’s own indexes: anything else leaves the field absent', () => {
    const packed = {
      fields: ['id', 'processName', 'user'],
      dicts: [null, ['sshd'], ['root']],
      columns: [
        ['a', 'b', 'c', 'd', 'e'],
        [0, 'constructor', 1.5, 99, -1],
        ['toString', 0, '__proto__', 0, 0],
      ],
    };
    const rows = unpackConnections(packed as never) as unknown as Record<string, unknown>[];
    expect(rows.map((r) => r.processName)).toEqual(['sshd', undefined, undefined, undefined, undefined]);
    // Absent, not present-undefined, and never a function read off the table's prototype.
    expect(rows.map((r) => 'processName' in r)).toEqual([true, false, false, false, false]);
    expect(rows.map((r) => r.user)).toEqual([undefined, 'root', undefined, 'root', 'root']);
    expect(rows.some((r) => Object.values(r).some((v) => typeof v === 'function'))).toBe(false);
  });
});
