/**
 * A lane: one worker thread that runs read jobs (proc-protocol.ts) one after
 * another, with a watchdog. The main thread never reads /proc itself, so a
 * read that hangs stops only its lane's thread, never the timers, the UI or
 * the server.
 *
 * The watchdog: while a job is outstanding, the worker's heartbeat (shared
 * memory, no messages) must move at least once every `watchdogMs`. When it does
 * not, the job in progress is failed with a StuckReadError naming what it was
 * reading, the thread is abandoned (stuck-threads.ts), and the jobs queued
 * behind it go to a fresh thread. What hung is remembered until the abandoned
 * thread comes back, so the collectors skip it instead of hanging on it again.
 *
 * Where no worker bundle exists (vitest runs the TypeScript sources), the
 * same jobs run in the calling thread, unguarded.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { spendDetachProtector } from './detach-protector';
import { InThreadLane } from './in-thread-lane';
import { LaneOutbox } from './lane-outbox';
import { StuckReadError, type CallOptions, type LaneOptions, type ProcLane } from './lane-types';
import {
  BEAT,
  BUSY,
  HEARTBEAT_SLOTS,
  ITEM,
  PHASE,
  type JobArgs,
  type JobMessage,
  type JobName,
  type JobRequest,
  type JobResult,
} from './proc-protocol';
import { abandonThread, MAX_STUCK_THREADS, mayStartThread, stuckThreadCount } from './stuck-threads';
import { takePrestartedWorker } from './worker-prestart';

export { StuckReadError } from './lane-types';
export type { CallOptions, LaneOptions, ProcLane, StuckItem } from './lane-types';

export function createLane(options: LaneOptions): ProcLane {
  // Lanes are made before the collectors run: this thread's first transfer (an inode batch to the owner thread, once
  // a dump is in) would otherwise throw away the rows' optimized code (detach-protector.ts).
  spendDetachProtector();
  return options.workerFile !== null && existsSync(options.workerFile)
    ? new WorkerLane(options.workerFile, options)
    : new InThreadLane(options.operationsPerYield);
}

interface Pending {
  id: number;
  job: JobName;
  args: unknown;
  options: CallOptions;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

class WorkerLane implements ProcLane {
  readonly threaded = true;
  private worker: Worker | null = null;
  private heartbeat: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** Outstanding calls in the order posted: the first is the one the worker runs now. */
  private queue: Pending[] = [];
  private nextId = 1;
  private watchdog: NodeJS.Timeout | null = null;
  private lastMark = -1;
  /** Replies received: a reply is progress too. */
  private replies = 0;
  private readonly stuck = new Map<string, Worker>();
  /** Set when the bundle cannot run here (it failed before answering anything): this thread from then on. */
  private fallback: InThreadLane | null = null;
  private answered = false;
  /** This turn's requests, sent as one message (lane-outbox.ts). */
  private readonly outbox = new LaneOutbox(
    () => this.worker,
    (id, error) => {
      const pending = this.queue.find((p) => p.id === id);
      if (!pending) return;
      this.remove(pending);
      pending.reject(error);
    },
  );

  constructor(
    private readonly file: string,
    private readonly options: LaneOptions,
  ) {}

  call<J extends JobName>(job: J, args: JobArgs<J>, options: CallOptions = {}): Promise<JobResult<J>> {
    if (this.fallback) return this.fallback.call(job, args, options);
    return new Promise<JobResult<J>>((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        job,
        args,
        options,
        resolve: resolve as (result: unknown) => void,
        reject,
      };
      const signal = options.signal;
      if (signal) {
        if (signal.aborted) return reject(abortReason(signal));
        const onAbort = (): void => this.giveUp(pending, abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        const settle =
          <T>(done: (value: T) => void) =>
          (value: T) => {
            signal.removeEventListener('abort', onAbort);
            done(value);
          };
        pending.resolve = settle(pending.resolve);
        pending.reject = settle(pending.reject);
      }
      this.queue.push(pending);
      try {
        this.post(pending);
      } catch (error) {
        this.remove(pending);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  notify<J extends JobName>(job: J, args: JobArgs<J>, transfer: ArrayBuffer[] = []): void {
    if (this.fallback) return this.fallback.notify(job, args);
    try {
      this.outbox.add(this.ensureWorker(), { id: 0, job, args } satisfies JobRequest, transfer);
    } catch {
      // No thread may start now: the call that follows (ownerResolve) reports why.
    }
  }

  isStuck(key: string): boolean {
    return this.stuck.has(key);
  }

  stuckKeys(): string[] {
    return [...this.stuck.keys()];
  }

  release(): void {
    if (this.queue.length === 0) this.worker?.unref();
  }

  /**
   * Ends the thread. It may be inside a read that hangs (not yet noticed by the
   * watchdog), so this waits for it at most one watchdog period; a thread that
   * has not ended by then is counted as stuck (the process must not wait for it at exit).
   */
  async dispose(): Promise<void> {
    this.stopWatchdog();
    const worker = this.worker;
    this.worker = null;
    for (const pending of this.queue.splice(0)) pending.reject(new Error(`${this.options.name}: stopped`));
    await this.fallback?.dispose();
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    abandonThread(worker, () => undefined);
    let timer: NodeJS.Timeout | undefined;
    // A referenced timer: whoever awaits dispose() must get an answer before the process may end.
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.watchdogMs);
    });
    await Promise.race([exited, waited]);
    clearTimeout(timer);
  }

  private post(pending: Pending): void {
    const worker = this.ensureWorker();
    worker.ref();
    this.outbox.add(worker, { id: pending.id, job: pending.job, args: pending.args } satisfies JobRequest);
    this.startWatchdog();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    if (!mayStartThread()) {
      throw new Error(
        `${this.options.name}: ${stuckThreadCount()} reading threads are stuck in reads that never returned ` +
          `(at most ${MAX_STUCK_THREADS} are kept); no new one starts until one of them returns`,
      );
    }
    // One the CLI started while it loaded (worker-prestart.ts), else a new one.
    const prestarted = takePrestartedWorker(this.file);
    const shared = prestarted?.heartbeat ?? new SharedArrayBuffer(HEARTBEAT_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const worker = prestarted?.worker ?? new Worker(this.file, { workerData: { heartbeat: shared } });
    this.heartbeat = new Int32Array(shared);
    this.worker = worker;
    worker.on('message', (message: JobMessage) => this.onMessage(message));
    worker.on('error', (error) => this.onWorkerGone(worker, error));
    worker.on('exit', (code) =>
      this.onWorkerGone(worker, new Error(`${this.options.name}: thread exited (code ${code})`)),
    );
    return worker;
  }

  private onMessage(message: JobMessage): void {
    this.answered = true;
    const pending = this.queue.find((p) => p.id === message.id);
    // An answer to a job given up on (aborted): nobody waits for it.
    if (!pending) return;
    if (message.kind === 'chunk') {
      pending.options.onChunk?.(new Uint8Array(message.bytes, 0, message.length), message.length, message.part);
      return;
    }
    this.replies++;
    this.remove(pending);
    if (message.kind === 'done') pending.resolve(message.result);
    else pending.reject(Object.assign(new Error(message.message), { code: message.code ?? undefined }));
  }

  private onWorkerGone(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.stopWatchdog();
    // A bundle that fails before answering anything cannot run here: run the jobs in this thread instead.
    if (!this.answered) this.fallback = new InThreadLane(this.options.operationsPerYield);
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  private remove(pending: Pending): void {
    const at = this.queue.indexOf(pending);
    if (at >= 0) this.queue.splice(at, 1);
    if (this.queue.length === 0) {
      this.stopWatchdog();
      this.worker?.unref();
    }
  }

  /** An aborted call: dropped if still queued; if running, its thread goes (it cannot be interrupted). */
  private giveUp(pending: Pending, reason: Error): void {
    if (this.queue[0] === pending && this.worker) this.abandon(null, reason);
    else {
      this.remove(pending);
      pending.reject(reason);
    }
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    this.lastMark = this.mark();
    this.watchdog = setTimeout(() => this.checkProgress(), this.options.watchdogMs);
    // The worker, referenced while a job is outstanding, keeps the process alive; the timer need not.
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private mark(): number {
    return (Atomics.load(this.heartbeat, BEAT) + this.replies) | 0;
  }

  private checkProgress(): void {
    this.watchdog = null;
    if (this.queue.length === 0 || !this.worker) return;
    const mark = this.mark();
    // Progress, or no job running (the answer waits in the message queue, or the next job has not started).
    if (mark !== this.lastMark || Atomics.load(this.heartbeat, BUSY) === 0) return this.startWatchdog();
    const head = this.queue[0] as Pending;
    const item = Atomics.load(this.heartbeat, ITEM);
    const phase = Atomics.load(this.heartbeat, PHASE);
    const what = head.options.describe?.(item, phase) ?? null;
    const seconds = (this.options.watchdogMs / 1000).toFixed(1);
    const message =
      `${this.options.name}: ${what ? what.label : `a '${head.job}' job`} did not answer within ${seconds} s ` +
      `(a hung mount or a blocking file?); its thread was abandoned, ${stuckThreadCount() + 1} stuck ` +
      `(at most ${MAX_STUCK_THREADS} are kept)`;
    this.abandon(what?.key ?? null, new StuckReadError(message, what?.key ?? null));
  }

  /** Fails the running job, abandons its thread, and moves the queued jobs to a new one. */
  private abandon(key: string | null, reason: Error): void {
    const worker = this.worker;
    const head = this.queue.shift();
    this.worker = null;
    this.stopWatchdog();
    if (worker) {
      if (key !== null) this.stuck.set(key, worker);
      abandonThread(worker, () => {
        for (const [k, w] of this.stuck) if (w === worker) this.stuck.delete(k);
      });
    }
    head?.reject(reason);
    const rest = this.queue.splice(0);
    for (const pending of rest) {
      this.queue.push(pending);
      try {
        this.post(pending);
      } catch (error) {
        this.remove(pending);
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('collection aborted');
}
