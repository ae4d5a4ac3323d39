/**
 * The collectors' reads, through a lane (worker-lane.ts): files skipped while
 * an earlier read of theirs hangs, and one file that hangs costs only itself.
 */
import type { ReadOutcome } from './proc-protocol';
import { StuckReadError, type ProcLane } from './worker-lane';

export interface FileRead {
  /** The text; null when the file does not exist or could not be read. */
  text: string | null;
  /** Why it could not be read (an error code, or what hung); null when read or simply absent. */
  problem: string | null;
}

export function stillStuck(path: string): string {
  return `${path}: an earlier read has not returned yet (a hung mount or a blocking file?); skipped`;
}

/**
 * Reads whole files in the lane's thread. A file that hangs is reported as a
 * problem and the others are read again on the new thread, so the answer
 * always has one entry per path.
 */
export async function readFiles(
  lane: ProcLane,
  paths: readonly string[],
  encoding: 'latin1' | 'utf8',
  signal?: AbortSignal,
): Promise<FileRead[]> {
  const results: FileRead[] = paths.map((path) =>
    lane.isStuck(path) ? { text: null, problem: stillStuck(path) } : { text: null, problem: null },
  );
  let todo = paths.map((_, i) => i).filter((i) => !lane.isStuck(paths[i] as string));
  while (todo.length > 0) {
    const batch = todo.map((i) => paths[i] as string);
    let outcomes: ReadOutcome[];
    try {
      outcomes = await lane.call(
        'read',
        { paths: batch, encoding },
        { signal, describe: (item) => ({ key: batch[item] ?? '', label: `reading ${batch[item] ?? '?'}` }) },
      );
    } catch (error) {
      const at = error instanceof StuckReadError && error.key !== null ? batch.indexOf(error.key) : -1;
      if (at < 0) throw error;
      results[todo[at] as number] = { text: null, problem: (error as StuckReadError).message };
      todo = todo.filter((_, k) => k !== at);
      continue;
    }
    outcomes.forEach((outcome, k) => {
      results[todo[k] as number] = { text: outcome.text, problem: outcome.code };
    });
    todo = [];
  }
  return results;
}
