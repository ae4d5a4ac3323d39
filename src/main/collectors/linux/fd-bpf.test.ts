/**
 * The BPF fd reader (fd-bpf.ts) on real processes, against /proc/<pid>/fd and its links: the same fds, the same
 * socket inodes, 0 for a unix socket's file held by an O_PATH fd. Runs where the reader can (root, Linux 6.1+, BTF).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { release, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpfFdReader, loadProgram, PROGRAM_NAME, taskFileProgram, type Native } from './fd-bpf';
import { socketInodeOfText } from './fd-links';

// As fd-links.ts loads it: koffi is a native CommonJS module.
const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;

const [major = 0, minor = 0] = release().split('.').map(Number);
const able =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  (process.arch === 'x64' || process.arch === 'arm64') &&
  existsSync('/sys/kernel/btf/vmlinux') &&
  (major > 6 || (major === 6 && minor >= 1));

/** /proc/<pid>/fd as readlink sees it: ascending fds, socket inodes (0 for other files); fds gone since are left out. */
function listed(pid: number): { fds: number[]; inodes: number[] } {
  const links = readdirSync(`/proc/${pid}/fd`)
    .map(Number)
    .sort((a, b) => a - b)
    .map((fd): [number, string | null] => {
      try {
        return [fd, readlinkSync(`/proc/${pid}/fd/${fd}`)];
      } catch {
        return [fd, null]; // the listing's own directory fd
      }
    })
    .filter((link): link is [number, string] => link[1] !== null);
  return { fds: links.map(([fd]) => fd), inodes: links.map(([, target]) => socketInodeOfText(target)) };
}

/** Offsets as a BTF might give them (the stand-in kernel below checks none of them). */
const LAYOUT = {
  iterTarget: 7,
  fileInode: 32,
  inodeMode: 0,
  inodeIno: 64,
  inodeSb: 40,
  sbMagic: 96,
  taskPid: 1264,
  taskTgid: 1268,
};

/**
 * A kernel for the reader's native calls: bpf(cmd) answers `answer(cmd, call)` ([fd, errno]; `call` counts from 0);
 * memory is plain bytes. Counts the bpf() calls and the frees.
 */
function standIn(answer: (cmd: number, call: number) => [number, number]): Native & { calls: number; freed: number } {
  let errno = 0;
  const fake = {
    calls: 0,
    freed: 0,
    bpf: (cmd: number): number => {
      const [fd, code] = answer(cmd, fake.calls++);
      errno = code;
      return fd;
    },
    errno: (): number => errno,
    close: (): void => undefined,
    address: (): bigint => 0n,
    view: (pointer: unknown): Uint8Array => pointer as Uint8Array,
    alloc: (length: number): unknown => new Uint8Array(length),
    free: (): void => {
      fake.freed++;
    },
  };
  return fake;
}

it('the program is whole instructions, ending in exit', () => {
  const code = taskFileProgram(LAYOUT);
  expect(code.length % 8).toBe(0);
  expect(code[code.length - 8]).toBe(0x95);
});

describe('loadProgram', () => {
  /** A kernel that answers each load with the next of `answers` ([fd, errno]), then EPERM. */
  const kernel = (answers: [number, number][]) => standIn((_, call) => answers[call] ?? [-1, 1]);

  it('tries again while the verifier gives up on a pending signal (EAGAIN), up to five loads', () => {
    const twice = kernel([
      [-1, 11],
      [-1, 11],
      [9, 0],
    ]);
    expect(loadProgram(twice, LAYOUT)).toBe(9);
    expect(twice.calls).toBe(3);
    const always = kernel(Array.from({ length: 9 }, (): [number, number] => [-1, 11]));
    expect(loadProgram(always, LAYOUT)).toBe(-1);
    expect(always.calls).toBe(5);
  });

  it('names the program (bpf_attr.prog_name at 48): what bpftool shows, and how another thread finds it', () => {
    let attr: Uint8Array | null = null;
    const named = kernel([[9, 0]]);
    const bpf = named.bpf;
    named.bpf = (cmd, a, size) => {
      attr = (a as Uint8Array).slice();
      return bpf(cmd, a, size);
    };
    expect(loadProgram(named, LAYOUT)).toBe(9);
    expect(Buffer.from((attr as unknown as Uint8Array).subarray(48, 64)).toString('latin1')).toBe(
      PROGRAM_NAME.padEnd(16, '\0'),
    );
  });

  it('another refusal (EPERM: not root) is final; the buffers are freed either way', () => {
    const refused = kernel([[-1, 1]]);
    expect(loadProgram(refused, LAYOUT)).toBe(-1);
    expect(refused.calls).toBe(1);
    expect(refused.freed).toBe(3);
  });
});

