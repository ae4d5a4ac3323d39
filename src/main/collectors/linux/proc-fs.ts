/**
 * Small helpers shared by the Linux collectors: where /proc and /sys are, sync
 * reads that say "gone" instead of throwing, and a pacer that lets long scans
 * give the event loop a turn and notice an abort.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export interface LinuxCollectorOptions {
  /** Defaults to '/proc' (tests point it elsewhere). */
  procRoot?: string;
  /** Defaults to '/sys'. */
  sysRoot?: string;
  /** Defaults to '/etc/passwd'. */
  passwdPath?: string;
  /** Sync file operations between two turns given to the event loop. */
  operationsPerYield?: number;
}

export interface ResolvedLinuxOptions {
  procRoot: string;
  sysRoot: string;
  passwdPath: string;
  operationsPerYield: number;
}

export function resolveLinuxOptions(options: LinuxCollectorOptions = {}): ResolvedLinuxOptions {
  return {
    procRoot: options.procRoot ?? '/proc',
    sysRoot: options.sysRoot ?? '/sys',
    passwdPath: options.passwdPath ?? '/etc/passwd',
    operationsPerYield: options.operationsPerYield ?? 2000,
  };
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Whole file as text ('latin1': /proc is ASCII and this is the fastest decoding), or null when it does not exist. */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR') return null;
    throw error;
  }
}

const SMALL_BYTES = 4096;
const smallBuffer = Buffer.allocUnsafe(SMALL_BYTES);

/**
 * readTextOrNull for small files read often (/proc/<pid>/stat of every process,
 * every refresh): one read into a reused buffer, no fstat and no buffer per
 * call; about half the cost. A file that fills the buffer is read whole.
 */
export function readSmallTextOrNull(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR') return null;
    throw error;
  }
  let length: number;
  try {
    length = readSync(fd, smallBuffer, 0, SMALL_BYTES, null);
  } catch (error) {
    // A process that exits between open and read.
    if (errorCode(error) === 'ESRCH') return null;
    throw error;
  } finally {
    closeSync(fd);
  }
  return length < SMALL_BYTES ? smallBuffer.toString('latin1', 0, length) : readTextOrNull(path);
}

const CHUNK_BYTES = 1 << 19;
/** One reused buffer for every chunked read (all reads are synchronous, so never two at once). */
const chunkBuffer = Buffer.allocUnsafe(CHUNK_BYTES);

/**
 * Reads a big line-oriented file (the socket tables: ~15 MB at 100k sockets)
 * and hands it to `onChunk` in pieces of whole lines, ~0.5 MB each; false when
 * the file does not exist.
 *
 * WHY chunks: the whole table as one string plus the buffer it was decoded
 * from is ~30 MB that lives through the parse, on every refresh, and a large
 * object V8 only reclaims in a full GC; a reused 0.5 MB buffer and short-lived
 * chunk strings keep the peak resident size down. Still one decode per chunk
 * (no readFileSync chunk list); the kernel hands out a page per read() anyway.
 */
export function readLinesInChunks(path: string, onChunk: (text: string) => void): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR') return false;
    throw error;
  }
  try {
    let length = 0;
    for (;;) {
      const n = readSync(fd, chunkBuffer, length, CHUNK_BYTES - length, null);
      length += n;
      if (n > 0 && length < CHUNK_BYTES) continue;
      if (n === 0) {
        if (length > 0) onChunk(chunkBuffer.toString('latin1', 0, length));
        return true;
      }
      // Full: hand over the whole lines, keep the partial last one for the next round.
      const lastNewline = chunkBuffer.lastIndexOf(10, length - 1);
      if (lastNewline < 0) {
        // A single line longer than the buffer: not a socket table; give it as it is.
        onChunk(chunkBuffer.toString('latin1', 0, length));
        length = 0;
        continue;
      }
      onChunk(chunkBuffer.toString('latin1', 0, lastNewline + 1));
      length = chunkBuffer.copy(chunkBuffer, 0, lastNewline + 1, length);
    }
  } finally {
    closeSync(fd);
  }
}

/** Like readTextOrNull, but any failure (EACCES, EINVAL from a /sys attribute the driver lacks ...) is null. */
export function readTextQuietly(path: string, encoding: BufferEncoding = 'latin1'): string | null {
  try {
    return readFileSync(path, encoding);
  } catch {
    return null;
  }
}

export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('collection aborted');
}

/**
 * Long scans use sync calls (much faster than thousands of promises) but stop
 * every `every` operations for one setImmediate turn, so that the process stays
 * responsive, and throw there if the engine aborted the collection.
 */
export class Pacer {
  private count = 0;
  constructor(
    private readonly signal: AbortSignal,
    private readonly every: number,
  ) {}

  /** Counts one operation; true when it is time to call pause(). */
  due(): boolean {
    return ++this.count >= this.every;
  }

  async pause(): Promise<void> {
    this.count = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }

  check(): void {
    if (this.signal.aborted) throw abortError(this.signal);
  }
}
