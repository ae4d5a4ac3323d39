/**
 * Listing a process's fd directory (/proc/<pid>/fd) and reading its links,
 * for the owner scan (owner-scan.ts): through libc (koffi) where it loads,
 * through node:fs where it does not.
 *
 * WHY libc: a cold scan of a busy host reads ~100k links. readlinkSync builds a
 * path string per link, validates it, makes a string of the target and, for an
 * fd closed meanwhile, an exception with a stack trace; readdirSync makes a
 * string per fd. readlinkat() relative to the open directory into one reused
 * buffer, and getdents64() parsed in place, make none of that: measured on
 * 16k socket fds, listing + reading fell from ~48 to ~36 ms of CPU (the rest is
 * the kernel's own work, which no reader avoids).
 */
import { fstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import type * as Koffi from 'koffi';
import { errnoName } from './errno-name';
import { BpfFdReader } from './fd-bpf';
import { fdBpfRefusal } from './fd-bpf-guard';
import { errorCode } from './proc-fs';

export interface FdLinks {
  /** Opens a process's fd directory: a handle (>= 0), or why not ('EACCES', 'ENOENT' ...). */
  open(dir: string): number | string;
  /** Its fd numbers into `fds` (grown as needed; in the directory's order), the count; -1 when it vanished. */
  list(handle: number): number;
  /** The inode of the socket that `fd` holds ('socket:[n]'), 0 for anything else or an fd closed meanwhile. */
  socketInode(handle: number, fd: number): number;
  /**
   * How many fds the directory's process has open, where the kernel says so (Linux 6.2 and later give the count as
   * the size of /proc/<pid>/fd); -1 where it does not (older kernels, node:fs, a directory that is not in /proc).
   */
  openCount(handle: number): number;
  /** Like socketInode, but -1 when `fd` is not open (a number probed without a listing; fd-probe.ts). */
  probe(handle: number, fd: number): number;
  /** The fds numbered `from` and up into `fds`, ascending in /proc; the count, or -1 when the process vanished. */
  listFrom(handle: number, from: number): number;
  close(handle: number): void;
  /**
   * Every fd of process `pid` of the real /proc (ascending) and the socket inode each holds, read at once without a
   * readlink per fd (fd-bpf.ts); null where that reader cannot run (the fds are then probed or listed).
   */
  everyFd?(pid: number): { fds: Int32Array; inodes: Float64Array } | null;
  /** Why everyFd() reads nothing, once it was asked (null: never asked, or it reads): the status bar's owners line. */
  everyFdOff?(): string | null;
  /** Where list() writes (reused: valid until the next list()). */
  fds: Int32Array;
  readonly kind: 'libc' | 'node';
}

const SOCKET_PREFIX = 'socket:[';
/** An inode is a 64-bit number: at most 20 digits, so a socket link is at most 'socket:[' + 20 + ']'. */
const SOCKET_LINK_MAX = SOCKET_PREFIX.length + 21;

/** The inode in 'socket:[12345]', or 0 (read by char code: this runs 100k times on a cold scan). */
export function socketInodeOfText(target: string): number {
  if (
    target.length > SOCKET_LINK_MAX ||
    target.charCodeAt(0) !== 115 ||
    !target.startsWith(SOCKET_PREFIX) ||
    target.charCodeAt(target.length - 1) !== 93
  )
    return 0;
  let inode = 0;
  for (let i = SOCKET_PREFIX.length; i < target.length - 1; i++) {
    const digit = target.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return 0;
    inode = inode * 10 + digit;
  }
  return inode;
}

/** An fd directory entry's name as a number, or -1 ('.', '..', anything else). */
export function parseFdNumber(name: string): number {
  if (name.length === 0 || name.length > 9) return -1;
  let fd = 0;
  for (let i = 0; i < name.length; i++) {
    const digit = name.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    fd = fd * 10 + digit;
  }
  return fd;
}

/** node:fs: a handle is the index of the directory's path, kept until close(). */
export class NodeFdLinks implements FdLinks {
  readonly kind = 'node';
  fds = new Int32Array(1024);
  private readonly dirs: (string | null)[] = [];
  private readonly names: (string[] | null)[] = [];

  open(dir: string): number | string {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      return errorCode(error) ?? 'EIO';
    }
    let handle = this.dirs.indexOf(null);
    if (handle < 0) handle = this.dirs.push(null) - 1;
    this.dirs[handle] = dir;
    this.names[handle] = names;
    return handle;
  }

  list(handle: number): number {
    const names = this.names[handle] ?? [];
    if (this.fds.length < names.length) this.fds = new Int32Array(names.length * 2);
    let count = 0;
    for (const name of names) {
      const fd = parseFdNumber(name);
      if (fd >= 0) this.fds[count++] = fd;
    }
    return count;
  }

  socketInode(handle: number, fd: number): number {
    return Math.max(0, this.probe(handle, fd));
  }

  /** Unknown here: node:fs is the fallback, where the listing is the only source of fd numbers. */
  openCount(): number {
    return -1;
  }

  probe(handle: number, fd: number): number {
    try {
      return socketInodeOfText(readlinkSync(`${this.dirs[handle] ?? ''}/${fd}`));
    } catch {
      return -1;
    }
  }

  listFrom(handle: number, from: number): number {
    const count = this.list(handle);
    let kept = 0;
    for (let i = 0; i < count; i++) if ((this.fds[i] as number) >= from) this.fds[kept++] = this.fds[i] as number;
    return kept;
  }

  close(handle: number): void {
    this.dirs[handle] = null;
    this.names[handle] = null;
  }
}

