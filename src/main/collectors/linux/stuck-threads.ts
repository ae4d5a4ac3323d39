/**
 * Worker threads given up on while stuck in a read, for the whole process.
 *
 * WHY a registry: terminate() cannot interrupt a thread inside a system call
 * (a read of a file on a hung NFS or FUSE mount may never return), so an
 * abandoned thread lives on, with its memory, until the call returns. Their
 * number is bounded: at MAX_STUCK_THREADS no new reading thread is started
 * (the collectors report why) until one of them returns and exits.
 *
 * WHY the exit hook: Node joins every worker thread when the process exits, so
 * one stuck thread would hang `netscope` at exit for ever. While any is stuck
 * (and only then: the hook comes and goes with them, so a process that starts
 * and stops collectors many times holds no listener per start), the process
 * ends with libc's _exit (through koffi, already a dependency for
 * the Windows collectors): stdout and stderr are synchronous on Linux, so
 * nothing written is lost, and what remains to tear down is the stuck thread.
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { load } from 'koffi';

export const MAX_STUCK_THREADS = 4;

const stuck = new Set<Worker>();

function onProcessExit(code: number): void {
  if (stuck.size > 0) hardExit(code);
}

export function stuckThreadCount(): number {
  return stuck.size;
}

/** Whether a new reading thread may start (fewer than MAX_STUCK_THREADS are stuck). */
export function mayStartThread(): boolean {
  return stuck.size < MAX_STUCK_THREADS;
}

/**
 * Gives up on a worker that does not answer: asks it to end (it does once its
 * call returns), stops it from keeping the process alive, and counts it until
 * it exits. `onExit` runs when it finally does.
 */
export function abandonThread(worker: Worker, onExit: () => void): void {
  if (stuck.size === 0) process.on('exit', onProcessExit);
  stuck.add(worker);
  worker.once('exit', () => {
    stuck.delete(worker);
    if (stuck.size === 0) process.off('exit', onProcessExit);
    onExit();
  });
  void worker.terminate().catch(() => undefined);
  // After terminate(), which refs the thread's message port again: unref first and the process never ends.
  worker.unref();
}

function hardExit(code: number): void {
  try {
    // createRequire: koffi is a native module that stays external to the bundle, loaded only here.
    const koffi = createRequire(__filename)('koffi') as { load: typeof load };
    const exit = koffi.load('libc.so.6').func('void _exit(int)') as (status: number) => void;
    exit(code);
  } catch {
    // No koffi or no glibc (musl): the one other way out that does not wait for the thread.
    process.kill(process.pid, 'SIGKILL');
  }
}
