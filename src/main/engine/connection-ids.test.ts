import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { assignConnectionIds, blankConnection, type Connection } from '../../shared/model';
import { assignIdsKeepingShared } from './connection-ids';

const row = fc
  .record({
    localPort: fc.integer({ min: 1, max: 3 }),
    remotePort: fc.integer({ min: 0, max: 2 }),
    inode: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    pid: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
  })
  .map((r) =>
    blankConnection({
      ...r,
      family: 4,
      localAddress: '127.0.0.1',
      remoteAddress: '127.0.0.1',
      state: 'ESTABLISHED',
    }),
  );

describe('assignIdsKeepingShared', () => {
  it('gives the ids assignConnectionIds gives, whatever ids the rows arrive with', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.boolean()), { maxLength: 12 }), (rows) => {
        // Carried-over rows arrive with some earlier id (right or stale), new ones with ''.
        const stale = (c: Connection, i: number): string => (i % 2 === 0 ? `tcp4 stale#${i}` : c.id);
        const reference = assignConnectionIds(rows.map(([c]) => ({ ...c })));
        const arriving = assignConnectionIds(rows.map(([c]) => ({ ...c }))).map((c, i) =>
          rows[i]?.[1] ? { ...c, id: stale(c, i) } : { ...c, id: '' },
        );
        const result = assignIdsKeepingShared(arriving.slice());
        expect(result.map((c) => c.id)).toEqual(reference.map((c) => c.id));
      }),
    );
  });

  it('never writes into a row that arrived with an id; keeps a right id as it is', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const previous = assignConnectionIds(rows.map((c) => ({ ...c })));
        // The first row gains a twin, so the previous ids of rows with its key become wrong.
        const next = [...previous, { ...(previous[0] as Connection), id: '', inode: 99 }];
        const before = previous.map((c) => c.id);
        const result = assignIdsKeepingShared(next);
        expect(previous.map((c) => c.id)).toEqual(before);
        expect(result.map((c) => c.id)).toEqual(
          assignConnectionIds(next.map((c) => ({ ...c, id: '' }))).map((c) => c.id),
        );
        for (let i = 0; i < previous.length; i++) if (result[i]?.id === before[i]) expect(result[i]).toBe(previous[i]);
      }),
    );
  });
});

describe('rows that share one key (duplicates cost what unique rows cost)', () => {
  const twin = (i: number, inode: number | null): Connection =>
    blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 80,
      remoteAddress: '10.0.0.2',
      remotePort: 5000,
      state: 'ESTABLISHED',
      inode,
      pid: i % 2 === 0 ? null : 7,
    });

  it('gives 100k identical rows distinct ids, the same from both assigners', () => {
    const rows = Array.from({ length: 100_000 }, () => twin(0, null));
    const ids = assignConnectionIds(rows.map((c) => ({ ...c }))).map((c) => c.id);
    expect(new Set(ids).size).toBe(rows.length);
    expect(ids[0]).toBe('tcp4 10.0.0.1:80 10.0.0.2:5000#n');
    expect(ids[1]).toBe('tcp4 10.0.0.1:80 10.0.0.2:5000#n.2');
    expect(ids[99_999]).toBe('tcp4 10.0.0.1:80 10.0.0.2:5000#n.100000');
    expect(assignIdsKeepingShared(rows).map((c) => c.id)).toEqual(ids);
  });

  it('looks each id up a bounded number of times, not once per earlier twin', () => {
    // Counting the lookups makes the cost visible without timing anything: one-by-one probing
    // of '.2', '.3', ... costs n*(n-1)/2 lookups for n twins.
    let lookups = 0;
    const has = Set.prototype.has;
    const spy = vi.spyOn(Set.prototype, 'has').mockImplementation(function (this: Set<unknown>, value: unknown) {
      lookups++;
      return has.call(this, value);
    });
    try {
      const n = 3_000;
      // Inode twins, PID twins and ownerless twins, whose '.n' ids overlap ('#7.2' for inode 7 and PID 7).
      const rows = Array.from({ length: n }, (_, i) => twin(i, i % 3 === 0 ? 7 : null));
      const ids = assignConnectionIds(rows).map((c) => c.id);
      expect(new Set(ids).size).toBe(n);
      expect(lookups).toBeLessThan(10 * n);
    } finally {
      spy.mockRestore();
    }
  });
});
