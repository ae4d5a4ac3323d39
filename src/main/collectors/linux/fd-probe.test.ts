/**
 * Reading every fd by probing (fd-probe.ts): on real /proc fd directories against the listing, and on an in-memory
 * fd table that changes during the read (fds opened and closed while it runs), where a listing is never skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibcFdLinks, socketInodeOfText, type FdLinks } from './fd-links';
import { PROBE_MIN_FDS, readEveryFd } from './fd-probe';
import { BPF_MIN_FDS } from './owner-fd-cache';
import { SocketOwnerScanner } from './owner-scan';

const noPacing = { due: (): boolean => false, pause: (): Promise<void> => Promise.resolve() };
const beatless = (): void => undefined;

/** An fd table in memory; `onProbe` may change it before each probe (fd, table). */
class TableFdLinks implements FdLinks {
  readonly kind = 'node';
  fds = new Int32Array(16);
  probes = 0;
  constructor(
    readonly table: Map<number, number>,
    private readonly onProbe: (fd: number, table: Map<number, number>) => void = () => undefined,
    private readonly gone = false,
  ) {}
  open(): number {
    return 0;
  }
  list(): number {
    return this.listFrom(0, 0);
  }
  listFrom(_handle: number, from: number): number {
    if (this.gone) return -1;
    const listed = [...this.table.keys()].filter((fd) => fd >= from).sort((a, b) => a - b);
    this.fds = Int32Array.from(listed);
    return listed.length;
  }
  socketInode(_handle: number, fd: number): number {
    return this.table.get(fd) ?? 0;
  }
  openCount(): number {
    return this.table.size;
  }
  probe(_handle: number, fd: number): number {
    this.probes++;
    this.onProbe(fd, this.table);
    return this.table.get(fd) ?? -1;
  }
  close(): void {}
}

const dense = (count: number): Map<number, number> =>
  new Map(Array.from({ length: count }, (_, fd) => [fd, fd % 2 ? 7000 + fd : 0]));

describe('readEveryFd on a table that changes while it is read', () => {
  it('a dense table: every fd read once, no listing needed beyond the last', async () => {
    const links = new TableFdLinks(dense(200));
    const every = await readEveryFd(links, 0, 200, noPacing, beatless);
    expect([...(every?.fds ?? [])]).toEqual([...links.table.keys()]);
    expect([...(every?.inodes ?? [])]).toEqual([...links.table.values()]);
    expect(links.probes).toBe(200);
  });

  it('an fd opened below during the read still leaves a higher fd, open all along, read (the tail listing)', async () => {
    const table = dense(100);
    table.set(500, 9500);
    // When fd 50 is probed, a new socket takes the lowest free number (100): the count is reached before 500.
    const links = new TableFdLinks(table, (fd, t) => {
      if (fd === 50) t.set(100, 9100);
    });
    const every = await readEveryFd(links, 0, 101, noPacing, beatless);
    expect([...(every?.fds ?? [])].slice(-2)).toEqual([100, 500]);
    expect(every?.inodes[every.inodes.length - 1]).toBe(9500);
  });

  it('a sparse table: the probe stops after its budget of misses and lists the rest', async () => {
    const table = new Map([
      [0, 0],
      [1, 0],
      [2, 0],
      [100000, 4242],
    ]);
    const links = new TableFdLinks(table);
    const every = await readEveryFd(links, 0, 4, noPacing, beatless);
    expect([...(every?.fds ?? [])]).toEqual([0, 1, 2, 100000]);
    expect(every?.inodes[3]).toBe(4242);
    expect(links.probes).toBeLessThanOrEqual(3 + PROBE_MIN_FDS + 1);
  });

  it('an fd closed during the read is not kept; a process gone before the listing gives null', async () => {
    const links = new TableFdLinks(dense(100), (fd, t) => {
      if (fd === 10) t.delete(90);
    });
    const every = await readEveryFd(links, 0, 100, noPacing, beatless);
    expect(every?.fds).not.toContain(90);
    expect(every?.fds.length).toBe(99);
    expect(await readEveryFd(new TableFdLinks(dense(100), undefined, true), 0, 100, noPacing, beatless)).toBeNull();
  });

  it('pauses when the pacing says so, and beats for the watchdog on a long read', async () => {
    let pauses = 0;
    let beats = 0;
    let count = 0;
    const pacing = { due: () => ++count % 1000 === 0, pause: () => Promise.resolve(void pauses++) };
    await readEveryFd(new TableFdLinks(dense(10000)), 0, 10000, pacing, () => beats++);
    expect(pauses).toBe(10);
    expect(beats).toBe(2);
  });
});

/** libc fd reading that notes which directories were listed from their first entry. */
class ListingSpy extends LibcFdLinks {
  readonly listedWhole: string[] = [];
  private readonly dirs = new Map<number, string>();
  override open(dir: string): number | string {
    const handle = super.open(dir);
    if (typeof handle === 'number') this.dirs.set(handle, dir);
    return handle;
  }
  override list(handle: number): number {
    this.listedWhole.push(this.dirs.get(handle) ?? '?');
    return super.list(handle);
  }
  /** The processes whose whole table was asked of the BPF reader. */
  readonly askedWhole: number[] = [];
  override everyFd(pid: number): { fds: Int32Array; inodes: Float64Array } | null {
    this.askedWhole.push(pid);
    return super.everyFd(pid);
  }
}

