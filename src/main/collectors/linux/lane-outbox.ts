/**
 * What a lane (worker-lane.ts) posts to its thread in one turn of the event loop, sent as one message at the end of
 * the turn's microtasks: a request alone as itself, several as an array (proc-worker.ts runs them in order).
 *
 * WHY: a refresh asks the reading thread for its sock_diag dump and, a few microtasks later, for the turn's batch of
 * small files (proc-reads.ts); two messages were two serializations, two wake-ups of that thread and two of its
 * message dispatches. postMessage was over a quarter of the idle main thread's CPU in a profile (issue 11).
 */
import type { Worker } from 'node:worker_threads';
import type { JobRequest } from './proc-protocol';

interface Batch {
  worker: Worker;
  requests: JobRequest[];
  transfer: ArrayBuffer[];
}

export class LaneOutbox {
  private open: Batch | null = null;

  /**
   * @param current the lane's thread now: a batch for a thread the lane replaced meanwhile is not sent (the lane
   *   posted its waiting jobs to the new one).
   * @param unsent a job whose request postMessage refused (one that cannot be cloned), with why.
   */
  constructor(
    private readonly current: () => Worker | null,
    private readonly unsent: (id: number, error: Error) => void,
  ) {}

  add(worker: Worker, request: JobRequest, transfer: readonly ArrayBuffer[] = []): void {
    const open = this.open;
    if (open !== null && open.worker === worker) {
      open.requests.push(request);
      for (const buffer of transfer) open.transfer.push(buffer);
      return;
    }
    const batch: Batch = { worker, requests: [request], transfer: [...transfer] };
    this.open = batch;
    queueMicrotask(() => this.send(batch));
  }

  private send(batch: Batch): void {
    if (this.open === batch) this.open = null;
    if (this.current() !== batch.worker) return;
    const { requests } = batch;
    try {
      batch.worker.postMessage(requests.length === 1 ? requests[0] : requests, batch.transfer);
    } catch (error) {
      // Nothing was sent (a request that cannot be cloned): one by one, so that only that request fails.
      if (requests.length === 1) return this.fail(requests[0] as JobRequest, error);
      for (const request of requests)
        try {
          batch.worker.postMessage(
            request,
            batch.transfer.filter((buffer) => holds(request, buffer)),
          );
        } catch (alone) {
          this.fail(request, alone);
        }
    }
  }

  private fail(request: JobRequest, error: unknown): void {
    if (request.id !== 0) this.unsent(request.id, error instanceof Error ? error : new Error(String(error)));
  }
}

/** Whether `request`'s arguments hold `buffer` (a typed array's, or the buffer itself, one level down). */
function holds(request: JobRequest, buffer: ArrayBuffer): boolean {
  const args = request.args;
  if (typeof args !== 'object' || args === null) return false;
  return Object.values(args).some((value: unknown) =>
    value === buffer ? true : ArrayBuffer.isView(value) && value.buffer === buffer,
  );
}
