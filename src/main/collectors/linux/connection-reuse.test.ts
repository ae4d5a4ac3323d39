import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { ConnectionReuse } from './connection-reuse';

function row(inode: number, state: Connection['state'], uid: number): Connection {
  return {
    id: `tcp4 127.0.0.1 ${inode} 127.0.0.1 80`,
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: inode,
    remoteAddress: '127.0.0.1',
    remotePort: 80,
    state,
    pid: null,
    processName: null,
    exePath: null,
    commandLine: null,
    user: null,
    uid,
    inode,
    rxQueue: 0,
    txQueue: 0,
  };
}

/** One refresh of `rows` (new objects each time); what the pass said of each row. */
function refresh(reuse: ConnectionReuse, rows: Connection[]): { carried: boolean[]; uids: (number | null)[] } {
  const pass = reuse.start();
  for (const r of rows) pass.add({ ...r });
  const result = {
    carried: rows.map((_, i) => pass.isCarried(i)),
    uids: rows.map((_, i) => pass.tableUid(i)),
  };
  pass.commit();
  return result;
}

describe('ConnectionReuse over refreshes that reuse earlier passes’ arrays', () => {
  it('marks a changed row as not carried and keeps each row’s table uid, whatever an earlier pass left there', () => {
    const reuse = new ConnectionReuse();
    const sockets = [row(1, 'ESTABLISHED', 1000), row(2, 'ESTABLISHED', 1001), row(3, 'LISTEN', 1002)];
    expect(refresh(reuse, sockets).carried).toEqual([false, false, false]);
    // Unchanged: every row carried over (its carried column is 1 everywhere, and becomes a spare at commit).
    expect(refresh(reuse, sockets).carried).toEqual([true, true, true]);
    expect(refresh(reuse, sockets).carried).toEqual([true, true, true]);
    // Changed states and uids: new objects, never marked carried (a reused column's 1s must not show through).
    const changed = [row(1, 'CLOSE_WAIT', 2000), row(2, 'CLOSE_WAIT', 2001), row(3, 'LISTEN', 2002)];
    const next = refresh(reuse, changed);
    expect(next.carried).toEqual([false, false, false]);
    expect(next.uids).toEqual([2000, 2001, 2002]);
    // Out of order: the inode index is built (and on later passes, a spare one is emptied and filled again).
    const reversed = [...changed].reverse();
    expect(refresh(reuse, reversed).carried).toEqual([true, true, true]);
    const swapped = [changed[1], changed[0], changed[2]] as Connection[];
    const last = refresh(reuse, swapped);
    expect(last.carried).toEqual([true, true, true]);
    expect(last.uids).toEqual([2001, 2000, 2002]);
    // A socket gone and one new: the new one is not found in the reused index.
    const after = refresh(reuse, [changed[0] as Connection, row(9, 'ESTABLISHED', 3000)]);
    expect(after.carried).toEqual([true, false]);
    expect(after.uids).toEqual([2000, 3000]);
  });

  it('an abandoned pass leaves the next one correct', () => {
    const reuse = new ConnectionReuse();
    const sockets = [row(1, 'ESTABLISHED', 1), row(2, 'ESTABLISHED', 2)];
    refresh(reuse, sockets);
    refresh(reuse, sockets);
    const abandoned = reuse.start();
    abandoned.add(row(5, 'LISTEN', 5));
    const next = refresh(reuse, [row(2, 'ESTABLISHED', 2), row(1, 'LISTEN', 1)]);
    expect(next.carried).toEqual([true, false]);
    expect(next.uids).toEqual([2, 1]);
  });

  it('keeps every row’s inode and table uid when the sockets grow past an earlier pass’s spare columns', () => {
    // The columns a pass takes are spares of different ages (two from the pass before, two from the one before
    // that): sized apart, a row past the shortest one was written out of bounds and read back as undefined, then 0
    // after a grow, so an inode-less TIME_WAIT row read as having one and every later row took another's owner.
    const sockets = (n: number, from = 0): Connection[] =>
      Array.from({ length: n }, (_, i) => {
        const r = row(from + i + 1, i % 7 === 0 ? 'TIME_WAIT' : 'ESTABLISHED', 1000 + i);
        return i % 7 === 0 ? { ...r, inode: null } : r;
      });
    const reuse = new ConnectionReuse();
    for (const n of [1000, 1000, 5000, 6000, 9000, 1500, 1700, 20000]) {
      const rows = sockets(n);
      const pass = reuse.start();
      for (const r of rows) pass.add({ ...r });
      const wrong = rows.findIndex((r, i) => pass.hasInode(i) !== (r.inode !== null) || pass.tableUid(i) !== r.uid);
      expect({ n, wrong }).toEqual({ n, wrong: -1 });
      pass.commit();
    }
  });

  it('a pass reserved for more rows keeps those added before and every row’s columns, and is then carried over', () => {
    const reuse = new ConnectionReuse();
    const rows = Array.from({ length: 3000 }, (_, i) =>
      i % 5 === 0 ? { ...row(i + 1, 'TIME_WAIT', 1000 + i), inode: null } : row(i + 1, 'ESTABLISHED', 1000 + i),
    );
    const pass = reuse.start();
    for (const r of rows.slice(0, 10)) pass.add({ ...r });
    pass.reserve(2000);
    // Less than it holds: nothing changes.
    pass.reserve(5);
    for (const r of rows.slice(10)) pass.add({ ...r });
    expect(pass.rows.map((r) => r.localPort)).toEqual(rows.map((r) => r.localPort));
    const wrong = rows.findIndex((r, i) => pass.hasInode(i) !== (r.inode !== null) || pass.tableUid(i) !== r.uid);
    expect(wrong).toBe(-1);
    pass.commit();
    expect(refresh(reuse, rows).carried.every(Boolean)).toBe(true);
  });
});