/** A child with `extra` more fds (/dev/null) than Node opens, and its IPC socket at fd `ipcFd`. */
async function childWithFds(extra: number, ipcFd: number): Promise<ChildProcess> {
  const stdio = Array.from({ length: ipcFd + 1 }, (_, i) => (i === ipcFd ? 'ipc' : 'ignore')) as ('ipc' | 'ignore')[];
  const code =
    `const fs=require('fs');const k=[];for(let i=0;i<${extra};i++)k.push(fs.openSync('/dev/null','r'));` +
    `process.send('ready');process.on('message',()=>process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code], { stdio });
  await new Promise((resolve) => child.once('message', resolve));
  return child;
}

/** The child's fds and the socket inodes they hold, by listing and readlink (what ss does). */
function listedFds(pid: number): { fds: number[]; inodes: number[] } {
  const fds = readdirSync(`/proc/${pid}/fd`)
    .map(Number)
    .sort((a, b) => a - b);
  return {
    fds,
    inodes: fds.map((fd) => {
      try {
        return socketInodeOfText(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return 0;
      }
    }),
  };
}

const counts = process.platform === 'linux' && statSync('/proc/self/fd').size > 0;

describe.skipIf(!counts)('readEveryFd on /proc (a kernel that counts fds: Linux 6.2 and later)', () => {
  let sparse: ChildProcess;
  let busy: ChildProcess;
  beforeAll(async () => {
    // A few fds and an IPC socket far above them; 200 more fds and the socket just above Node's own.
    [sparse, busy] = await Promise.all([childWithFds(0, 400), childWithFds(200, 3)]);
  });
  afterAll(() => {
    for (const child of [sparse, busy]) child.send('stop');
  });

  it.each([
    ['a sparse table', () => sparse],
    ['a dense table', () => busy],
  ])('%s: the same fds and socket inodes as the listing', async (_, child) => {
    const pid = child().pid as number;
    const links = new LibcFdLinks();
    const handle = links.open(`/proc/${pid}/fd`);
    if (typeof handle === 'string') throw new Error(handle);
    try {
      const open = links.openCount(handle);
      const every = await readEveryFd(links, handle, open, noPacing, beatless);
      const listed = listedFds(pid);
      expect(open).toBe(listed.fds.length);
      expect([...(every?.fds ?? [])]).toEqual(listed.fds);
      expect([...(every?.inodes ?? [])]).toEqual(listed.inodes);
      expect(listed.inodes.filter((inode) => inode > 0).length).toBeGreaterThan(0);
    } finally {
      links.close(handle);
    }
  });

  it.each([
    ['probes', '0'],
    ['reads by BPF where it can (else probes)', '1'],
  ])('a cold owner scan of /proc %s the busy process and finds the owner of each of its sockets', async (_, bpf) => {
    const pid = busy.pid as number;
    const inodes = listedFds(pid).inodes.filter((inode) => inode > 0);
    const links = new ListingSpy();
    // The BPF reader (fd-bpf.ts) is chosen at its first use: NETSCOPE_FD_BPF=0 keeps the probe under test, and =1
    // uses the reader for a process of any size (it is kept for 8192 fds and more otherwise).
    if (bpf !== undefined) process.env.NETSCOPE_FD_BPF = bpf;
    try {
      const scanner = new SocketOwnerScanner('/proc', Number.MAX_SAFE_INTEGER, undefined, links);
      const result = await scanner.scan(new Set(inodes), new AbortController().signal);
      for (const inode of inodes) expect(result.owners.get(inode)).toBe(pid);
      expect(result.stats.cold).toBe(true);
    } finally {
      delete process.env.NETSCOPE_FD_BPF;
    }
    // Probed (or read whole by BPF): its fd directory was never listed from the start. The sparse one is listed
    // when probed (few fds below its IPC socket), or read by BPF too.
    expect(links.listedWhole).not.toContain(`/proc/${pid}/fd`);
    if (bpf === '0') expect(links.listedWhole).toContain(`/proc/${sparse.pid}/fd`);
  });

  it('by default the BPF reader is not asked for processes below BPF_MIN_FDS (its first use costs ~50-70 ms)', async () => {
    const pid = busy.pid as number;
    const inodes = listedFds(pid).inodes.filter((inode) => inode > 0);
    expect(listedFds(pid).fds.length).toBeLessThan(BPF_MIN_FDS);
    const links = new ListingSpy();
    const scanner = new SocketOwnerScanner('/proc', Number.MAX_SAFE_INTEGER, undefined, links);
    const result = await scanner.scan(new Set(inodes), new AbortController().signal);
    for (const inode of inodes) expect(result.owners.get(inode)).toBe(pid);
    // This process only: another test's load generator may hold more fds meanwhile, and be read by BPF.
    expect(links.askedWhole).not.toContain(pid);
  });
});