interface Libc {
  open(path: string, flags: number): number;
  close(fd: number): number;
  lseek64(fd: number, offset: number, whence: number): number;
  getdents64(fd: number, buffer: Uint8Array, length: number): number;
  readlinkat(dirfd: number, path: Uint8Array, buffer: Uint8Array, length: number): number;
  errno(): number;
  errnoName(errno: number): string;
}

const O_RDONLY = 0;
const O_DIRECTORY = 0o200000;
const O_CLOEXEC = 0o2000000;
const SEEK_SET = 0;
/** A /proc/<pid>/fd directory's position: fd n is at n + 2 (0 and 1 are '.' and '..'). */
const FD_POSITION = 2;
/** struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name. */
const DIRENT_RECLEN = 16;
const DIRENT_NAME = 19;
/** The kernel writes d_reclen in the host's byte order (s390x and other big-endian hosts too). */
const readReclen: (entries: Buffer, at: number) => number =
  endianness() === 'LE' ? (entries, at) => entries.readUInt16LE(at) : (entries, at) => entries.readUInt16BE(at);
/** More than any socket link (a longer target is no socket: readlinkat() truncates it, and it is rejected). */
const LINK_BYTES = 64;

/** libc through koffi; throws when koffi or libc cannot load (the caller then uses NodeFdLinks). */
export class LibcFdLinks implements FdLinks {
  readonly kind = 'libc';
  fds = new Int32Array(1024);
  private readonly entries = Buffer.allocUnsafeSlow(1 << 16);
  private readonly name = Buffer.alloc(16);
  private readonly link = Buffer.alloc(LINK_BYTES);
  private readonly c: Libc;
  /** The device of /proc where its fd directories' size counts their fds, -1 where it does not; null: not yet known. */
  private procDevice: number | null = null;
  /** The BPF fd reader: undefined until first asked for, else the reader or why it cannot run. */
  private bpf: BpfFdReader | string | undefined;
  private readonly koffi: typeof Koffi;
  private readonly lib: Koffi.LibraryHandle;

  constructor() {
    // createRequire: koffi is a native module that stays external to the bundle.
    const koffi = createRequire(__filename)('koffi') as typeof Koffi;
    const lib = koffi.load('libc.so.6');
    this.koffi = koffi;
    this.lib = lib;
    // koffi's declared signatures return unknown; each is cast to the shape it has in C.
    this.c = {
      open: lib.func('int open(const char *, int)') as Libc['open'],
      close: lib.func('int close(int)') as Libc['close'],
      lseek64: lib.func('int64_t lseek64(int, int64_t, int)') as Libc['lseek64'],
      getdents64: lib.func('long getdents64(int, _Out_ uint8_t *, size_t)') as Libc['getdents64'],
      readlinkat: lib.func('long readlinkat(int, const uint8_t *, _Out_ uint8_t *, size_t)') as Libc['readlinkat'],
      errno: () => koffi.errno(),
      errnoName,
    };
  }

  open(dir: string): number | string {
    const handle = this.c.open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return handle >= 0 ? handle : this.c.errnoName(this.c.errno());
  }

  list(handle: number): number {
    return this.listFrom(handle, 0);
  }

  listFrom(handle: number, from: number): number {
    // A fresh handle starts at the first entry: only a later start needs a seek.
    if (from > 0 && this.c.lseek64(handle, from + FD_POSITION, SEEK_SET) < 0) return -1;
    const entries = this.entries;
    let count = 0;
    for (;;) {
      const n = this.c.getdents64(handle, entries, entries.length);
      if (n < 0) return -1;
      if (n === 0) return count;
      for (let at = 0; at < n;) {
        const fd = this.entryFd(at);
        if (fd >= 0) {
          if (count === this.fds.length) {
            const grown = new Int32Array(this.fds.length * 2);
            grown.set(this.fds);
            this.fds = grown;
          }
          this.fds[count++] = fd;
        }
        const length = readReclen(entries, at + DIRENT_RECLEN);
        if (length === 0) return -1;
        at += length;
      }
    }
  }

