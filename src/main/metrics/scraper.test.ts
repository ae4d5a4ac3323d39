/**
 * Scrapes share the engine's refresh and never hang on a slow collector:
 * a real Backend (scheduler, isolation, snapshot) with collectors that count
 * their calls or wait until the test lets them finish.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptySnapshot, type Connection } from '../../shared/model';
import type { PlatformCollectors } from '../collectors/types';
import { createBackend } from '../engine/backend';
import type { Backend } from '../engine/backend-types';
import { DEFAULT_DOS_RULES, DEFAULT_LIMITS } from './defaults';
import { PROMETHEUS_TEXT } from './exposition';
import { backendSource, ScrapeFeed } from './feed';
import { Scraper } from './scraper';
import { listener, tcp } from './test-connections';

interface Controlled {
  collectors: PlatformCollectors;
  calls(): number;
  /** The next collect() calls wait until release() is called. */
  hold(): void;
  release(): void;
}

function controlledCollectors(rows: () => Connection[]): Controlled {
  let calls = 0;
  let gate: Promise<void> | null = null;
  let open: (() => void) | null = null;
  const empty = <T>(name: string, data: T) => ({ name, collect: async () => ({ data, warnings: [] }) });
  return {
    collectors: {
      platform: 'test',
      connections: {
        name: 'connections',
        async collect() {
          calls++;
          if (gate) await gate;
          return { data: rows(), warnings: [] };
        },
      },
      routes: empty('routes', []),
      interfaces: empty('interfaces', []),
      protocolStats: empty('protocol-stats', {}),
      processInfo: async () => null,
    },
    calls: () => calls,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open?.();
      gate = null;
    },
  };
}

let clock = 1_000_000_000_000;
const backends: Backend[] = [];
const releases: Array<() => void> = [];
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(backends.splice(0).map((b) => b.stop()));
});

function setup(rows: () => Connection[], waitMs = 60_000) {
  const controlled = controlledCollectors(rows);
  // A failed assertion must not leave a collection held: stop() would wait for it.
  releases.push(() => controlled.release());
  const backend = createBackend({ mode: 'browser', allowEndProcess: false, collectors: controlled.collectors });
  backends.push(backend);
  const now = () => clock;
  const feed = new ScrapeFeed(backendSource(backend), { maxAgeMs: 5000, waitMs, now });
  const scraper = new Scraper(feed, {
    version: 'test',
    limits: DEFAULT_LIMITS,
    dos: DEFAULT_DOS_RULES,
    ownAddresses: () => new Set(),
    now,
  });
  return { controlled, scraper };
}

describe('scrapes share the engine refresh', () => {
  it('concurrent scrapes and scrapes within the interval run one collection; a stale snapshot runs one more', async () => {
    clock = Date.now();
    const { controlled, scraper } = setup(() => [listener(8080, 'web')]);
    const first = await Promise.all([1, 2, 3].map(() => scraper.scrape(PROMETHEUS_TEXT)));
    expect(controlled.calls()).toBe(1);
    for (const text of first) expect(text).toContain('port="8080",process="web"} 1');
    await scraper.scrape(PROMETHEUS_TEXT);
    await scraper.scrape(PROMETHEUS_TEXT);
    expect(controlled.calls()).toBe(1);

    clock += 6000; // the snapshot is now older than the 5 s interval
    await Promise.all([scraper.scrape(PROMETHEUS_TEXT), scraper.scrape(PROMETHEUS_TEXT)]);
    expect(controlled.calls()).toBe(2);
  });

  it('a collector that does not finish: the scrape answers with the last good data and an error series', async () => {
    clock = Date.now();
    let port = 8080;
    const { controlled, scraper } = setup(() => [listener(port, 'web')], 50);
    const good = await scraper.scrape(PROMETHEUS_TEXT);
    expect(good).toContain('netscope_stale_scrapes_total{reason="timeout"} 0');

    controlled.hold();
    port = 9090;
    clock += 60_000;
    const stale = await scraper.scrape(PROMETHEUS_TEXT);
    expect(controlled.calls()).toBe(2);
    expect(stale).toContain('port="8080",process="web"} 1');
    expect(stale).not.toContain('port="9090"');
    expect(stale).toContain('netscope_stale_scrapes_total{reason="timeout"} 1');
    // The fake clock moved 60 s past the good collection (give or take the real milliseconds it took).
    const age = Number(/^netscope_data_age_seconds (\S+)$/m.exec(stale)?.[1]);
    expect(age).toBeGreaterThan(59);
    expect(age).toBeLessThan(61);

    // A second scrape while the collection still hangs joins it instead of starting another.
    const again = await scraper.scrape(PROMETHEUS_TEXT);
    expect(controlled.calls()).toBe(2);
    expect(again).toContain('netscope_stale_scrapes_total{reason="timeout"} 2');

    controlled.release();
    // Let the held collection land, then the next scrape shows it.
    await new Promise((resolve) => setImmediate(resolve));
    clock += 1;
    const fresh = await scraper.scrape(PROMETHEUS_TEXT);
    expect(fresh).toContain('port="9090",process="web"} 1');
  });

  it('a failed connections collector keeps the last good socket series and counts the error', async () => {
    clock = Date.now();
    let fail = false;
    const { scraper } = setup(() => {
      if (fail) throw new Error('proc vanished');
      return [tcp('10.0.0.5', 443, '203.0.113.9', 5000, 'ESTABLISHED', { pid: 1, name: 'web' })];
    });
    await scraper.scrape(PROMETHEUS_TEXT);
    fail = true;
    clock += 10_000;
    const text = await scraper.scrape(PROMETHEUS_TEXT);
    expect(text).toContain('netscope_collector_success{collector="connections"} 0');
    expect(text).toContain('netscope_collector_errors_total{collector="connections"} 1');
    expect(text).toContain('netscope_remote_connections{remote="203.0.113.9"} 1');
  });

  it('before any good collection it still answers, with the health series only', async () => {
    const { scraper } = setup(() => {
      throw new Error('no /proc');
    });
    const text = await scraper.scrape(PROMETHEUS_TEXT);
    expect(text).toContain('netscope_collector_success{collector="connections"} 0');
    expect(text).not.toContain('netscope_sockets{');
  });
});

describe('the feed on its own', () => {
  it('a refresh that fails answers with the old snapshot and says so', async () => {
    const old = emptySnapshot({ seq: 1, takenAt: 0, connections: [listener(22, 'sshd')] });
    let refreshes = 0;
    const feed = new ScrapeFeed(
      {
        latest: async () => old,
        refresh: async () => {
          refreshes++;
          throw new Error('engine stopped');
        },
      },
      { maxAgeMs: 1000, waitMs: 1000, now: () => 5000 },
    );
    expect(await feed.get()).toEqual({ snapshot: old, staleness: 'failed' });
    const scraper = new Scraper(feed, {
      version: 't',
      limits: DEFAULT_LIMITS,
      dos: DEFAULT_DOS_RULES,
      ownAddresses: () => new Set(),
      now: () => 5000,
    });
    const text = await scraper.scrape(PROMETHEUS_TEXT);
    expect(text).toContain('netscope_stale_scrapes_total{reason="failed"} 1');
    expect(text).toContain('port="22",process="sshd"} 1');
    expect(refreshes).toBe(2);
  });
});
