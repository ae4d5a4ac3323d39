/**
 * Runs one collector in isolation: a throw or a hang past the timeout becomes
 * an error report, never an exception for the caller, so the other collectors'
 * results still reach the snapshot.
 */
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

export async function runIsolated<T>(collector: Collector<T>, timeoutMs: number): Promise<IsolatedResult<T>> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CollectorTimeoutError(collector.name, timeoutMs));
    }, timeoutMs);
  });
  try {
    // Promise.resolve().then() also turns a synchronous throw into a rejection.
    const collected = await Promise.race([
      Promise.resolve().then(() => collector.collect({ signal: controller.signal })),
      timeout,
    ]);
    return {
      data: collected.data,
      report: {
        name: collector.name,
        ok: true,
        tookMs: performance.now() - started,
        error: null,
        warnings: collected.warnings,
        ...(collected.engine ? { engine: collected.engine } : {}),
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
    clearTimeout(timer);
  }
}
