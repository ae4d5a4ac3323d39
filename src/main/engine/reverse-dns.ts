/**
 * Reverse DNS for the optional FQDN column and `netscope -f`: asynchronous,
 * cached (failures too, so a dead resolver is asked once per address per TTL),
 * bounded by an LRU (an address looked at often stays; one seen once goes
 * first), and bounded in time by the resolver itself: `dns.promises.Resolver`
 * with `timeout`/`tries` stops its own queries, so a lookup that gives up is
 * not left running, and dispose() cancels those still in flight.
 */
import { Resolver } from 'node:dns/promises';
import { LRUCache } from 'lru-cache';

/** The part of dns.promises.Resolver used here (tests pass one bound to a local server). */
export type ReverseResolver = Pick<Resolver, 'reverse' | 'cancel'>;

export interface ReverseDnsOptions {
  /** Defaults to a Resolver with the system's servers and the timeout/tries below. */
  resolver?: ReverseResolver;
  ttlMs?: number;
  maxEntries?: number;
  /** Per try, in milliseconds. */
  timeoutMs?: number;
  tries?: number;
}

/** lru-cache holds objects, not null: an entry for "no name" is { name: null }. */
interface Entry {
  name: string | null;
}

export class ReverseDnsCache {
  private readonly resolver: ReverseResolver;
  private readonly cache: LRUCache<string, Entry>;

  constructor(options: ReverseDnsOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 1_500;
    const tries = options.tries ?? 2;
    this.resolver = options.resolver ?? new Resolver({ timeout: timeoutMs, tries });
    this.cache = new LRUCache<string, Entry>({
      max: options.maxEntries ?? 10_000,
      ttl: options.ttlMs ?? 10 * 60_000,
      // fetch() shares one query among concurrent callers for the same address.
      fetchMethod: async (address) => ({ name: await this.lookup(address) }),
    });
  }

  async resolve(address: string): Promise<string | null> {
    try {
      const entry = await this.cache.fetch(address);
      return entry?.name ?? null;
    } catch {
      // The fetch was aborted: dispose() cleared the cache while the lookup ran.
      return null;
    }
  }

  /** Cancels the queries in flight (they resolve to null) and forgets the cache. */
  dispose(): void {
    this.resolver.cancel();
    this.cache.clear();
  }

  private async lookup(address: string): Promise<string | null> {
    try {
      const names = await this.resolver.reverse(address);
      return names[0] ?? null;
    } catch {
      // ENOTFOUND, ETIMEOUT, ECANCELLED...: no name to show, and the same answer until the TTL passes.
      return null;
    }
  }
}
