/**
 * Reading threads started ahead of their lanes (worker-lane.ts), while the command line still loads the code that
 * will use them.
 *
 * WHY: a cold snapshot's first reads wait for their threads. Starting one costs ~30 ms of a core (Node's bootstrap,
 * then the worker bundle and koffi); at start there are two, and until now they booted only once the snapshot began,
 * competing with it for the cores. Started as soon as the command line is parsed (src/main/cli/main.ts), they boot
 * on the core that the main thread leaves idle while it loads the command, the collectors and the engine, and the
 * lanes take them instead of starting their own.
 *
 * This module imports nothing but node:worker_threads: it is part of the CLI's entry bundle.
 */
import { Worker } from 'node:worker_threads';

/** The worker bundle's name beside the CLI's index.js (collectors/linux/index.ts PROC_WORKER_FILE; a test checks). */
export const PRESTART_WORKER_FILE = 'proc-worker.js';
/** Int32 slots of a lane's heartbeat (proc-protocol.ts HEARTBEAT_SLOTS; a test checks). */
export const PRESTART_HEARTBEAT_SLOTS = 4;

interface Waiting {
  file: string;
  worker: Worker;
  heartbeat: SharedArrayBuffer;
  /** It failed or exited before a lane took it. */
  failed: boolean;
  detach(): void;
}

const waiting: Waiting[] = [];

/**
 * Starts `count` threads on the worker bundle `file`. Ones no lane takes within `unusedAfterMs` are ended (a command
 * that needed fewer); until taken they keep no process alive. Returns the threads started.
 */
export function prestartWorkers(file: string, count: number, unusedAfterMs = 10_000): Worker[] {
  const started: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const heartbeat = new SharedArrayBuffer(PRESTART_HEARTBEAT_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: { heartbeat } });
    } catch {
      // No thread may start (a missing bundle, resource limits): the lanes start their own and say why.
      break;
    }
    started.push(worker);
    const entry: Waiting = { file, worker, heartbeat, failed: false, detach: () => undefined };
    // Until a lane takes it, a thread that fails is dropped: without a listener its error would end the process.
    const onGone = (): void => {
      entry.failed = true;
    };
    worker.on('error', onGone);
    worker.on('exit', onGone);
    entry.detach = () => {
      worker.off('error', onGone);
      worker.off('exit', onGone);
    };
    worker.unref();
    waiting.push(entry);
  }
  const timer = setTimeout(() => {
    for (const entry of waiting.splice(0)) {
      entry.detach();
      // Its 'error' (if any) has no listener left; terminate() ends it without one.
      entry.worker.on('error', () => undefined);
      void entry.worker.terminate();
    }
  }, unusedAfterMs);
  timer.unref();
  return started;
}

/**
 * A thread started on `file` that is still alive, with its heartbeat memory, for a lane to use as its own (referenced,
 * as a new Worker is); null when there is none.
 */
export function takePrestartedWorker(file: string): { worker: Worker; heartbeat: SharedArrayBuffer } | null {
  for (;;) {
    const at = waiting.findIndex((entry) => entry.file === file);
    if (at < 0) return null;
    const entry = waiting.splice(at, 1)[0] as Waiting;
    entry.detach();
    if (entry.failed) continue;
    entry.worker.ref();
    return { worker: entry.worker, heartbeat: entry.heartbeat };
  }
}

/** Threads started and not yet taken (for tests). */
export function prestartedCount(): number {
  return waiting.length;
}
