/**
 * Reverse DNS for the optional FQDN column: asynchronous, cached (including
 * failures, so a dead resolver is asked once per address per TTL), bounded in
 * size, and with a timeout so a slow resolver never blocks a refresh.
 */
import { promises as dns } from 'node:dns';

export type ReverseLookup = (address: string) => Promise<string[]>;

interface Entry {
  name: string | null;
  expires: number;
}

export class ReverseDnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(
    private readonly lookup: ReverseLookup = (a) => dns.reverse(a),
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly timeoutMs = 3_000,
  ) {}

  async resolve(address: string): Promise<string | null> {
    const now = Date.now();
    const cached = this.entries.get(address);
    if (cached && cached.expires > now) return cached.name;
    const inFlight = this.pending.get(address);
    if (inFlight) return inFlight;
    const query = this.query(address).finally(() => this.pending.delete(address));
    this.pending.set(address, query);
    return query;
  }

  private async query(address: string): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.timeoutMs);
    });
    const name = await Promise.race([
      this.lookup(address).then(
        (names) => names[0] ?? null,
        () => null,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(address, { name, expires: Date.now() + this.ttlMs });
    return name;
  }
}
