/** A cold owner pass answered from its index (owner-index.ts), against a fake /proc tree and on its own. */
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeProcess, makeFakeProcRoot } from '../../../../test/helpers/fake-proc';
import { LibcFdLinks, NodeFdLinks, type FdLinks } from './fd-links';
import { InodeMap, InodeSet } from './inode-table';
import { answerTable, ArrivingPieces, OwnerIndex, PieceAnswers } from './owner-index';
import { ownerReplyOf } from './owner-protocol';
import { QuietPasses } from './owner-quiet';
import { SocketOwnerScanner } from './owner-scan';

let root = '';
const signal = new AbortController().signal;

const processAt = (pid: number, startTicks: number, fds: Record<string, string>): void =>
  fakeProcess(root, pid, startTicks, fds);

beforeEach(() => {
  root = makeFakeProcRoot();
  processAt(10, 100, { '0': '/dev/null', '3': 'socket:[500]', '4': 'socket:[900]' });
  processAt(20, 200, { '0': '/dev/null', '5': 'socket:[501]', '6': 'socket:[999999]' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['libc', (): FdLinks => new LibcFdLinks()],
  ['node:fs', (): FdLinks => new NodeFdLinks()],
])('cold owner pass from the index (%s)', (_, links) => {
  const tableOf = (pieces: Float64Array[]): InodeSet => {
    const table = new InodeSet();
    for (const piece of pieces) for (const inode of piece) table.add(inode);
    return table;
  };

  it('answers the pieces in their order (0 for an ownerless inode), as the general resolve of a warm pass does', async () => {
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links(), 1);
    const pieces = [new Float64Array([501, 777]), new Float64Array([500])];
    await scanner.list(signal);
    const cold = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect(cold.stats.cold).toBe(true);
    expect([...(cold.pieceOwners ?? [])]).toEqual([20, 0, 10]);
    // The index's own map: every socket held, 900 and 999999 too (not listed by the table; no map of the table's).
    expect([...cold.owners].sort((a, b) => a[0] - b[0])).toEqual([
      [500, 10],
      [501, 20],
      [900, 10],
      [999999, 20],
    ]);
    expect(cold.unowned).toBe(1);
    // A warm pass resolves the general way (no index), and agrees.
    await scanner.list(signal);
    const warm = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect(warm.pieceOwners).toBeUndefined();
    expect([...ownerReplyOf(pieces, warm).owners]).toEqual([20, 0, 10]);
    expect(warm.unowned).toBe(1);
  });

  it('a table socket two processes held when read goes the general way: the claimants are read again', async () => {
    processAt(30, 300, { '3': 'socket:[500]' });
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links());
    const pieces = [new Float64Array([500, 501])];
    await scanner.list(signal);
    // 10 closes its fd on 500 (and reuses the number for a file) after its fds were read, before the resolve.
    rmSync(path.join(root, '10', 'fd', '3'));
    symlinkSync('/dev/null', path.join(root, '10', 'fd', '3'));
    const result = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect([...ownerReplyOf(pieces, result).owners]).toEqual([30, 20]);
  });

  it('pieces given while the listing runs are answered once it ends, the later ones as they come', async () => {
    const scanner = new SocketOwnerScanner(root, 1, undefined, links());
    const listed = scanner.list(signal);
    const pieces = [new Float64Array([501]), new Float64Array([777, 500])];
    scanner.takePiece(pieces[0] as Float64Array);
    await listed;
    scanner.takePiece(pieces[1] as Float64Array);
    const result = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect([...(result.pieceOwners ?? [])]).toEqual([20, 0, 10]);
    expect(result.unowned).toBe(1);
  });

  it('names as owners only the processes that hold a table socket', async () => {
    processAt(30, 300, { '7': 'socket:[901]' });
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links());
    const pieces = [new Float64Array([500, 777])];
    await scanner.list(signal);
    const cold = await scanner.resolve(tableOf(pieces), signal, pieces);
    // 30 holds a socket of the index only, and 20 none of the table's: neither is an owner to send.
    expect([...(cold.ownerTicks ?? new Map<number, number>())]).toEqual([[10, 100]]);
  });

  it('pieces that are not the ones resolved are answered again from the index', async () => {
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links());
    await scanner.list(signal);
    scanner.takePiece(new Float64Array([900, 501]));
    const pieces = [new Float64Array([500, 777])];
    const result = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect([...(result.pieceOwners ?? [])]).toEqual([10, 0]);
  });

  it('a socket several processes hold that no table lists keeps the index', async () => {
    processAt(30, 300, { '7': 'socket:[900]' });
    const scanner = new SocketOwnerScanner(root, 1000, undefined, links());
    const pieces = [new Float64Array([500, 501])];
    await scanner.list(signal);
    const result = await scanner.resolve(tableOf(pieces), signal, pieces);
    expect([...(result.pieceOwners ?? [])]).toEqual([10, 20]);
  });
});

