import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { ConnectionReuse } from './connection-reuse';
import { ReusePass } from './reuse-pass';
import { DiffEncoder, InodePrints } from './sock-diag-diff';
import { anchoredOf, anchorShape } from './shape-anchor';

// A full GC on demand: the flag is read when a context is made, so a fresh context hands out `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full GC once the current job has ended (a WeakRef's target is kept until then). */
async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

function row(inode: number): Connection {
  return {
    id: `tcp4 127.0.0.1 ${inode} 127.0.0.1 80`,
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: inode,
    remoteAddress: '127.0.0.1',
    remotePort: 80,
    state: 'ESTABLISHED',
    pid: null,
    processName: null,
    exePath: null,
    commandLine: null,
    user: null,
    uid: 0,
    inode,
    rxQueue: 0,
    txQueue: 0,
  };
}

/** One refresh; only a WeakRef to its pass is kept. */
function refresh(reuse: ConnectionReuse): WeakRef<ReusePass> {
  const pass = reuse.start();
  for (let inode = 1; inode <= 3; inode++) pass.add(row(inode));
  pass.commit();
  return new WeakRef(pass);
}

describe('anchorShape', () => {
  it('keeps the last refresh’s pass alive until the next refresh, then lets it go', async () => {
    const reuse = new ConnectionReuse();
    const first = refresh(reuse);
    await collectGarbage();
    // Between refreshes: nothing else holds the pass, yet its class's map (and the code optimized for it) must stay.
    expect(first.deref()).toBeInstanceOf(ReusePass);
    const second = refresh(reuse);
    await collectGarbage();
    expect(first.deref()).toBeUndefined();
    expect(second.deref()).toBe(anchoredOf(ReusePass));
  });

  it('keeps no row of the refresh before the anchored pass’s own', async () => {
    const reuse = new ConnectionReuse();
    const gone = (() => {
      const pass = reuse.start();
      const row9 = row(9);
      pass.add(row9);
      pass.commit();
      return new WeakRef(row9);
    })();
    // The next refresh no longer has socket 9: its row is no snapshot's, and the anchored pass must not hold it.
    refresh(reuse);
    await collectGarbage();
    expect(anchoredOf(ReusePass)).toBeDefined();
    expect(gone.deref()).toBeUndefined();
  });

  it('holds one instance per class: the newest', async () => {
    const older = new WeakRef(anchorShape(new DiffEncoder(null, new InodePrints(), () => undefined)));
    const newer = anchorShape(new DiffEncoder(null, new InodePrints(), () => undefined));
    await collectGarbage();
    expect(older.deref()).toBeUndefined();
    expect(anchoredOf(DiffEncoder)).toBe(newer);
  });
});
