/**
 * The full passes the bound forces on a quiet host (owner-quiet.ts countsSuffice): a known process whose fd count is
 * the one last listed is not listed again, and a socket that changed hands is still found, by the counts where one
 * changed, else by the pass that lists every process, within LISTED_BOUND_EVERY bound-forced passes.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeFdLinks, parseFdNumber, type FdLinks } from './fd-links';
import { InodeSet } from './inode-table';
import { LISTED_BOUND_EVERY } from './owner-quiet';
import { SocketOwnerScanner } from './owner-scan';

let root = '';
const signal = new AbortController().signal;

function processAt(pid: number, startTicks: number, fds: Record<string, string>): void {
  const dir = path.join(root, String(pid));
  mkdirSync(path.join(dir, 'fd'), { recursive: true });
  writeFileSync(path.join(dir, 'stat'), `${pid} (fake proc) S ${Array(18).fill('0').join(' ')} ${startTicks} 0 0\n`);
  for (const [fd, target] of Object.entries(fds)) symlinkSync(target, path.join(dir, 'fd', fd));
}

/** One fd closed and another opened: the count stays. */
function moveFd(pid: number, closed: number, opened: number, target: string): void {
  unlinkSync(path.join(root, String(pid), 'fd', String(closed)));
  symlinkSync(target, path.join(root, String(pid), 'fd', String(opened)));
}

/** node:fs links that also give the fd count, as procfs does on Linux 6.2+, and count the listings. */
class CountedLinks implements FdLinks {
  readonly kind = 'node';
  listings = 0;
  private readonly inner = new NodeFdLinks();
  private readonly dirs = new Map<number, string>();
  get fds(): Int32Array {
    return this.inner.fds;
  }
  open(dir: string): number | string {
    const handle = this.inner.open(dir);
    if (typeof handle === 'number') this.dirs.set(handle, dir);
    return handle;
  }
  list(handle: number): number {
    this.listings++;
    return this.inner.list(handle);
  }
  socketInode(handle: number, fd: number): number {
    return this.inner.socketInode(handle, fd);
  }
  openCount(handle: number): number {
    return readdirSync(this.dirs.get(handle) ?? '').filter((name) => parseFdNumber(name) >= 0).length;
  }
  probe(handle: number, fd: number): number {
    return this.inner.probe(handle, fd);
  }
  listFrom(handle: number, from: number): number {
    return this.inner.listFrom(handle, from);
  }
  close(handle: number): void {
    this.dirs.delete(handle);
    this.inner.close(handle);
  }
}

const table = (): InodeSet => {
  const set = new InodeSet();
  for (const inode of [500, 501, 777]) set.add(inode);
  return set;
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netscope-fake-proc-'));
  processAt(10, 100, { '0': '/dev/null', '3': 'socket:[500]', '4': 'socket:[900]' });
  processAt(20, 200, { '0': '/dev/null', '5': 'socket:[501]' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bound-forced owner passes', () => {
  /** Passes until the next bound-forced one has run: its owners of 500 and 501, and the processes it listed. */
  async function untilBound(
    scanner: SocketOwnerScanner,
    links: CountedLinks,
  ): Promise<{ owners: (number | undefined)[]; listings: number }> {
    for (;;) {
      const before = links.listings;
      const result = await scanner.scan(table(), signal);
      if (!result.stats.quiet)
        return { owners: [result.owners.get(500), result.owners.get(501)], listings: links.listings - before };
    }
  }

  async function warm(): Promise<{ scanner: SocketOwnerScanner; links: CountedLinks }> {
    const links = new CountedLinks();
    // Quiet passes in between: every second pass is full.
    const scanner = new SocketOwnerScanner(root, 1000, () => undefined, links, 2);
    await scanner.scan(table(), signal);
    await scanner.scan(table(), signal);
    return { scanner, links };
  }

  it('list no process whose fd count is unchanged, and every LISTED_BOUND_EVERY-th lists them all', async () => {
    const { scanner, links } = await warm();
    for (let bound = 1; bound < LISTED_BOUND_EVERY; bound++)
      expect(await untilBound(scanner, links)).toEqual({ owners: [10, 20], listings: 0 });
    expect(await untilBound(scanner, links)).toEqual({ owners: [10, 20], listings: 2 });
  });

  it('find a socket handed over where a count changed (the receiver keeps its other fds)', async () => {
    const { scanner, links } = await warm();
    // 10 gives socket 500 to 20 (a new fd there) and closes its own.
    symlinkSync('socket:[500]', path.join(root, '20', 'fd', '8'));
    unlinkSync(path.join(root, '10', 'fd', '3'));
    expect(await untilBound(scanner, links)).toEqual({ owners: [20, 20], listings: 2 });
  });

  it('find a hand-over that left both counts as they were by the listed pass', async () => {
    const { scanner, links } = await warm();
    // 10 closed socket 500 (fd 3) and opened a file (fd 6); 20 closed /dev/null (fd 0) and took socket 500 (fd 9).
    // (Where the same fd numbers were reused no listing sees it either: owner-scan.ts, 'One hole is left'.)
    moveFd(10, 3, 6, '/dev/null');
    moveFd(20, 0, 9, 'socket:[500]');
    const passes: (number | undefined)[] = [];
    for (let bound = 1; bound <= LISTED_BOUND_EVERY; bound++) passes.push((await untilBound(scanner, links)).owners[0]);
    // The counts miss it (the old owner stays) until the pass that lists every process.
    expect(passes.slice(0, -1)).toEqual(Array(LISTED_BOUND_EVERY - 1).fill(10));
    expect(passes.at(-1)).toBe(20);
  });
});
