/** The owner scanner against a fake /proc tree (fd links are plain symlinks whose text is 'socket:[n]'). */
import { rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeProcess, makeFakeProcRoot } from '../../../../test/helpers/fake-proc';
import { LibcFdLinks, NodeFdLinks, type FdLinks } from './fd-links';
import { SocketOwnerScanner } from './owner-scan';

let root = '';
const signal = new AbortController().signal;

const processAt = (pid: number, startTicks: number, fds: Record<string, string>): void =>
  fakeProcess(root, pid, startTicks, fds);

function relink(pid: number, fd: string, target: string): void {
  const link = path.join(root, String(pid), 'fd', fd);
  rmSync(link, { force: true });
  symlinkSync(target, link);
}

beforeEach(() => {
  root = makeFakeProcRoot();
  processAt(10, 100, { '0': '/dev/null', '3': 'socket:[500]', '4': 'socket:[900]' });
  processAt(20, 200, { '0': '/dev/null', '5': 'socket:[501]', '6': 'socket:[999999]' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

// The same cases with either way of reading fd directories (libc through koffi, and node:fs where koffi is missing).
describe.each([
  ['libc', (): FdLinks => new LibcFdLinks()],
  ['node:fs', (): FdLinks => new NodeFdLinks()],
])('SocketOwnerScanner (%s)', (_, links) => {
  const newScanner = (operationsPerYield: number): SocketOwnerScanner =>
    new SocketOwnerScanner(root, operationsPerYield, undefined, links());

  it('cold scan: each table inode gets its owner; unknown inodes are counted, non-table sockets ignored', async () => {
    const scanner = newScanner(1000);
    const result = await scanner.scan(new Set([500, 501, 777]), signal);
    expect([...result.owners]).toEqual([
      [500, 10],
      [501, 20],
    ]);
    expect(result.unowned).toBe(1);
    expect(result.stats).toMatchObject({ cold: true, processes: 2, fullyRescanned: 2, readlinks: 6 });
    expect(result.startTicks.get(20)).toBe(200);
  });

  it('a socket shared after fork goes to the lowest PID, and to the other once the lowest closes it', async () => {
    processAt(30, 300, { '3': 'socket:[500]' });
    const scanner = newScanner(1000);
    expect((await scanner.scan(new Set([500, 501]), signal)).owners.get(500)).toBe(10);
    // 10 closes fd 3 and reuses the number for a file: its fd list looks the same.
    relink(10, '3', '/dev/null');
    const warm = await scanner.scan(new Set([500, 501]), signal);
    expect(warm.owners.get(500)).toBe(30);
    expect(warm.stats.fallback).toBe(false);
  });

  it('warm scan with nothing changed reads no link and does not fall back for known ownerless inodes', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501, 777]), signal);
    const warm = await scanner.scan(new Set([500, 501, 777]), signal);
    expect(warm.stats).toMatchObject({ cold: false, unchanged: 2, readlinks: 0, fallback: false });
    expect(warm.owners.get(501)).toBe(20);
    expect(warm.unowned).toBe(1);
  });

  it('an fd closed and reused for a new socket is read again because its old inode left the tables', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501]), signal);
    relink(20, '5', 'socket:[601]');
    const warm = await scanner.scan(new Set([500, 601]), signal);
    expect(warm.owners.get(601)).toBe(20);
    expect(warm.stats).toMatchObject({ partlyRescanned: 1, unchanged: 1, readlinks: 1, fallback: false });
  });

  it('a new fd is read; a vanished one is forgotten', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501]), signal);
    unlinkSync(path.join(root, '10', 'fd', '3'));
    relink(10, '8', 'socket:[800]');
    const warm = await scanner.scan(new Set([501, 800]), signal);
    expect(warm.owners.get(800)).toBe(10);
    expect(warm.owners.has(500)).toBe(false);
    expect(warm.stats).toMatchObject({ partlyRescanned: 1, readlinks: 1, fallback: false });
  });

  it('a reused PID (new start time) is read in full and never inherits the old sockets', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501]), signal);
    processAt(20, 250, { '5': 'socket:[502]' });
    const warm = await scanner.scan(new Set([500, 501, 502]), signal);
    expect(warm.owners.get(502)).toBe(20);
    expect(warm.owners.has(501)).toBe(false);
    expect(warm.stats.fullyRescanned).toBeGreaterThanOrEqual(1);
  });

  it('a non-socket fd reused for a socket is found by the fallback full scan', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501]), signal);
    relink(10, '0', 'socket:[700]');
    const warm = await scanner.scan(new Set([500, 501, 700]), signal);
    expect(warm.owners.get(700)).toBe(10);
    expect(warm.stats.fallback).toBe(true);
    expect(warm.unowned).toBe(0);
  });

  it('forgets processes that exited', async () => {
    const scanner = newScanner(1000);
    await scanner.scan(new Set([500, 501]), signal);
    rmSync(path.join(root, '10'), { recursive: true });
    const warm = await scanner.scan(new Set([501]), signal);
    expect(warm.owners.get(501)).toBe(20);
    expect(warm.stats.processes).toBe(1);
  });

  // Quiet passes (owner-quiet.ts): cold, then one full warm pass that sees no new inode, then quiet ones.
  const settled = async (scanner: SocketOwnerScanner, table: Set<number>): Promise<void> => {
    expect((await scanner.scan(table, signal)).stats.quiet).toBe(false);
    expect((await scanner.scan(table, signal)).stats.quiet).toBe(false);
  };

  it('nothing changed: a quiet pass lists no fd directory and answers the same owners', async () => {
    const scanner = newScanner(1000);
    const table = new Set([500, 501, 777]);
    await settled(scanner, table);
    const quiet = await scanner.scan(table, signal);
    expect(quiet.stats).toMatchObject({ quiet: true, readlinks: 0, fullyRescanned: 0, partlyRescanned: 0 });
    expect([...quiet.owners]).toEqual([
      [500, 10],
      [501, 20],
    ]);
    expect(quiet.unowned).toBe(1);
    expect(quiet.startTicks).toEqual(
      new Map([
        [10, 100],
        [20, 200],
      ]),
    );
    // A socket that closed leaves the answer; the rest stays quiet.
    const fewer = await scanner.scan(new Set([501]), signal);
    expect(fewer.stats.quiet).toBe(true);
    expect([...fewer.owners]).toEqual([[501, 20]]);
  });

  it("a new socket's owner is found at once, and the pass after it lists fds alongside the tables again", async () => {
    const scanner = newScanner(1000);
    await settled(scanner, new Set([500, 501]));
    processAt(30, 300, { '3': 'socket:[700]' });
    const table = new Set([500, 501, 700]);
    const changed = await scanner.scan(table, signal);
    expect(changed.owners.get(700)).toBe(30);
    expect(changed.stats.quiet).toBe(false);
    // The tables changed last time: this pass does not wait for them to decide (a host with churn keeps the overlap).
    expect((await scanner.scan(table, signal)).stats.quiet).toBe(false);
    expect((await scanner.scan(table, signal)).stats.quiet).toBe(true);
  });

  it('a socket handed to another process while its owner lives on is found within fullScanEvery passes', async () => {
    const every = 4;
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links(), every);
    const table = new Set([500, 501]);
    await settled(scanner, table);
    // 10 passes socket 500 to 20 (SCM_RIGHTS) and closes its own fd: same inode, the old owner still runs.
    relink(20, '7', 'socket:[500]');
    relink(10, '3', '/dev/null');
    const owners: number[] = [];
    for (let pass = 0; pass < every; pass++) owners.push((await scanner.scan(table, signal)).owners.get(500) ?? 0);
    expect(owners).toContain(20);
    expect(owners[owners.length - 1]).toBe(20);
  });

  it('an owner that exited forces a full pass at once (a child may hold its sockets)', async () => {
    const scanner = newScanner(1000);
    const table = new Set([500, 501]);
    await settled(scanner, table);
    processAt(30, 300, { '3': 'socket:[500]' });
    rmSync(path.join(root, '10'), { recursive: true });
    const after = await scanner.scan(table, signal);
    expect(after.stats.quiet).toBe(false);
    expect(after.owners.get(500)).toBe(30);
  });

  it("an owner's PID taken by a new process forces a full pass at once", async () => {
    const scanner = newScanner(1000);
    const table = new Set([500, 501]);
    await settled(scanner, table);
    processAt(20, 250, { '0': '/dev/null' });
    const after = await scanner.scan(table, signal);
    expect(after.stats.quiet).toBe(false);
    expect(after.owners.has(501)).toBe(false);
    expect(after.unowned).toBe(1);
  });

  it('fullScanEvery 1: every pass is a full one', async () => {
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links(), 1);
    for (let pass = 0; pass < 4; pass++)
      expect((await scanner.scan(new Set([500, 501]), signal)).stats.quiet).toBe(false);
  });

  it('stops with an error when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    await expect(newScanner(1).scan(new Set([500]), controller.signal)).rejects.toThrow('timed out');
  });
});
