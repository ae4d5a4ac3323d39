/**
 * Where the owner scan runs: in a worker thread when its bundle is beside ours
 * (the built CLI and Electron main), else in this thread (vitest runs the TS
 * sources; the same SocketOwnerScanner code runs either way).
 *
 * WHY a worker: on a busy host the refresh is two big jobs of similar size, the
 * kernel walking its socket hash for /proc/net/tcp (read + parse, main thread)
 * and listing/reading /proc/<pid>/fd (owners). Neither needs the other until
 * the end, so on two cores they overlap; only the cheap checks that need the
 * table inodes wait for both.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InodeSet } from './inode-table';
import { SocketOwnerScanner, type OwnerScanStats } from './owner-scan';
import { ownerReplyOf, type OwnerReply, type OwnerRequest, type OwnerWorkerReply } from './owner-protocol';
import { abortError } from './proc-fs';

export interface OwnerSource {
  readonly lastStats: OwnerScanStats | null;
  /** Starts phase 1 (process and fd listings) where it can run alongside the table read. */
  begin(): void;
  /** Table inodes, piece by piece, in table order (the array may be transferred). */
  add(inodes: Float64Array): void;
  /** The owner of each inode added since begin() (0 for none), in the order added. */
  finish(signal: AbortSignal): Promise<OwnerReply>;
  /** After a collect, whatever happened: an idle worker must not keep a CLI process alive. */
  idle(): void;
  dispose(): Promise<void>;
}

export const OWNER_WORKER_FILE = 'owner-worker.js';

export function createOwnerSource(procRoot: string, operationsPerYield: number): OwnerSource {
  const file = join(__dirname, OWNER_WORKER_FILE);
  const inThread = (): OwnerSource => new InThreadOwnerSource(new SocketOwnerScanner(procRoot, operationsPerYield));
  return existsSync(file) ? new WorkerOwnerSource(file, procRoot, inThread) : inThread();
}

class InThreadOwnerSource implements OwnerSource {
  constructor(private readonly scanner: SocketOwnerScanner) {}
  get lastStats(): OwnerScanStats | null {
    return this.scanner.lastStats;
  }
  private pieces: Float64Array[] = [];
  begin(): void {
    this.pieces = [];
  }
  add(inodes: Float64Array): void {
    this.pieces.push(inodes);
  }
  async finish(signal: AbortSignal): Promise<OwnerReply> {
    const pieces = this.pieces;
    this.pieces = [];
    const table = new InodeSet();
    for (const piece of pieces) for (const inode of piece) table.add(inode);
    return ownerReplyOf(pieces, await this.scanner.scan(table, signal));
  }
  idle(): void {}
  async dispose(): Promise<void> {}
}

interface Pending {
  resolve: (reply: OwnerReply) => void;
  reject: (error: Error) => void;
}

class WorkerOwnerSource implements OwnerSource {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  /** Set when the worker cannot run here (e.g. it fails to load): the in-thread scanner from then on. */
  private fallback: OwnerSource | null = null;
  private answered = false;
  /** Whether the current collect began on the worker (a fallback chosen meanwhile has none of its inodes). */
  private begunOnWorker = false;
  private stats: OwnerScanStats | null = null;

  constructor(
    private readonly file: string,
    private readonly procRoot: string,
    private readonly makeFallback: () => OwnerSource,
  ) {}

  get lastStats(): OwnerScanStats | null {
    return this.fallback?.lastStats ?? this.stats;
  }

  begin(): void {
    this.begunOnWorker = false;
    if (this.fallback) return this.fallback.begin();
    try {
      this.worker ??= this.spawn();
    } catch {
      this.fallback = this.makeFallback();
      return this.fallback.begin();
    }
    this.begunOnWorker = true;
    // Referenced only while a collect waits on it (see idle()).
    this.worker.ref();
    this.post({ kind: 'list' });
  }

  add(inodes: Float64Array): void {
    if (!this.begunOnWorker && this.fallback) return this.fallback.add(inodes);
    this.post({ kind: 'inodes', inodes }, [inodes.buffer as ArrayBuffer]);
  }

  finish(signal: AbortSignal): Promise<OwnerReply> {
    if (!this.begunOnWorker && this.fallback) return this.fallback.finish(signal);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('owner-scan worker is not running'));
    return new Promise<OwnerReply>((resolve, reject) => {
      const onAbort = (): void => {
        // The worker cannot be interrupted mid-scan; ending it is the abort (its cache goes with it).
        this.pending = null;
        this.worker = null;
        void worker.terminate();
        reject(abortError(signal));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        resolve: (reply) => {
          signal.removeEventListener('abort', onAbort);
          this.stats = reply.stats;
          resolve(reply);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.post({ kind: 'resolve' });
    });
  }

  idle(): void {
    this.worker?.unref();
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    await this.fallback?.dispose();
  }

  private post(request: OwnerRequest, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(request, transfer);
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, { workerData: { procRoot: this.procRoot } });
    worker.unref();
    worker.on('message', (reply: OwnerWorkerReply) => {
      const pending = this.pending;
      this.pending = null;
      if (!pending) return;
      this.answered = true;
      if (reply.kind === 'error') pending.reject(new Error(reply.message));
      else pending.resolve(reply);
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      // A worker that never answered cannot run here: scan in this thread from now on.
      if (!this.answered) this.fallback = this.makeFallback();
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`owner-scan worker exited (code ${code})`));
    });
    return worker;
  }
}
