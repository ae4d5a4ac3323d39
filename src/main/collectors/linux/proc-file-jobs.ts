/**
 * The file-reading jobs of proc-jobs.ts: whole small files ('read'), the socket
 * tables in chunks of whole lines ('tables', with proc-table-diff.ts's line
 * diff), sockstat, and one process's /proc/<pid> details. Plain synchronous
 * reads: they run in the reading thread, where one that hangs harms nothing.
 */
import { readFileSync, readlinkSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { parseSockstat, tableIsEmpty } from '../../parsers/linux/proc-net-sockstat';
import type { InodePrints } from './sock-diag-diff';
import { DIFF_HEADER_BYTES, encodeTableChunk, type TablePrintMemory } from './proc-table-diff';
import { errorCode, isGoneCode, readSmallTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';
import { keptFiles } from './proc-kept-files';
import {
  PHASE_FILE,
  PHASE_PROCESS_INFO,
  SOCKSTAT_ITEM,
  type JobArgs,
  type JobContext,
  type RawProcess,
  type ReadOutcome,
  type TablesOutcome,
} from './proc-protocol';

/** Chunk size of a 'table' job: ~3k socket lines, parsed by the receiver while the next one is read. */
const CHUNK_BYTES = 1 << 19;

export function readFiles({ paths, encoding, options }: JobArgs<'read'>, context: JobContext): ReadOutcome[] {
  return paths.map((path, i) => {
    context.beat(i, PHASE_FILE);
    const option = options?.[i] ?? null;
    const knownMtime = option?.knownMtime;
    let mtime: number | undefined;
    if (knownMtime !== undefined) {
      // As readPasswd: a file that cannot be stat'ed is no file (its names are forgotten once).
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        return { text: null, code: null, mtime: -1, unchanged: knownMtime === -1 };
      }
      if (mtime === knownMtime) return { text: null, code: null, mtime, unchanged: true };
    }
    try {
      const text = readWhole(path, option?.encoding ?? encoding);
      return mtime === undefined ? { text, code: null } : { text, code: null, mtime, unchanged: false };
    } catch (error) {
      const code = errorCode(error);
      // With an mtime (passwd): any failure is no text, as readQuietly, not an error.
      if (mtime !== undefined) return { text: null, code: null, mtime, unchanged: false };
      if (code !== undefined && isGoneCode(code)) return { text: null, code: null };
      return { text: null, code: code ?? (error instanceof Error ? error.message : String(error)) };
    }
  });
}

/** The buffer readWhole() reads into: jobs run one at a time in a thread, and each text is decoded out of it. */
let wholeBuffer: Buffer | null = null;
const WHOLE_BYTES = 1 << 16;

/**
 * A whole file's text, as readFileSync(path, encoding) gives it (same errors), read into a reused buffer.
 * WHY: an idle refresh reads ~20 small files of /proc and /sys (routes, statistics, sockstat, each interface's
 * state); readFileSync does an fstat, allocates a buffer per read and concatenates, about twice the CPU of
 * open/read/close into one buffer. A file that fills the buffer (a router's route table) is read by readFileSync,
 * so the buffer stays small. /proc/net files are read through descriptors kept open (proc-kept-files.ts); one whose
 * kept descriptor fails is opened again, so that its error is the one a new open gives.
 */
function readWhole(path: string, encoding: 'latin1' | 'utf8'): string {
  const buffer = (wholeBuffer ??= Buffer.allocUnsafeSlow(WHOLE_BYTES));
  if (keptFiles.keeps(path)) {
    try {
      const length = readFrom(keptFiles.descriptor(path), buffer, true);
      if (length < WHOLE_BYTES) return buffer.toString(encoding, 0, length);
      return readFileSync(path, encoding);
    } catch {
      keptFiles.forget(path);
    }
  }
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readFrom(fd, buffer, false);
  } finally {
    closeSync(fd);
  }
  return length < WHOLE_BYTES ? buffer.toString(encoding, 0, length) : readFileSync(path, encoding);
}

/**
 * Reads `fd` into `buffer` until the end of the file or a full buffer; the length read. `fromStart`: from offset 0
 * whatever the descriptor's position (a kept descriptor; a /proc/net file is generated afresh at offset 0), else
 * from its position.
 */
function readFrom(fd: number, buffer: Buffer, fromStart: boolean): number {
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, WHOLE_BYTES - length, fromStart ? length : null);
    if (n === 0) return length;
    length += n;
    if (length === WHOLE_BYTES) return length;
  }
}

/** The read buffer of 'table' jobs: jobs run one at a time in a thread, and each chunk is copied out of it. */
let tableBuffer: Buffer | null = null;

/**
 * The socket tables, back to back so that the receiver parses one chunk while
 * the next is read; sockstat's counts skip the empty ones (each TCP table read
 * walks the whole TCP hash, ~4 ms even when empty). A table that cannot be read
 * is reported in the outcome, and the next one is read.
 */
