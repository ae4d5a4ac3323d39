/**
 * The collectors' reads, through a lane (worker-lane.ts): files skipped while
 * an earlier read of theirs hangs, and one file that hangs costs only itself.
 *
 * The reads asked for in one turn of the event loop go to the lane as one 'read' job. WHY: a refresh starts the
 * connections, routes, interfaces and statistics collectors together, and each asked for its few small files in a
 * job of its own: four round trips to the reading thread (a message each way, a wake-up of each thread, a watchdog
 * timer, an abort listener) for what the thread reads in well under a millisecond. At an idle 1 s refresh those
 * round trips were a good part of the CPU the refresh cost (bench/idle-refresh.mjs).
 */
import type { ReadOption, ReadOutcome } from './proc-protocol';
import { StuckReadError, type ProcLane } from './lane-types';

export interface FileRead {
  /** The text; null when the file does not exist or could not be read. */
  text: string | null;
  /** Why it could not be read (an error code, or what hung); null when read or simply absent. */
  problem: string | null;
  /** With ReadOption.knownMtime: the file's mtime (-1: it cannot be stat'ed) and whether it equals knownMtime. */
  mtime?: number;
  unchanged?: boolean;
}

export function stillStuck(path: string): string {
  return `${path}: an earlier read has not returned yet (a hung mount or a blocking file?); skipped`;
}

/**
 * Reads whole files in the lane's thread. A file that hangs is reported as a
 * problem and the others are read again on the new thread, so the answer
 * always has one entry per path. `options` (per path) change how a file is read.
 */
export async function readFiles(
  lane: ProcLane,
  paths: readonly string[],
  encoding: 'latin1' | 'utf8',
  signal?: AbortSignal,
  options?: readonly (ReadOption | null)[],
): Promise<FileRead[]> {
  const results: FileRead[] = paths.map((path) =>
    lane.isStuck(path) ? { text: null, problem: stillStuck(path) } : { text: null, problem: null },
  );
  let todo = paths.map((_, i) => i).filter((i) => !lane.isStuck(paths[i] as string));
  while (todo.length > 0) {
    const batch = todo.map((i) => paths[i] as string);
    const batchOptions = todo.map((i) => {
      const option = options?.[i] ?? null;
      return option === null && encoding === 'latin1' ? null : { encoding, ...option };
    });
    let outcomes: ReadOutcome[];
    try {
      outcomes = await readTogether(lane, batch, batchOptions, signal);
    } catch (error) {
      const at = error instanceof StuckReadError && error.key !== null ? batch.indexOf(error.key) : -1;
      if (at < 0) throw error;
      results[todo[at] as number] = { text: null, problem: (error as StuckReadError).message };
      todo = todo.filter((_, k) => k !== at);
      continue;
    }
    outcomes.forEach((outcome, k) => {
      const read: FileRead = { text: outcome.text, problem: outcome.code };
      if (outcome.mtime !== undefined) {
        read.mtime = outcome.mtime;
        read.unchanged = outcome.unchanged === true;
      }
      results[todo[k] as number] = read;
    });
    todo = [];
  }
  return results;
}

/** One caller's files, waiting for the turn's job. */
interface Waiting {
  paths: string[];
  options: (ReadOption | null)[];
  resolve: (outcomes: ReadOutcome[]) => void;
  reject: (error: Error) => void;
}

/** The reads asked for in this turn, per lane (the job goes out at the end of the turn's microtasks). */
const waitingByLane = new WeakMap<ProcLane, Waiting[]>();

/**
 * `paths` read in the lane, in one job with whatever else was asked for in this turn. Rejects with the job's error
 * when that concerns these paths (a StuckReadError naming one of them, the lane stopped ...); a hang of another
 * caller's file sends these paths again, in a new job, on the lane's new thread.
 * WHY no signal on the shared job, and no abort listener: the callers' signals differ, and an abort comes only from a
 * collector's timeout, long after the watchdog has failed a job that hangs (the isolation already answered for the
 * collector); a caller aborted meanwhile gets the abort when the job answers. Adding and removing a listener on
 * every read was a measurable part of an idle refresh.
 */
function readTogether(
  lane: ProcLane,
  paths: string[],
  options: (ReadOption | null)[],
  signal: AbortSignal | undefined,
): Promise<ReadOutcome[]> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<ReadOutcome[]>((resolve, reject) => {
    enqueue(lane, {
      paths,
      options,
      resolve: (outcomes) => (signal?.aborted ? reject(abortReason(signal)) : resolve(outcomes)),
      reject,
    });
  });
}

function enqueue(lane: ProcLane, waiting: Waiting): void {
  const queued = waitingByLane.get(lane);
  if (queued) {
    queued.push(waiting);
    return;
  }
  waitingByLane.set(lane, [waiting]);
  queueMicrotask(() => {
    const all = waitingByLane.get(lane) ?? [];
    waitingByLane.delete(lane);
    void send(lane, all);
  });
}

async function send(lane: ProcLane, all: Waiting[]): Promise<void> {
  const paths = all.flatMap((w) => w.paths);
  const options = all.flatMap((w) => w.options);
  let outcomes: ReadOutcome[];
  try {
    outcomes = await lane.call(
      'read',
      { paths, encoding: 'latin1', ...(options.some((o) => o !== null) ? { options } : {}) },
      { describe: (item) => ({ key: paths[item] ?? '', label: `reading ${paths[item] ?? '?'}` }) },
    );
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const key = error instanceof StuckReadError ? error.key : null;
    for (const waiting of all) {
      // Another caller's file hung: these files were not read (or their answer went with the thread); ask again.
      if (key !== null && !waiting.paths.includes(key)) enqueue(lane, waiting);
      else waiting.reject(error);
    }
    return;
  }
  let at = 0;
  for (const waiting of all) {
    waiting.resolve(outcomes.slice(at, at + waiting.paths.length));
    at += waiting.paths.length;
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('collection aborted');
}