describe('BpfFdReader.read with a stand-in kernel', () => {
  const E2BIG = 7;
  const ENOENT = 2;
  /** Answers LINK_CREATE (28) with `link` ([fd, errno]), ITER_CREATE (33) with `iterator`. */
  const kernel = (link: [number, number], iterator: number) =>
    standIn((cmd) => (cmd === 28 ? link : cmd === 33 ? [iterator, 0] : [-1, 1]));

  it('a refused link (a 5.9-6.0 kernel: E2BIG) turns the reader off: no second try for the next process', () => {
    const refusing = kernel([-1, E2BIG], -1);
    const reader = BpfFdReader.over(refusing, 5);
    expect(reader.read(100)).toBeNull();
    const calls = refusing.calls;
    expect(reader.read(101)).toBeNull();
    expect(refusing.calls).toBe(calls);
    expect(reader.offReason).toBe('the kernel refused a link (E2BIG)');
  });

  it('a process that is gone (ENOENT) leaves it on', () => {
    const gone = kernel([-1, ENOENT], -1);
    const reader = BpfFdReader.over(gone, 5);
    expect(reader.read(100)).toBeNull();
    expect(reader.read(101)).toBeNull();
    expect(gone.calls).toBe(2);
    expect(reader.offReason).toBeNull();
  });

  it('fds that do not ascend (not one process table) turn it off; one table is read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netscope-fd-bpf-records-'));
    const records = (pairs: [number, number][]): Buffer => {
      const bytes = Buffer.alloc(pairs.length * 16);
      pairs.forEach(([fd, inode], i) => {
        bytes.writeBigUInt64LE(BigInt(fd), i * 16);
        bytes.writeBigUInt64LE(BigInt(inode), i * 16 + 8);
      });
      return bytes;
    };
    try {
      writeFileSync(
        path.join(dir, 'one'),
        records([
          [0, 0],
          [3, 30],
          [4, 40],
        ]),
      );
      writeFileSync(
        path.join(dir, 'two'),
        records([
          [0, 0],
          [3, 30],
          [0, 0],
          [4, 40],
        ]),
      );
      const one = openSync(path.join(dir, 'one'), 'r');
      const good = BpfFdReader.over(kernel([7, 0], one), 5);
      expect([...(good.read(100)?.fds ?? [])]).toEqual([0, 3, 4]);
      expect(good.offReason).toBeNull();
      closeSync(one);
      const two = openSync(path.join(dir, 'two'), 'r');
      const mixed = kernel([7, 0], two);
      const reader = BpfFdReader.over(mixed, 5);
      expect(reader.read(100)).toBeNull();
      const calls = mixed.calls;
      expect(reader.read(101)).toBeNull();
      expect(mixed.calls).toBe(calls);
      expect(reader.offReason).toBe('the iterator gave fds of more than one process');
      closeSync(two);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!able)('BpfFdReader (root, Linux 6.1+)', () => {
  let child: ChildProcess;
  let server: Server;
  let root = '';
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'netscope-fd-bpf-'));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'unix.sock'), resolve));
    // A child holding sockets (a listener, a connected pair) and files of other kinds, until told to stop.
    child = spawn(
      process.execPath,
      [
        '-e',
        `const net = require('node:net'); const fs = require('node:fs');
         for (let i = 0; i < 5; i++) fs.openSync('/dev/null', 'r');
         const s = net.createServer((c) => {}).listen(0, '127.0.0.1', () => {
           const c = net.connect(s.address().port, '127.0.0.1', () => process.send('ready'));
         });
         process.on('message', () => process.exit(0));`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    await new Promise((resolve) => child.once('message', resolve));
  });
  afterAll(async () => {
    child.send('stop');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('loads here', () => {
    expect(BpfFdReader.create(koffi, koffi.load('libc.so.6'))).not.toBeNull();
  });

  it('a process: the same fds and socket inodes as its /proc fd links', () => {
    const reader = BpfFdReader.create(koffi, koffi.load('libc.so.6'));
    const pid = child.pid as number;
    const read = reader?.read(pid);
    const expected = listed(pid);
    expect(expected.inodes.filter((inode) => inode > 0).length).toBeGreaterThanOrEqual(3);
    expect({ fds: [...(read?.fds ?? [])], inodes: [...(read?.inodes ?? [])] }).toEqual(expected);
  });

  it('an O_PATH fd of a unix socket file: a socket, but not of sockfs, so no inode (its link is the path)', () => {
    const libc = koffi.load('libc.so.6');
    const open = libc.func('int open(const char *, int)') as (file: string, flags: number) => number;
    const close = libc.func('int close(int)') as (fd: number) => number;
    const O_PATH = 0o10000000;
    const fd = open(path.join(root, 'unix.sock'), O_PATH);
    expect(fd).toBeGreaterThanOrEqual(0);
    try {
      expect(readlinkSync(`/proc/self/fd/${fd}`)).toBe(path.join(root, 'unix.sock'));
      const read = BpfFdReader.create(koffi, libc)?.read(process.pid);
      const at = [...(read?.fds ?? [])].indexOf(fd);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(read?.inodes[at]).toBe(0);
      // This process's own sockets (the listener above) are there with their inodes.
      const own = listed(process.pid);
      const socket = own.fds.find((_, i) => (own.inodes[i] as number) > 0) as number;
      const fds = [...(read?.fds ?? [])];
      expect(read?.inodes[fds.indexOf(socket)]).toBe(own.inodes[own.fds.indexOf(socket)]);
    } finally {
      close(fd);
    }
  });

  it('one program per process: a reader made again (another thread, or after one was terminated) loads no second', () => {
    const programs = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:bpf-prog';
        } catch {
          return false;
        }
      }).length;
    expect(BpfFdReader.create(koffi, koffi.load('libc.so.6'))).not.toBeNull();
    const before = programs();
    expect(before).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect(BpfFdReader.create(koffi, koffi.load('libc.so.6'))).not.toBeNull();
    expect(programs()).toBe(before);
  });

  it('a process that is gone: nothing (the scan then probes /proc, which says it is gone)', () => {
    const reader = BpfFdReader.create(koffi, koffi.load('libc.so.6'));
    // PIDs stop well below 2^22 (pid_max's ceiling): this one cannot exist.
    expect(reader).not.toBeNull();
    expect(reader?.read(4_194_304 + 17)?.fds.length ?? 0).toBe(0);
  });
});
