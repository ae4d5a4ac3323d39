/**
 * Every fd of a process, with the socket inode each holds, read by a BPF task_file iterator instead of one
 * readlinkat() per fd (fd-probe.ts).
 *
 * WHY: a cold owner scan at 50k connections reads ~100k fd links; each readlinkat() of /proc/<pid>/fd/<n> costs
 * ~4.2 us of CPU here (a path lookup, a ptrace check and a d_path in the kernel, ~1 us of koffi), ~470 ms of the
 * owner thread's CPU while both cores are busy. statx() and fstatat() on the same names cost the same (measured on
 * 100k real fds). The kernel's task_file iterator walks a process's fd table itself: a small program (below) writes
 * (fd, inode) for each fd into a seq file that one read() returns. Measured: all 100k socket fds of the load
 * generator in 18-25 ms of CPU.
 *
 * Where: Linux 6.1 and later (an iterator bound to one process), a root process (CAP_BPF and CAP_PERFMON), BTF in
 * /sys/kernel/btf/vmlinux; x86-64 and arm64 (the bpf() syscall number). Anything else, or any failure on the way,
 * turns the reader off for good and the scan reads /proc as before.
 *
 * Same answer as /proc/<pid>/fd: the iterator bound to a process visits each of its threads whose fd table is not
 * the leader's; the program writes only the leader's (pid == tgid), which is the table /proc/<pid>/fd lists. An fd's
 * inode is written only for a socket of sockfs (S_IFSOCK on the sockfs super block), exactly the fds whose link reads
 * 'socket:[n]': an O_PATH fd of a unix socket's file is S_IFSOCK too, on its own file system.
 */
import { readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import type * as Koffi from 'koffi';
import { errnoName } from './errno-name';
import { decodeFdRecords, findBpfLayout, RECORD_BYTES, type BpfLayout } from './fd-bpf-layout';

/** bpf() commands and constants (include/uapi/linux/bpf.h). */
const BPF_PROG_LOAD = 5;
const BPF_OBJ_GET_INFO_BY_FD = 15;
const BPF_LINK_CREATE = 28;
const BPF_ITER_CREATE = 33;
const BPF_PROG_TYPE_TRACING = 26;
const BPF_TRACE_ITER = 28;
const BPF_FUNC_SEQ_WRITE = 127;
/** sizeof(union bpf_attr) in the oldest layout that has every field used here (the kernel accepts a shorter one). */
const ATTR_BYTES = 144;
/** union bpf_iter_link_info: task.tid (u32), task.pid (u32), task.pid_fd (u32), padded. */
const LINK_INFO_BYTES = 16;
const SOCKFS_MAGIC = 0x534f434b;
const EAGAIN = 11;
const ENOENT = 2;
const ESRCH = 3;
/**
 * The program's name (bpf_attr.prog_name, at most 15 characters): what `bpftool prog` and an EDR show for it, and how
 * a thread finds the program another thread of this process loaded (programLoadedBefore).
 */
export const PROGRAM_NAME = 'netscope_fds';
/** sizeof the start of struct bpf_prog_info up to and with its name (char name[16] at 64). */
const PROG_INFO_BYTES = 80;
const PROG_INFO_NAME = 64;
const LOAD_ATTEMPTS = 5;
const S_IFMT = 0xf000;
const S_IFSOCK = 0xc000;
const SYS_BPF: Partial<Record<NodeJS.Architecture, number>> = { x64: 321, arm64: 280 };

/** struct bpf_iter__task_file: meta, task, fd (u32), file: fixed by the kernel's iterator interface. */
const CTX_META = 0;
const CTX_TASK = 8;
const CTX_FD = 16;
const CTX_FILE = 24;

// eBPF instruction classes and fields.
const LDX_MEM = 0x61;
const STX_MEM = 0x63;
const DW = 0x18;
const W = 0x00;
const H = 0x08;
const MOV64_REG = 0xbf;
const MOV64_IMM = 0xb7;
const ADD64_IMM = 0x07;
const AND64_IMM = 0x57;
const JEQ_IMM = 0x15;
const JNE_IMM = 0x55;
const JNE_REG = 0x5d;
const CALL = 0x85;
const EXIT = 0x95;

type Insn = [code: number, dst: number, src: number, off: number, imm: number];

/**
 * The program, per fd of the leader: (fd, 0) for a file that is no sockfs socket, (fd, inode) for one.
 * r6 ctx, r7 file, r8 task, r4 the inode written, r2/r3/r5 scratch; the record is built at r10 - 16.
 */
export function taskFileProgram(layout: BpfLayout): Uint8Array {
  // Where the jumps land (a jump's offset counts from the next instruction): `r0 = 0`, and the record's store.
  const EXIT_AT = 26;
  const EMIT_AT = 17;
  const program: Insn[] = [
    [MOV64_REG, 6, 1, 0, 0], // 0
    [LDX_MEM | DW, 7, 6, CTX_FILE, 0], // 1
    [JEQ_IMM, 7, 0, EXIT_AT - 3, 0], // 2: no file
    [LDX_MEM | DW, 8, 6, CTX_TASK, 0], // 3
    [JEQ_IMM, 8, 0, EXIT_AT - 5, 0], // 4: no task
    [LDX_MEM | W, 2, 8, layout.taskPid, 0], // 5
    [LDX_MEM | W, 3, 8, layout.taskTgid, 0], // 6
    [JNE_REG, 2, 3, EXIT_AT - 8, 0], // 7: a thread with its own fd table: not in /proc/<pid>/fd
    [MOV64_IMM, 4, 0, 0, 0], // 8
    [LDX_MEM | DW, 2, 7, layout.fileInode, 0], // 9
    [LDX_MEM | H, 3, 2, layout.inodeMode, 0], // 10
    [AND64_IMM, 3, 0, 0, S_IFMT], // 11
    [JNE_IMM, 3, 0, EMIT_AT - 13, S_IFSOCK], // 12
    [LDX_MEM | DW, 5, 2, layout.inodeSb, 0], // 13
    [LDX_MEM | DW, 5, 5, layout.sbMagic, 0], // 14
    [JNE_IMM, 5, 0, EMIT_AT - 16, SOCKFS_MAGIC], // 15
    [LDX_MEM | DW, 4, 2, layout.inodeIno, 0], // 16
    [STX_MEM | DW, 10, 4, -8, 0], // 17 (EMIT_AT)
    [LDX_MEM | W, 5, 6, CTX_FD, 0], // 18
    [STX_MEM | DW, 10, 5, -16, 0], // 19
    [LDX_MEM | DW, 1, 6, CTX_META, 0], // 20
    [LDX_MEM | DW, 1, 1, 0, 0], // 21: meta->seq
    [MOV64_REG, 2, 10, 0, 0], // 22
    [ADD64_IMM, 2, 0, 0, -RECORD_BYTES], // 23
    [MOV64_IMM, 3, 0, 0, RECORD_BYTES], // 24
    [CALL, 0, 0, 0, BPF_FUNC_SEQ_WRITE], // 25
    [MOV64_IMM, 0, 0, 0, 0], // 26 (EXIT_AT)
    [EXIT, 0, 0, 0, 0], // 27
  ];
  const bytes = new Uint8Array(program.length * 8);
  const view = new DataView(bytes.buffer);
  program.forEach(([code, dst, src, off, imm], i) => {
    view.setUint8(i * 8, code);
    view.setUint8(i * 8 + 1, (src << 4) | dst);
    view.setInt16(i * 8 + 2, off, true);
    view.setInt32(i * 8 + 4, imm, true);
  });
  return bytes;
}

/** The few native calls the reader makes (koffi and libc), apart so that tests can stand in for the kernel. */
export interface Native {
  bpf(cmd: number, attr: unknown, size: number): number;
  errno(): number;
  close(fd: number): void;
  address(pointer: unknown): bigint;
  view(pointer: unknown, length: number): Uint8Array;
  alloc(length: number): unknown;
  free(pointer: unknown): void;
}

/** Reads a process's fds through a loaded task_file program; null from create() where it cannot run. */
export class BpfFdReader {
  private readonly attr: unknown;
  private readonly attrBytes: DataView;
  private readonly linkInfo: unknown;
  private readonly linkInfoBytes: DataView;
  private buffer = new Uint8Array(1 << 16);
  /** Set when this kernel cannot do what read() asks (see read()): why, for the status bar's owners line. */
  offReason: string | null = null;

  private constructor(
    private readonly native: Native,
    private readonly program: number,
  ) {
    this.attr = native.alloc(ATTR_BYTES);
    this.attrBytes = viewOf(native.view(this.attr, ATTR_BYTES));
    this.linkInfo = native.alloc(LINK_INFO_BYTES);
    this.linkInfoBytes = viewOf(native.view(this.linkInfo, LINK_INFO_BYTES));
  }

  /** A reader of an already loaded program through the given calls (tests stand in for the kernel with them). */
  static over(native: Native, program: number): BpfFdReader {
    return new BpfFdReader(native, program);
  }

  /** The reader, or null (not Linux 6.1+ on x86-64/arm64, no BTF, not root, no koffi ...). */
  static create(koffi: typeof Koffi, libc: Koffi.LibraryHandle): BpfFdReader | null {
    const made = BpfFdReader.createOrWhy(koffi, libc);
    return typeof made === 'string' ? null : made;
  }

  /** As create(), but why not instead of null (the status bar says how owners are read, and why not by BPF). */
  static createOrWhy(koffi: typeof Koffi, libc: Koffi.LibraryHandle): BpfFdReader | string {
    const number = SYS_BPF[process.arch];
    if (number === undefined || process.platform !== 'linux')
      return `no bpf() here (${process.platform} ${process.arch})`;
    try {
      const syscall = libc.func('long syscall(long, int, void *, unsigned int)') as (
        ...args: [number, number, unknown, number]
      ) => number;
      const close = libc.func('int close(int)') as (fd: number) => number;
      const native: Native = {
        bpf: (cmd, attr, size) => syscall(number, cmd, attr, size),
        errno: () => koffi.errno(),
        // Not fs.closeSync: Node warns when it closes an fd that node:fs did not open.
        close: (fd) => void close(fd),
        address: (pointer) => koffi.address(pointer),
        view: (pointer, length) => new Uint8Array(koffi.view(pointer, length)),
        alloc: (length) => koffi.alloc('uint8_t', length),
        free: (pointer) => koffi.free(pointer),
      };
      // WHY look first: the owner scan runs in a worker thread that a watchdog may terminate, and a terminated
      // thread closes nothing it opened through libc: loading again from each new thread left one more program
      // in the kernel per terminated thread. One program per process instead.
      const before = programLoadedBefore(native);
      if (before !== null) return new BpfFdReader(native, before);
      const layout = findBpfLayout(readFileSync('/sys/kernel/btf/vmlinux'));
      if (layout === null) return 'no task_file iterator layout in /sys/kernel/btf/vmlinux';
      const program = loadProgram(native, layout);
      return program < 0
        ? `the kernel refused the program (${errnoName(native.errno())})`
        : new BpfFdReader(native, program);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * Every fd of process `pid` (ascending) and its socket inode (0 for none); null when it could not be read. A
   * failure other than a process that is gone turns the reader off for good (`off`): a kernel that refuses the
   * link (5.9-6.0: no task iterator bound to one process) would refuse it for every process.
   */
  read(pid: number): { fds: Int32Array; inodes: Float64Array } | null {
    if (this.offReason !== null) return null;
    const { native, attrBytes: attr, linkInfoBytes: info } = this;
    info.setUint32(0, 0, true);
    info.setUint32(4, pid, true);
    info.setUint32(8, 0, true);
    clear(attr);
    attr.setUint32(0, this.program, true);
    attr.setUint32(8, BPF_TRACE_ITER, true);
    attr.setBigUint64(16, native.address(this.linkInfo), true);
    attr.setUint32(24, LINK_INFO_BYTES, true);
    const link = native.bpf(BPF_LINK_CREATE, this.attr, ATTR_BYTES);
    if (link < 0) {
      const errno = native.errno();
      if (errno !== ENOENT && errno !== ESRCH) this.offReason = `the kernel refused a link (${errnoName(errno)})`;
      return null;
    }
    let iterator = -1;
    try {
      clear(attr);
      attr.setUint32(0, link, true);
      iterator = native.bpf(BPF_ITER_CREATE, this.attr, ATTR_BYTES);
      if (iterator < 0) {
        this.offReason = `the kernel refused an iterator (${errnoName(native.errno())})`;
        return null;
      }
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const grown = new Uint8Array(this.buffer.length * 2);
          grown.set(this.buffer);
          this.buffer = grown;
        }
        const n = readSync(iterator, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      const table = decodeFdRecords(this.buffer, length);
      // Not one process's table (decodeFdRecords): the iterator is not bound as asked; never trusted again.
      if (table === null) this.offReason = 'the iterator gave fds of more than one process';
      return table;
    } catch {
      return null;
    } finally {
      if (iterator >= 0) native.close(iterator);
      native.close(link);
    }
  }
}

/** Loads the program; its fd, or -1. */
export function loadProgram(native: Native, layout: BpfLayout): number {
  const code = taskFileProgram(layout);
  const insns = native.alloc(code.length);
  native.view(insns, code.length).set(code);
  const license = native.alloc(4);
  native.view(license, 4).set([71, 80, 76, 0]); // "GPL": bpf_seq_write is a GPL-only helper.
  const attrPointer = native.alloc(ATTR_BYTES);
  const attr = viewOf(native.view(attrPointer, ATTR_BYTES));
  clear(attr);
  attr.setUint32(0, BPF_PROG_TYPE_TRACING, true);
  attr.setUint32(4, code.length / 8, true);
  attr.setBigUint64(8, native.address(insns), true);
  attr.setBigUint64(16, native.address(license), true);
  new Uint8Array(attr.buffer, attr.byteOffset + 48, 16).set(Buffer.from(PROGRAM_NAME, 'latin1'));
  attr.setUint32(68, BPF_TRACE_ITER, true);
  attr.setUint32(108, layout.iterTarget, true);
  try {
    // The verifier gives up with EAGAIN when a signal is pending (a profiler's SIGPROF every millisecond made 6 loads
    // in 8 fail): tried again, as libbpf does.
    let program = -1;
    for (let attempt = 0; attempt < LOAD_ATTEMPTS && program < 0; attempt++) {
      program = native.bpf(BPF_PROG_LOAD, attrPointer, ATTR_BYTES);
      if (program < 0 && native.errno() !== EAGAIN) break;
    }
    return program;
  } finally {
    // The kernel copied the program; nothing keeps these.
    for (const pointer of [insns, license, attrPointer]) native.free(pointer);
  }
}

/**
 * The fd of this reader's program already loaded in this process (by another thread, or one since terminated), or
 * null: an fd of /proc/self/fd that is a BPF program named PROGRAM_NAME.
 */
export function programLoadedBefore(native: Native): number | null {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return null;
  }
  const infoPointer = native.alloc(PROG_INFO_BYTES);
  const attrPointer = native.alloc(ATTR_BYTES);
  try {
    const infoBytes = native.view(infoPointer, PROG_INFO_BYTES);
    const attr = viewOf(native.view(attrPointer, ATTR_BYTES));
    for (const name of names) {
      const fd = Number(name);
      let link: string;
      try {
        link = readlinkSync(`/proc/self/fd/${name}`);
      } catch {
        continue; // closed meanwhile (the listing's own fd among them)
      }
      if (link !== 'anon_inode:bpf-prog') continue;
      infoBytes.fill(0);
      clear(attr);
      attr.setUint32(0, fd, true);
      attr.setUint32(4, PROG_INFO_BYTES, true);
      attr.setBigUint64(8, native.address(infoPointer), true);
      if (native.bpf(BPF_OBJ_GET_INFO_BY_FD, attrPointer, ATTR_BYTES) < 0) continue;
      const end = infoBytes.indexOf(0, PROG_INFO_NAME);
      const found = Buffer.from(infoBytes.subarray(PROG_INFO_NAME, end < 0 ? PROG_INFO_BYTES : end)).toString('latin1');
      if (found === PROGRAM_NAME) return fd;
    }
    return null;
  } finally {
    native.free(infoPointer);
    native.free(attrPointer);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function clear(view: DataView): void {
  for (let i = 0; i < view.byteLength; i += 4) view.setUint32(i, 0, true);
}
