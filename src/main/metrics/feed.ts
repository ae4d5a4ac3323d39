/**
 * Where a scrape's data comes from. A scrape never collects on its own while
 * the engine's newest snapshot is fresh, so several Prometheus servers (and the
 * browser UI of `serve --metrics`) share one refresh; when it is stale, every
 * scrape that arrives meanwhile joins the same refresh. A refresh that does not
 * finish within the scrape's wait leaves the scrape with the last good data
 * (and a counted stale scrape), never a hung request.
 */
import type { Snapshot } from '../../shared/model';
import type { Backend } from '../engine/backend-types';

export interface SnapshotSource {
  /** The newest finished snapshot, without starting a collection; null before the first. */
  latest(): Promise<Snapshot | null>;
  /** Collects now, or joins the collection under way; resolves when it has finished. */
  refresh(): Promise<void>;
}

/** The engine behind `serve` or `exporter`, through its public handlers. */
export function backendSource(backend: Backend): SnapshotSource {
  return {
    async latest() {
      // getSnapshot would collect when there is nothing yet; the status says whether there is.
      const status = await backend.handlers.getStatus();
      if (!status.ok || status.value.seq === 0) return null;
      const snapshot = await backend.handlers.getSnapshot();
      return snapshot.ok ? snapshot.value : null;
    },
    async refresh() {
      const result = await backend.handlers.refreshNow();
      if (!result.ok) throw new Error(result.error.message);
    },
  };
}

export interface FeedOptions {
  /** A snapshot younger than this is used as it is. */
  maxAgeMs: number;
  /** How long a scrape waits for a refresh before answering with the last good data. */
  waitMs: number;
  now?: () => number;
}

export type Staleness = 'fresh' | 'timeout' | 'failed';

export interface FeedResult {
  /** The newest snapshot this scrape can use (possibly old, see `staleness`); null when none was ever taken. */
  snapshot: Snapshot | null;
  /** fresh: within maxAge or refreshed in time; timeout: the refresh is still running; failed: it threw. */
  staleness: Staleness;
}

export class ScrapeFeed {
  private refreshing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly source: SnapshotSource,
    private readonly options: FeedOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get(waitMs = this.options.waitMs): Promise<FeedResult> {
    const current = await this.source.latest();
    if (current && this.now() - current.takenAt <= this.options.maxAgeMs)
      return { snapshot: current, staleness: 'fresh' };
    // One refresh for every scrape that finds the data stale; the source also joins a tick already running.
    this.refreshing ??= this.source.refresh().finally(() => {
      this.refreshing = null;
    });
    const outcome = await settleWithin(this.refreshing, waitMs);
    const newest = (await this.source.latest()) ?? current;
    if (outcome === 'done') return { snapshot: newest, staleness: 'fresh' };
    return { snapshot: newest, staleness: outcome };
  }
}

/** 'done', 'failed' (rejected) or 'timeout' (still pending after ms); never rejects. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<'done' | 'failed' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'failed' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
