/**
 * Small helpers shared by the Linux collectors: where /proc and /sys are, sync
 * reads that say "gone" instead of throwing (used by the jobs of proc-jobs.ts,
 * which run in a worker thread), and a pacer that lets long scans give the
 * event loop a turn and notice an abort.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export interface LinuxCollectorOptions {
  /** Defaults to '/proc' (tests point it elsewhere). */
  procRoot?: string;
  /** Defaults to '/sys'. */
  sysRoot?: string;
  /** Defaults to '/etc/passwd'. */
  passwdPath?: string;
  /** Sync file operations between two turns given to the event loop (reads in this thread only). */
  operationsPerYield?: number;
  /**
   * The worker bundle that runs the reads (proc-worker.js); defaults to the one
   * beside this bundle. Where none exists (vitest on the TypeScript sources) the
   * reads run in the calling thread, unguarded; null asks for that (the one-shot
   * `netscope -r`, `-e`, `-s`, which read only /proc/net and /sys files: a thread
   * would cost more than the command, see src/main/cli/platform.ts).
   */
  workerFile?: string | null;
  /** How long a worker may show no progress before the watchdog gives up on it. */
  watchdogMs?: number;
  /**
   * Where TCP and UDP sockets come from: 'procfs' (/proc/net/{tcp,udp}6?) or
   * 'netlink' (sock_diag, with per-connection traffic counters; falls back to
   * procfs where the kernel or a sandbox refuses it, with a warning). 'auto',
   * the default, is netlink where the kernel allows it and procfs without a
   * warning where not. Defaults to NETSCOPE_SOCKET_ENGINE, else 'auto'.
   * WHY netlink by default: it answers "who is using my bandwidth" (procfs has
   * no counters) and, since session 20, is no slower than procfs cold, warm or
   * idle (bench/RESULTS.md). Netlink reads this machine's kernel, so a
   * procRoot other than '/proc' (a test tree) always uses procfs.
   */
  socketEngine?: SocketEngineChoice;
}

export type SocketEngine = 'procfs' | 'netlink';
export type SocketEngineChoice = SocketEngine | 'auto';

/** NETSCOPE_SOCKET_ENGINE (set by `--socket-engine` too), or null when unset or not an engine. */
export function socketEngineFromEnv(): SocketEngineChoice | null {
  const value = process.env.NETSCOPE_SOCKET_ENGINE;
  return value === 'netlink' || value === 'procfs' || value === 'auto' ? value : null;
}

export interface ResolvedLinuxOptions {
  procRoot: string;
  sysRoot: string;
  passwdPath: string;
  operationsPerYield: number;
  /** undefined: the bundle beside this one; null: the calling thread. */
  workerFile: string | null | undefined;
  watchdogMs: number;
  socketEngine: SocketEngineChoice;
  /** Whether the caller or NETSCOPE_SOCKET_ENGINE (`--socket-engine`) named the engine, rather than the default. */
  socketEngineFromLaunch: boolean;
}

export const DEFAULT_WATCHDOG_MS = 3000;

/**
 * TEST-ONLY environment variables, read only when the caller gives no value:
 * NETSCOPE_TEST_PROC_ROOT and NETSCOPE_TEST_SYS_ROOT point a real `netscope`
 * (or `netscope serve`) at a fake /proc and /sys tree, NETSCOPE_TEST_WATCHDOG_MS
 * shortens the watchdog. They exist so that test/linux-blocking-serve.test.ts can
 * run the built CLI against a tree with a file that blocks; they are not a
 * feature (NetScope shows this machine, and says nothing of these in --help).
 */
function testEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function resolveLinuxOptions(options: LinuxCollectorOptions = {}): ResolvedLinuxOptions {
  const watchdogFromEnv = Number(testEnv('NETSCOPE_TEST_WATCHDOG_MS'));
  return {
    procRoot: options.procRoot ?? testEnv('NETSCOPE_TEST_PROC_ROOT') ?? '/proc',
    sysRoot: options.sysRoot ?? testEnv('NETSCOPE_TEST_SYS_ROOT') ?? '/sys',
    passwdPath: options.passwdPath ?? '/etc/passwd',
    operationsPerYield: options.operationsPerYield ?? 2000,
    workerFile: options.workerFile,
    watchdogMs:
      options.watchdogMs ??
      (Number.isFinite(watchdogFromEnv) && watchdogFromEnv > 0 ? watchdogFromEnv : DEFAULT_WATCHDOG_MS),
    socketEngine: options.socketEngine ?? socketEngineFromEnv() ?? 'auto',
    socketEngineFromLaunch: options.socketEngine !== undefined || socketEngineFromEnv() !== null,
  };
}

/** The error codes that mean "this file (or its process) is gone", which is no error for /proc. */
export function isGoneCode(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
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
    if (isGoneCode(errorCode(error))) return null;
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
    if (isGoneCode(errorCode(error))) return null;
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
