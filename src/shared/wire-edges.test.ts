/** A packed snapshot carries its rows in the table only: its connections list is empty, everything else as it was. */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from './model';
import { packConnections, packSnapshot, unpackConnections, unpackSnapshot } from './wire';

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
    expect(packed.fields).toEqual(Object.keys(rows[1] as object));
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
