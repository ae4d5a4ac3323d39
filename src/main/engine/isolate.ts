/**
 * Runs one collector in isolation: a throw or a hang past the timeout becomes
 * an error report, never an exception for the caller, so the other collectors'
 * results still reach the snapshot.
 */
import { getEventListeners } from 'node:events';
import type { CollectorReport } from '../../shared/model';
import type { Collector } from '../collectors/types';

export interface IsolatedResult<T> {
  data: T | null;
  report: CollectorReport;
}

export class CollectorTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`${name} did not finish within ${timeoutMs} ms`);
    this.name = 'CollectorTimeoutError';
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The timeout of collectors that start together: one timer and one abort signal for all of them. When it passes,
 * the signal aborts and each collector still running fails with its own CollectorTimeoutError; a collector that
 * finished keeps its result.
 *
 * WHY shared: a refresh runs four collectors at once with the same timeout; a timer, an AbortController and a
 * timeout promise each were ~12 objects and 4 timer-list insertions per refresh on an idle main thread (issue 11).
 */
export class CollectionDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private expired = false;
  /** Fails the race of each collector still running. */
  private readonly running = new Set<() => void>();

  constructor(readonly timeoutMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** `run()` (started in a microtask, so a synchronous throw is a rejection too), or its timeout. */
  race<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (this.expired) return Promise.reject(new CollectorTimeoutError(name, this.timeoutMs));
    this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
    return new Promise<T>((resolve, reject) => {
      const fail = (): void => reject(new CollectorTimeoutError(name, this.timeoutMs));
      this.running.add(fail);
      Promise.resolve()
        .then(run)
        .then(
          (value) => {
            this.running.delete(fail);
            resolve(value);
          },
          (error: unknown) => {
            this.running.delete(fail);
            reject(error);
          },
        );
    });
  }

  /** The collection is over: no timeout from here on. */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Whether the next collection may use this deadline again (after end()): it never expired, no collector's race is
   * still pending and, at this moment, nothing listens to its signal. WHY: an AbortController and its signal were
   * ~0.2 ms of an idle refresh's main thread (a profile at a 1 s interval; issue 11).
   * What that guarantees: no listener attached by now is called by the next collection's timeout. What it cannot see:
   * work a collector left running after its collect() settled that attaches a listener later or reads
   * signal.aborted (Pacer in proc-fs.ts, readTogether in proc-reads.ts) would take the next collection's timeout for
   * its own. A failed collector can leave such work (connections.ts's name reads), so collect.ts reuses a deadline only
   * when every collector succeeded. The Linux collectors, when they succeed, await every read they started with the
   * signal (keep it so: a new one that does not makes this reuse wrong).
   */
  reusable(): boolean {
    return (
      !this.expired &&
      this.timer === null &&
      this.running.size === 0 &&
      getEventListeners(this.controller.signal, 'abort').length === 0
    );
  }

  private expire(): void {
    this.timer = null;
    this.expired = true;
    this.controller.abort();
    for (const fail of this.running) fail();
    this.running.clear();
  }
}

/** One collector, within `within` (a timeout in ms of its own, or the deadline it shares with others). */
export async function runIsolated<T>(
  collector: Collector<T>,
  within: number | CollectionDeadline,
): Promise<IsolatedResult<T>> {
  const started = performance.now();
  const deadline = typeof within === 'number' ? new CollectionDeadline(within) : within;
  try {
    const collected = await deadline.race(collector.name, () => collector.collect({ signal: deadline.signal }));
    return {
      data: collected.data,
      report: {
        name: collector.name,
        ok: true,
        tookMs: performance.now() - started,
        error: null,
        warnings: collected.warnings,
        ...(collected.engine ? { engine: collected.engine } : {}),
        ...(collected.ownerless ? { ownerless: collected.ownerless } : {}),
      },
    };
  } catch (error) {
    return {
      data: null,
      report: {
        name: collector.name,
        ok: false,
        tookMs: performance.now() - started,
        error: describeError(error),
        warnings: [],
      },
    };
  } finally {
    if (deadline !== within) deadline.end();
  }
}
