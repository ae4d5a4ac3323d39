/**
 * A snapshot's binary columns (shared/wire-frame.ts) encoded in slices of the
 * server's event loop, once per snapshot object, for every page that joins
 * with it.
 *
 * WHY: at 100k rows encoding a joining page's snapshot is ~65 ms of CPU. Done
 * in one go on the event loop, every other page's diff, the engine's next
 * refresh and any socket's I/O waited behind it (and a page joining each
 * refresh would add that to every refresh). In slices of a few ms with
 * setImmediate between them, timers and I/O run in between; the joining
 * page's session holds its later pushes until its snapshot is sent
 * (client.ts), so it still gets the snapshot, then every diff, in order.
 */
import { encodeSnapshotColumns, encodeSnapshotColumnsInSteps } from '../../shared/wire-frame';
import type { Snapshot } from '../../shared/model';

/** CPU a slice may take before the event loop gets a turn: well under a frame, a few per refresh's work. */
export const SLICE_MS = 4;

const encoded = new WeakMap<object, Uint8Array>();
const encoding = new WeakMap<object, Promise<Uint8Array>>();

/**
 * Snapshots of up to this many rows are encoded at once when asked for (a millisecond or two): slicing would only
 * delay their page.
 */
export const ENCODE_AT_ONCE_ROWS = 2000;

/** The snapshot's columns if already encoded or small enough to encode now, else null (encodeColumnsInSlices). */
export function encodedColumns(snapshot: Snapshot): Uint8Array | null {
  const bytes = encoded.get(snapshot);
  if (bytes !== undefined) return bytes;
  return snapshot.connections.length <= ENCODE_AT_ONCE_ROWS ? encodeColumnsNow(snapshot) : null;
}

/** The snapshot's columns, encoded in slices (started by the first caller, shared by the rest). */
export function encodeColumnsInSlices(snapshot: Snapshot, sliceMs = SLICE_MS): Promise<Uint8Array> {
  const done = encoded.get(snapshot);
  if (done) return Promise.resolve(done);
  let running = encoding.get(snapshot);
  if (running === undefined) {
    running = runInSlices(encodeSnapshotColumnsInSteps(snapshot), sliceMs).then(
      (bytes) => {
        encoded.set(snapshot, bytes);
        encoding.delete(snapshot);
        return bytes;
      },
      (e: unknown) => {
        encoding.delete(snapshot);
        throw e;
      },
    );
    encoding.set(snapshot, running);
  }
  return running;
}

/**
 * The columns encoded now, in one go (a getSnapshot answer: the call is already waited for, and a diff sent before
 * it would not apply to it), kept for the pages that join with this snapshot.
 */
export function encodeColumnsNow(snapshot: Snapshot): Uint8Array {
  let bytes = encoded.get(snapshot);
  if (bytes === undefined) {
    bytes = encodeSnapshotColumns(snapshot);
    encoded.set(snapshot, bytes);
  }
  return bytes;
}

/** Runs a generator's steps for up to `sliceMs` at a time, yielding to the event loop (setImmediate) in between. */
export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs: number): Promise<T> {
  for (;;) {
    const end = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= end) break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