describe('OwnerIndex', () => {
  it('gives each inode its lowest PID and says which table inodes several processes hold', () => {
    const index = new OwnerIndex();
    index.addProcess(5, new Float64Array([0, 100, 101]));
    index.addProcess(7, new Float64Array([101, 102, 0, 102]));
    expect(index.size).toBe(3);
    expect(index.contests(new InodeSet())).toBe(false);
    expect(index.contests(new Set([100, 102]))).toBe(false);
    expect(index.contests(new Set([101]))).toBe(true);
    const { owners, unowned } = answerTable(index, new Set([102, 100, 55]));
    expect([...owners]).toEqual([
      [102, 7],
      [100, 5],
    ]);
    expect(unowned.size).toBe(1);
  });
});

describe('OwnerIndex read while processes are still added', () => {
  it('claims the processes added before and after a read alike: lowest PID, contested across the read', () => {
    const index = new OwnerIndex();
    index.addProcess(5, Float64Array.of(100, 0, 101));
    expect(index.sockets).toBe(2);
    expect(index.size).toBe(2);
    index.addProcess(7, Float64Array.of(101, 102));
    expect(index.sockets).toBe(4);
    expect(index.owners.get(101)).toBe(5);
    expect(index.owners.get(102)).toBe(7);
    expect(index.size).toBe(3);
    expect(index.contests(new Set([101]))).toBe(true);
    expect(index.contests(new Set([100, 102]))).toBe(false);
  });
});

describe('ArrivingPieces', () => {
  it('answers pieces from the index as they arrive, so the resolve has nothing left to look up', () => {
    const index = new OwnerIndex();
    index.addProcess(10, Float64Array.of(500, 0));
    index.addProcess(20, Float64Array.of(501));
    const answer = vi.spyOn(PieceAnswers.prototype, 'answer');
    try {
      const arriving = new ArrivingPieces();
      const early = Float64Array.of(501);
      const late = Float64Array.of(777, 500);
      arriving.take(early);
      expect(answer).not.toHaveBeenCalled(); // No index yet: kept.
      arriving.indexReady(index);
      expect(answer).toHaveBeenCalledTimes(1); // The piece that waited, answered when the index is complete.
      arriving.take(late);
      expect(answer).toHaveBeenCalledTimes(2); // Answered on arrival.
      const answers = arriving.answersFor(index, [early, late]);
      expect(answer).toHaveBeenCalledTimes(2); // Nothing computed again for the pieces resolved.
      expect([...answers.joined()]).toEqual([20, 0, 10]);
      // Other pieces than those answered: computed now.
      arriving.indexReady(index);
      arriving.take(early);
      const other = Float64Array.of(500);
      expect([...arriving.answersFor(index, [other]).joined()]).toEqual([10]);
      expect(answer).toHaveBeenCalledTimes(4);
    } finally {
      answer.mockRestore();
    }
  });
});

const setOf = (...inodes: number[]): InodeSet => {
  const set = new InodeSet();
  for (const inode of inodes) set.add(inode);
  return set;
};

describe('QuietPasses remembering an index that holds more than the table', () => {
  it('answers the table inodes only, and takes an inode the table did not list as new', () => {
    const quiet = new QuietPasses();
    const index = new InodeMap();
    index.set(500, 10);
    index.set(900, 10);
    index.set(901, 30);
    const table = setOf(500, 777);
    const ticks = new Map([
      [10, 100],
      [30, 300],
    ]);
    // The owners come from the table's answers, not from the index (30 owns no table socket).
    expect([...quiet.remember(table, index, ticks, Int32Array.of(10, 0))]).toEqual([[10, 100]]);
    const answer = quiet.answer(setOf(500, 777), (pid) => ticks.get(pid) ?? null);
    expect(answer && [...answer.owners]).toEqual([[500, 10]]);
    expect(answer?.unowned).toBe(1);
    // Held (the index knows it) but not in the table remembered: new to the table, so a full pass.
    expect(quiet.answer(setOf(500, 901), (pid) => ticks.get(pid) ?? null)).toBeNull();
  });
});
