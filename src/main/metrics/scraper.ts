/**
 * One /metrics answer: data from the feed (shared, bounded wait), the socket
 * series of the newest snapshot whose connections collector succeeded (kept,
 * so a failed or hung collection answers with the last good data), counters
 * that survive between scrapes, then prom-client's text.
 */
import { networkInterfaces } from 'node:os';
import type { Snapshot } from '../../shared/model';
import type { DosRules, MetricsLimits } from './defaults';
import { renderMetrics, type MetricsContentType, type ScrapeTotals } from './exposition';
import type { ScrapeFeed } from './feed';
import { describePeer, PeerCache } from './peers';
import { buildSocketSeries, type SocketSeries } from './socket-series';

/** Every series comes from the sockets, so only that collector's health is reported. */
const REPORTED_COLLECTORS = new Set(['connections']);

export interface ScraperOptions {
  version: string;
  limits: MetricsLimits;
  dos: DosRules;
  /** This machine's addresses (DoS: shown, not alarmed); defaults to the interfaces' addresses. */
  ownAddresses?: () => ReadonlySet<string>;
  now?: () => number;
}

export function interfaceAddresses(): ReadonlySet<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) own.add(describePeer(entry.address).address);
  }
  return own;
}

export class Scraper {
  private readonly totals: ScrapeTotals = { collectorErrors: new Map(), staleScrapes: { timeout: 0, failed: 0 } };
  /** The series of the newest snapshot with good connections, built once per snapshot and shared by scrapes. */
  private good: { snapshot: Snapshot; series: SocketSeries } | null = null;
  private newest: Snapshot | null = null;
  /** Peers seen in earlier snapshots are not parsed again. */
  private readonly peers = new PeerCache();
  private readonly now: () => number;

  constructor(
    private readonly feed: ScrapeFeed,
    private readonly options: ScraperOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The text of one scrape; waitMs caps how long it waits for a refresh (Prometheus's own scrape timeout). */
  async scrape(contentType: MetricsContentType, waitMs?: number): Promise<string> {
    const started = performance.now();
    const { snapshot, staleness } = await this.feed.get(waitMs);
    if (staleness !== 'fresh') this.totals.staleScrapes[staleness]++;
    if (snapshot) this.take(snapshot);
    const reports = (this.newest?.collectors ?? []).filter((r) => REPORTED_COLLECTORS.has(r.name));
    return renderMetrics(
      {
        version: this.options.version,
        series: this.good?.series ?? null,
        collectors: reports,
        totals: this.totals,
        dataAgeSeconds: this.good ? Math.max(0, (this.now() - this.good.snapshot.takenAt) / 1000) : null,
        scrapeDurationSeconds: (performance.now() - started) / 1000,
      },
      contentType,
    );
  }

  /** Counts a new snapshot's failed collectors once, and rebuilds the series when its sockets are good. */
  private take(snapshot: Snapshot): void {
    if (this.newest !== null && snapshot.seq <= this.newest.seq && snapshot.takenAt <= this.newest.takenAt) return;
    this.newest = snapshot;
    for (const report of snapshot.collectors) {
      if (!report.ok && REPORTED_COLLECTORS.has(report.name)) {
        this.totals.collectorErrors.set(report.name, (this.totals.collectorErrors.get(report.name) ?? 0) + 1);
      }
    }
    const connections = snapshot.collectors.find((r) => r.name === 'connections');
    if (connections && !connections.ok) return;
    const own = (this.options.ownAddresses ?? interfaceAddresses)();
    this.good = {
      snapshot,
      series: buildSocketSeries(snapshot.connections, own, this.options.limits, this.options.dos, this.peers),
    };
  }
}