  socketInode(handle: number, fd: number): number {
    return Math.max(0, this.probe(handle, fd));
  }

  /**
   * The size of a /proc/<pid>/fd directory, where it is the count of open fds: on procfs (the device of this
   * process's own fd directory) under a kernel that reports it (6.2 and later; earlier ones give 0).
   */
  openCount(handle: number): number {
    this.procDevice ??= procfsCountingDevice();
    if (this.procDevice < 0) return -1;
    try {
      const stat = fstatSync(handle);
      return stat.dev === this.procDevice ? stat.size : -1;
    } catch {
      return -1;
    }
  }

  probe(handle: number, fd: number): number {
    const name = this.name;
    // The fd's digits, NUL-terminated, without a string.
    let digits = 1;
    for (let rest = fd; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    for (let i = digits - 1, rest = fd; i >= 0; i--, rest = Math.floor(rest / 10)) name[i] = 48 + (rest % 10);
    name[digits] = 0;
    const link = this.link;
    const n = this.c.readlinkat(handle, name, link, LINK_BYTES);
    if (n < 0) return -1;
    // 'socket:[' (8 bytes), at least one digit, ']'.
    if (n < 10 || n > SOCKET_LINK_MAX || link[0] !== 115 || link[n - 1] !== 93) return 0;
    for (let i = 1; i < SOCKET_PREFIX.length; i++) if (link[i] !== SOCKET_PREFIX.charCodeAt(i)) return 0;
    let inode = 0;
    for (let i = SOCKET_PREFIX.length; i < n - 1; i++) {
      const digit = (link[i] as number) - 48;
      if (digit < 0 || digit > 9) return 0;
      inode = inode * 10 + digit;
    }
    return inode;
  }

  close(handle: number): void {
    this.c.close(handle);
  }

  everyFd(pid: number): { fds: Int32Array; inodes: Float64Array } | null {
    // Made on first use: a scan that never reads a process in full (a warm one) loads no program.
    if (this.bpf === undefined) this.bpf = bpfRefusal() ?? BpfFdReader.createOrWhy(this.koffi, this.lib);
    return typeof this.bpf === 'string' ? null : this.bpf.read(pid);
  }

  everyFdOff(): string | null {
    return this.bpf === undefined ? null : typeof this.bpf === 'string' ? this.bpf : this.bpf.offReason;
  }

  /** The fd number of the entry at `at`, or -1 for '.', '..' and anything not a number. */
  private entryFd(at: number): number {
    const entries = this.entries;
    let fd = 0;
    let i = at + DIRENT_NAME;
    for (; entries[i] !== 0; i++) {
      const digit = (entries[i] as number) - 48;
      if (digit < 0 || digit > 9 || i - (at + DIRENT_NAME) >= 9) return -1;
      fd = fd * 10 + digit;
    }
    return i === at + DIRENT_NAME ? -1 : fd;
  }
}

/** Why the BPF reader may not load (fd-bpf-guard.ts, and /proc being this PID namespace's), or null where it may. */
function bpfRefusal(): string | null {
  try {
    return (
      fdBpfRefusal(readFileSync('/proc/self/status', 'utf8'), process.env) ??
      (procIsOurs() ? null : "/proc is another PID namespace's")
    );
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Whether /proc numbers processes as this process's PID namespace does (the iterator takes a PID of that namespace;
 * /proc may be another's, e.g. a container given the host's).
 */
function procIsOurs(): boolean {
  try {
    return readlinkSync('/proc/self') === String(process.pid);
  } catch {
    return false;
  }
}

/** The device of /proc when its fd directories' size is their fd count (this process always has some open), else -1. */
function procfsCountingDevice(): number {
  try {
    const own = statSync('/proc/self/fd');
    return own.size > 0 ? own.dev : -1;
  } catch {
    return -1;
  }
}

/** libc where koffi loads, else node:fs. NETSCOPE_FD_LINKS=node forces node:fs (tests, and a way out). */
export function createFdLinks(): FdLinks {
  if (process.env.NETSCOPE_FD_LINKS !== 'node') {
    try {
      return new LibcFdLinks();
    } catch {
      // No koffi (or no libc.so.6, e.g. musl): node:fs reads the same.
    }
  }
  return new NodeFdLinks();
}
