/** How packConnections chooses a column's encoding, and what isPackedSnapshot accepts. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from './model';
import { isPackedSnapshot, packConnections, packSnapshot, unpackConnections } from './wire';
import { numberedRows } from './wire.fixtures';

const column = (packed: ReturnType<typeof packConnections>, field: string) => {
  const i = packed.fields.indexOf(field);
  expect(i, field).toBeGreaterThanOrEqual(0);
  return { dict: packed.dicts[i] ?? null, values: packed.columns[i] ?? [] };
};

describe('packConnections', () => {
  const data = numberedRows(100, (i) => ({
    processName: i % 2 ? 'nginx' : 'sshd',
    ...(i === 3 ? { components: ['x'] } : {}),
  }));
  const packed = packConnections(data);

  it("lists each field once, the model's in its order, including fields only some rows have", () => {
    expect(packed.fields.slice(0, 3)).toEqual(['id', 'protocol', 'family']);
    expect(packed.fields.indexOf('components')).toBeGreaterThan(packed.fields.indexOf('txQueue'));
    expect(packed.fields.filter((f) => f === 'components')).toHaveLength(1);
    expect(new Set(packed.fields).size).toBe(packed.fields.length);
  });

  it('stores numbers and mostly distinct values as they are, repeated text through a table', () => {
    expect(column(packed, 'localPort')).toEqual({ dict: null, values: data.map((c) => c.localPort) });
    expect(column(packed, 'id').dict).toBeNull();
    expect(column(packed, 'remoteAddress').dict).toBeNull();
    const names = column(packed, 'processName');
    expect(names.dict).toEqual(['sshd', 'nginx']);
    expect(names.values.slice(0, 4)).toEqual([0, 1, 0, 1]);
    const state = column(packed, 'state');
    expect(state.dict).toEqual(['ESTABLISHED']);
    expect(column(packed, 'pid')).toEqual({ dict: [null], values: new Array(100).fill(0) });
  });

  it('marks an absent optional field apart from a null one, and tables arrays by content', () => {
    const components = column(packed, 'components');
    expect(components.dict).toEqual([['x']]);
    expect(components.values[3]).toBe(0);
    expect(components.values[0]).toBe(-1);
    const back = unpackConnections(packed);
    expect('components' in (back[0] as object)).toBe(false);
    expect(back[3]?.components).toEqual(['x']);
    expect(back).toEqual(data);
  });

  it('tables mostly distinct values with gaps unshared, in row order (no JSON key per object)', () => {
    const rows = numberedRows(200, (i) => (i % 3 ? { traffic: { bytesSent: i % 90 } } : {}));
    const p = packConnections(rows);
    const traffic = column(p, 'traffic');
    const present = rows.filter((_, i) => i % 3).map((c) => c.traffic);
    expect(traffic.dict).toEqual(present);
    expect(traffic.values.slice(0, 5)).toEqual([-1, 0, 1, -1, 2]);
    expect(unpackConnections(JSON.parse(JSON.stringify(p)))).toEqual(rows);
  });

  it('packs nothing into nothing', () => {
    expect(packConnections([])).toEqual({ fields: [], dicts: [], columns: [] });
    expect(unpackConnections(packConnections([]))).toEqual([]);
  });

  it('samples big tables and still tables a low-cardinality field', () => {
    const big = numberedRows(5000, (i) => ({ processName: `p${i % 10}` }));
    const p = packConnections(big);
    expect(column(p, 'processName').dict).toHaveLength(10);
    expect(column(p, 'localAddress').dict).toEqual(['10.0.0.1']);
    expect(unpackConnections(p)).toEqual(big);
  });
});

describe('isPackedSnapshot', () => {
  it('accepts a packed snapshot only', () => {
    expect(isPackedSnapshot(packSnapshot(emptySnapshot()))).toBe(true);
    expect(isPackedSnapshot(emptySnapshot())).toBe(false);
    for (const v of [
      null,
      'packed',
      1,
      { packed: null },
      { packed: 'x' },
      { packed: { fields: [], dicts: [] } },
      { packed: { fields: [], columns: [] } },
      { packed: { dicts: [], columns: [] } },
      { packed: { fields: {}, dicts: [], columns: [] } },
      { packed: { fields: [], dicts: {}, columns: [] } },
      { packed: { fields: [], dicts: [], columns: {} } },
    ]) {
      expect(isPackedSnapshot(v), JSON.stringify(v)).toBe(false);
    }
  });
});
