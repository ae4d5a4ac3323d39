/** What the collectors see of a lane (worker-lane.ts): a place where read jobs run. */
import type { JobArgs, JobName, JobResult } from './proc-protocol';

/** What a hung job was reading: `key` identifies it for skipping, `label` says it to a person. */
export interface StuckItem {
  key: string;
  label: string;
}

export interface CallOptions {
  /** Aborting gives up on the job (and on its thread, when the job is running). */
  signal?: AbortSignal;
  /** Chunks of a 'tables' job, in order, with the index of their table. */
  onChunk?: (bytes: Uint8Array, length: number, part: number) => void;
  /** Names what the job was reading from the heartbeat's item and phase. */
  describe?: (item: number, phase: number) => StuckItem;
}

export class StuckReadError extends Error {
  constructor(
    message: string,
    /** The StuckItem key, or null when the hung job could not say what it read. */
    readonly key: string | null,
  ) {
    super(message);
    this.name = 'StuckReadError';
  }
}

export interface ProcLane {
  /** Whether jobs run in a worker thread (guarded) or in the calling thread. */
  readonly threaded: boolean;
  call<J extends JobName>(job: J, args: JobArgs<J>, options?: CallOptions): Promise<JobResult<J>>;
  /** A job nobody waits for (the owner scan's first phase and its inodes); `transfer` moves those buffers. */
  notify<J extends JobName>(job: J, args: JobArgs<J>, transfer?: ArrayBuffer[]): void;
  /** Whether a read of `key` hung and has not returned yet (skip it rather than hang again). */
  isStuck(key: string): boolean;
  stuckKeys(): string[];
  /** Lets an idle thread stop keeping the process alive (a CLI must be able to exit). */
  release(): void;
  dispose(): Promise<void>;
}

export interface LaneOptions {
  /** The worker bundle (proc-worker.js), or null to run in this thread. */
  workerFile: string | null;
  watchdogMs: number;
  /** Pacing of the owner scan when it runs in this thread. */
  operationsPerYield: number;
  /** Names the lane in messages ('owner scan', 'proc reader'). */
  name: string;
}