export function readTables(
  { procRoot, files, sockstat, generation, compareWith }: JobArgs<'tables'>,
  context: JobContext,
  memory: TablePrintMemory,
): TablesOutcome {
  const { counts, problem: sockstatProblem } = sockstat
    ? readSockstat(procRoot, context)
    : { counts: new Map<string, number>(), problem: null };
  const tables = files.map((file, part) => {
    if (tableIsEmpty(file, counts)) return { read: false, code: null };
    context.beat(part, PHASE_FILE);
    // With a generation: only the lines that changed since read `compareWith[part]` (proc-table-diff.ts).
    const diff =
      generation === undefined
        ? null
        : { last: memory.lastFor(file, compareWith?.[part] ?? 0), next: memory.nextFor(file) };
    try {
      const read = readTable(`${procRoot}/net/${file}`, part, context, diff);
      if (read && diff && generation !== undefined) memory.keep(file, generation, diff.next);
      else memory.forget(file, diff?.next ?? null);
      return { read, code: null };
    } catch (error) {
      memory.forget(file, diff?.next ?? null);
      return { read: false, code: errorCode(error) ?? String(error) };
    }
  });
  return { tables, sockstatProblem };
}

/** The socket counts of sockstat and sockstat6 (empty, with the reason, when either cannot be read). */
export function readSockstat(
  procRoot: string,
  context: JobContext,
): { counts: ReadonlyMap<string, number>; problem: string | null } {
  let problem: string | null = null;
  const texts = ['sockstat', 'sockstat6'].map((name, i) => {
    context.beat(SOCKSTAT_ITEM + i, PHASE_FILE);
    try {
      return readWhole(`${procRoot}/net/${name}`, 'latin1');
    } catch (error) {
      const code = errorCode(error);
      if (!isGoneCode(code)) problem = `${procRoot}/net/${name}: ${code ?? String(error)}`;
      return '';
    }
  });
  // Counts only when both files could be read: a partial count could skip a table that has sockets.
  return { counts: problem === null ? parseSockstat(texts.join('')) : new Map(), problem };
}

/**
 * A socket table in chunks of whole lines; false when it does not exist.
 * `context.chunk` gets a view into a reused buffer, valid until it returns
 * (the worker copies it into a right-sized buffer that it transfers).
 */
function readTable(
  path: string,
  part: number,
  context: JobContext,
  diff: { last: InodePrints | null; next: InodePrints } | null,
): boolean {
  // A /proc/net table through its kept descriptor (proc-kept-files.ts), read from offset 0 on.
  const kept = keptFiles.keeps(path);
  let fd: number;
  try {
    fd = kept ? keptFiles.descriptor(path) : openSync(path, 'r');
  } catch (error) {
    if (isGoneCode(errorCode(error))) return false;
    throw error;
  }
  const buffer = (tableBuffer ??= Buffer.allocUnsafeSlow(CHUNK_BYTES));
  const send = (length: number): void => {
    if (diff === null) return context.chunk(buffer.subarray(0, length), length, part);
    const encoded = encodeTableChunk(buffer, length, diff.last, diff.next);
    // Nothing in it (the header line alone): nothing to send.
    if (encoded.length > DIFF_HEADER_BYTES || encoded.readUInt32LE(4) > 0) context.chunk(encoded, encoded.length, part);
  };
  let failed = true;
  try {
    let length = 0;
    let position = 0;
    for (;;) {
      context.beat(part, PHASE_FILE);
      const n = readSync(fd, buffer, length, CHUNK_BYTES - length, kept ? position : null);
      position += n;
      length += n;
      if (n > 0 && length < CHUNK_BYTES) continue;
      if (n === 0) {
        if (length > 0) send(length);
        failed = false;
        return true;
      }
      // Full: hand over the whole lines, keep the partial last one for the next round.
      const lastNewline = buffer.lastIndexOf(10, length - 1);
      const end = lastNewline < 0 ? length : lastNewline + 1;
      send(end);
      length = buffer.copy(buffer, 0, end, length);
    }
  } finally {
    // A kept descriptor that failed is opened again next time.
    if (!kept) closeSync(fd);
    else if (failed) keptFiles.forget(path);
  }
}

function readQuietly(path: string): string | null {
  try {
    return readWhole(path, 'utf8');
  } catch {
    return null;
  }
}

/** /proc/<pid>'s details; `knownTicks` null: read the start time too (null when the process is gone). */
export function readProcess(
  procRoot: string,
  pid: number,
  knownTicks: number | null,
  context: JobContext,
): RawProcess | null {
  context.beat(pid, PHASE_PROCESS_INFO);
  const dir = `${procRoot}/${pid}`;
  let startTicks = knownTicks;
  if (startTicks === null) {
    const stat = readSmallTextOrNull(`${dir}/stat`);
    startTicks = stat === null ? null : parseStatStartTime(stat);
    if (startTicks === null) return null;
  }
  const comm = readQuietly(`${dir}/comm`);
  const status = readQuietly(`${dir}/status`);
  if (comm === null && status === null) return null;
  let exe: string | null = null;
  try {
    // Fails for kernel threads and, when not root, for other users' processes.
    exe = readlinkSync(`${dir}/exe`);
  } catch {
    exe = null;
  }
  return { pid, startTicks, comm, status, exe, cmdline: readQuietly(`${dir}/cmdline`) };
}
