/**
 * Worker-thread entry (its own bundle: out/cli/proc-worker.js, out/main/proc-worker.js)
 * that runs the read jobs of proc-protocol.ts for a lane (worker-lane.ts): the
 * socket tables, routes, /sys, the owner scan, process details. Jobs run one
 * at a time, in the order received; every unit of work moves the heartbeat in
 * shared memory, which the lane's watchdog watches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { spendDetachProtector } from './detach-protector';
import { JobRunner } from './proc-jobs';
import { BEAT, BUSY, ITEM, PHASE, type JobContext, type JobMessage, type JobRequest } from './proc-protocol';

const port = parentPort;
const shared = (workerData as { heartbeat?: unknown } | null)?.heartbeat;
if (port && shared instanceof SharedArrayBuffer) {
  // Before any job runs: this thread's first transferred chunk would otherwise throw away its optimized code.
  spendDetachProtector();
  const heartbeat = new Int32Array(shared);
  // No pacing: this thread has nothing else to do, and a hung or aborted job ends it from outside.
  const runner = new JobRunner(Number.MAX_SAFE_INTEGER);
  const post = (message: JobMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

  const handle = async (request: JobRequest): Promise<void> => {
    const context: JobContext = {
      beat(item, phase) {
        Atomics.store(heartbeat, ITEM, item);
        Atomics.store(heartbeat, PHASE, phase);
        Atomics.add(heartbeat, BEAT, 1);
      },
      chunk(bytes, length, part) {
        // A right-sized copy that moves to the main thread (the job reuses its read buffer).
        // allocUnsafeSlow: its own ArrayBuffer of exactly this size (transferable), not zero-filled first.
        const copy = Buffer.allocUnsafeSlow(length);
        copy.set(bytes.subarray(0, length));
        post({ id: request.id, kind: 'chunk', bytes: copy.buffer as ArrayBuffer, length, part }, [
          copy.buffer as ArrayBuffer,
        ]);
      },
    };
    Atomics.store(heartbeat, BUSY, 1);
    try {
      // The lane built the request from a typed call; the runner checks nothing more.
      const result = await runner.run(request.job, request.args as never, context);
      if (request.id !== 0) post({ id: request.id, kind: 'done', result }, transferablesOf(result));
    } catch (error) {
      if (request.id === 0) return;
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
      post({ id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error), code });
    } finally {
      Atomics.store(heartbeat, BUSY, 0);
    }
  };

  let queue = Promise.resolve();
  // A lane sends the requests of one turn together, as an array (lane-outbox.ts); they run in order.
  port.on('message', (message: JobRequest | JobRequest[]) => {
    for (const request of Array.isArray(message) ? message : [message]) queue = queue.then(() => handle(request));
  });
}

/** The owner scan's typed arrays move to the main thread instead of being copied. */
function transferablesOf(result: unknown): ArrayBuffer[] {
  if (typeof result !== 'object' || result === null || !('kind' in result) || result.kind !== 'owners') return [];
  const reply = result as unknown as { owners: Int32Array; startPids: Int32Array; startTicks: Float64Array };
  return [reply.owners.buffer, reply.startPids.buffer, reply.startTicks.buffer] as ArrayBuffer[];
}
