/**
 * Limits for the whole server, not only per connection: how many browsers
 * may be connected at once, and how many bytes may wait unsent across all of
 * them. Twelve clients asking for 100k-row snapshots without reading once
 * pushed the server to 2.4 GB; per-client limits alone multiply by the number
 * of clients. The accounting is the sockets' own `bufferedAmount`, summed when
 * a message is about to be queued, so it is exact at the moment it matters.
 */

export interface ServerLimits {
  /** Browsers connected at once; more are closed with a reason. */
  maxClients: number;
  /** Bytes queued for sending across every client. */
  maxBufferedBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxClients: 8,
  maxBufferedBytes: 256 * 1024 * 1024,
};

/** What the budget needs to know of a client. */
export interface BudgetMember {
  readonly bufferedAmount: number;
  /** Disconnects the client with this reason; the bytes it holds are freed. */
  evict(reason: string): void;
}

export interface BufferStats {
  clients: number;
  /** Bytes queued across clients now. */
  bufferedBytes: number;
  /** The most ever queued across clients, measured as each message was queued. */
  peakBufferedBytes: number;
  /** Clients closed for holding the most when the server-wide limit was reached. */
  evictedClients: number;
  /** Connections closed because maxClients were already connected. */
  refusedClients: number;
}

export class BufferBudget {
  private readonly members = new Set<BudgetMember>();
  private peak = 0;
  private evicted = 0;
  private refused = 0;

  constructor(readonly limits: ServerLimits) {}

  /** False (and counted) when the server already has maxClients. */
  admit(member: BudgetMember): boolean {
    if (this.members.size >= this.limits.maxClients) {
      this.refused++;
      return false;
    }
    this.members.add(member);
    return true;
  }

  leave(member: BudgetMember): void {
    this.members.delete(member);
  }

  total(): number {
    let sum = 0;
    for (const m of this.members) sum += m.bufferedAmount;
    return sum;
  }

  /**
   * Makes room for `bytes` more from `asker`: while the total would pass the
   * limit, the client holding the most unsent data (the one not reading) is
   * evicted. Returns false when the asker itself was evicted or the message
   * cannot fit at all; the caller then must not send.
   */
  reserve(asker: BudgetMember, bytes: number): boolean {
    const limit = this.limits.maxBufferedBytes;
    if (bytes > limit) {
      this.evictMember(asker, `message of ${mb(bytes)} is over the server's send limit of ${mb(limit)}`);
      return false;
    }
    let total = this.total();
    while (total + bytes > limit) {
      const worst = this.largest();
      if (worst === null || worst.bufferedAmount === 0) break;
      this.evictMember(worst, `server send buffer full (${mb(limit)} across clients); this client was not reading`);
      if (worst === asker) return false;
      total = this.total();
    }
    return total + bytes <= limit;
  }

  /** Called after a message was queued: the peak the tests and the soak read. */
  noteSent(): void {
    const total = this.total();
    if (total > this.peak) this.peak = total;
  }

  stats(): BufferStats {
    return {
      clients: this.members.size,
      bufferedBytes: this.total(),
      peakBufferedBytes: this.peak,
      evictedClients: this.evicted,
      refusedClients: this.refused,
    };
  }

  private largest(): BudgetMember | null {
    let worst: BudgetMember | null = null;
    for (const m of this.members) if (worst === null || m.bufferedAmount > worst.bufferedAmount) worst = m;
    return worst;
  }

  private evictMember(member: BudgetMember, reason: string): void {
    this.members.delete(member);
    this.evicted++;
    member.evict(reason);
  }
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
