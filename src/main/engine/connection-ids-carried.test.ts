/**
 * Rows an engine hands back as the same objects refresh after refresh (netlink, the synthetic load): their
 * ids stay right through twins appearing and going, and a row seen before with its plain key as id is not
 * keyed again (issue 13: 100k key strings per refresh).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignConnectionIds, blankConnection, type Connection } from '../../shared/model';
import { assignIdsKeepingShared } from './connection-ids';

const socket = (localPort: number, inode: number): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: 'ESTABLISHED',
    inode,
  });

describe('assignIdsKeepingShared over refreshes that hand rows back', () => {
  it('gives the ids assignConnectionIds gives, refresh after refresh, as rows come, go and gain twins', () => {
    // Each refresh: which of a pool of sockets are open (the same object each time it is), in some order.
    const pool = Array.from({ length: 12 }, (_, i) => socket(1 + (i % 4), 100 + i));
    const refreshArb = fc.shuffledSubarray(pool.map((_, i) => i));
    fc.assert(
      fc.property(fc.array(refreshArb, { minLength: 1, maxLength: 6 }), (refreshes) => {
        const rows = pool.map((c) => ({ ...c }));
        for (const open of refreshes) {
          const result = assignIdsKeepingShared(open.map((i) => rows[i] as Connection));
          const reference = assignConnectionIds(open.map((i) => ({ ...(pool[i] as Connection) })));
          expect(result.map((c) => c.id)).toEqual(reference.map((c) => c.id));
          // What comes back next time is what this refresh published (a copy where the id had to change).
          open.forEach((i, at) => (rows[i] = result[at] as Connection));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the ids assignConnectionIds gives over hundreds of rows (the rows are hashed 64 at a time)', () => {
    // Rows found at their places, then gaps and a twin around the ends of the slices (rows 63/64, 127/128).
    const pool = Array.from({ length: 300 }, (_, i) => socket(1000 + i, 100 + i));
    pool.push(socket(1000 + 64, 999));
    const rows = pool.map((c) => ({ ...c }));
    const all = pool.map((_, i) => i).slice(0, 300);
    for (const open of [
      all,
      all,
      all.filter((i) => i !== 63 && i !== 64 && i !== 128),
      [...all.slice(0, 127), 300, ...all.slice(127)],
      all,
    ]) {
      const result = assignIdsKeepingShared(open.map((i) => rows[i] as Connection));
      const reference = assignConnectionIds(open.map((i) => ({ ...(pool[i] as Connection) })));
      expect(result.map((c) => c.id)).toEqual(reference.map((c) => c.id));
      open.forEach((i, at) => (rows[i] = result[at] as Connection));
    }
  });

  it('does not build the key of a row it has seen with its plain key again', () => {
    let reads = 0;
    const row = socket(1, 7);
    const remote = row.remoteAddress;
    // Counts reads of a key field: building the key reads it once, the shared-key check's hash once.
    Object.defineProperty(row, 'remoteAddress', {
      enumerable: true,
      get: () => {
        reads++;
        return remote;
      },
    });
    const other = socket(2, 8);
    assignIdsKeepingShared([row, other]); // arrives new: its id is written
    assignIdsKeepingShared([other]); // so that the next call does not find `row` among the last call's rows
    reads = 0;
    assignIdsKeepingShared([row, other]); // carried over with its key as id: checked once
    expect(reads).toBe(2);
    assignIdsKeepingShared([other]);
    reads = 0;
    assignIdsKeepingShared([row, other]); // seen with its plain key: only the hash reads it
    expect(reads).toBe(1);
    reads = 0;
    assignIdsKeepingShared([row, other]); // the last call's object, where it was there: not read at all (issue 11)
    expect(reads).toBe(0);
    expect(row.id).toBe('tcp4 10.0.0.1:1 10.0.0.2:443');
  });
});
