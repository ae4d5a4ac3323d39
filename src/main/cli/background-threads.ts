/**
 * `netscope serve` (and `exporter`) on Linux lower by 10 nice levels the scheduling priority of V8's background
 * threads (garbage collection marking and sweeping, compiling): the threads the process has before NetScope starts
 * any of its own. Its main thread, which collects, diffs and sends, and the reading threads and libuv's pool that it
 * starts later (they take the main thread's priority) stay as they are.
 *
 * WHY (issue 13): with the browser beside the server on a 2-core machine, the slowest diffs were the page's main
 * thread waiting for a core while serve's GC marked its 100k rows on those threads, right after the tick that sent
 * the diff (`SCHED=1 node bench/renderer-trace.mjs`: 37 ms of serve's helper threads inside one 41 ms diff). That
 * work can wait a few milliseconds; a frame cannot. A monitor's own housekeeping should also yield to the work of
 * the machine it watches (netdata runs under Linux's batch scheduling policy by default for the same reason).
 *
 * Linux only: there each thread has its own nice value (setpriority with a thread id). Elsewhere setpriority takes
 * the whole process, which would slow the collecting thread too.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * 10 nice levels below the thread's own: such a thread gets about a tenth of a core's time when a thread at the
 * process's priority wants the same core. Relative, so a server started with `nice -n 5` keeps that order (main 5,
 * background 15), and a thread is never raised (which only root could do, and which no one asked for).
 */
export const BACKGROUND_NICE_STEP = 10;
/** The lowest priority Linux has. */
const LOWEST_NICE = 19;

export interface LoweredThreads {
  /** Thread ids whose nice value was raised (their priority lowered). */
  lowered: number[];
  /** What could not be done, one line each (the command goes on at normal priority). */
  problems: string[];
}

/**
 * Lowers by `step` nice levels (to 19 at most) every thread of process `pid` but its main thread (whose id is the
 * pid), listed in `taskDir`. Never throws: a thread gone meanwhile, or a system that refuses, is a problem reported,
 * not a failure.
 */
export function lowerBackgroundThreads(
  step: number = BACKGROUND_NICE_STEP,
  pid: number = process.pid,
  taskDir = `/proc/${pid}/task`,
  platform: NodeJS.Platform = process.platform,
): LoweredThreads {
  const result: LoweredThreads = { lowered: [], problems: [] };
  if (platform !== 'linux') return result;
  let tids: number[];
  try {
    tids = readdirSync(taskDir).map(Number);
  } catch (error) {
    result.problems.push(`cannot list ${taskDir}: ${(error as Error).message}`);
    return result;
  }
  for (const tid of tids) {
    if (tid === pid || !Number.isInteger(tid) || tid <= 0) continue;
    try {
      const nice = getPriority(tid);
      const lower = Math.min(LOWEST_NICE, nice + step);
      if (lower <= nice) continue;
      setPriority(tid, lower);
      result.lowered.push(tid);
    } catch (error) {
      result.problems.push(`thread ${tid}: ${(error as Error).message}`);
    }
  }
  return result;
}
