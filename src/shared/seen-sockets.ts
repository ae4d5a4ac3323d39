/**
 * The Top talkers' memory of each socket's last counters (top-talkers.ts TalkerTracker): per key (an inode or a row
 * id) the bytes sent and received when last counted, the refresh it was last counted at, and whether it was in the
 * last refresh taken. Kept as columns (typed arrays indexed by a slot per key), not an object per socket.
 *
 * WHY: at 100k connections with counters each tracker kept 100k `{sent, received, lastCounted, present}` objects, and
 * their byte counts as boxed numbers (V8 keeps a double field as a heap object of its own): ~300k heap objects per
 * tracker, ~600k of the page's ~4.4M (heap census, bench/heap-census-probe.mjs), each one walked by every major GC,
 * whose marking in the slowest diffs held one of the 2 cores the page's main thread was waiting for. Here a key's
 * Map entry holds a small integer, which is no heap object, and the values live in four arrays.
 */
export class SeenSockets<K extends number | string> {
  private readonly slots = new Map<K, number>();
  private sentAt = new Float64Array(16);
  private receivedAt = new Float64Array(16);
  private countedAt = new Float64Array(16);
  private presentAt = new Uint8Array(16);
  /** Slots freed by delete(), taken again before the arrays grow. */
  private free: number[] = [];
  /** Slots ever handed out (the arrays' used length): slots below it are in `slots` or in `free`. */
  private used = 0;

  /** @param compactAbove the capacity up to which compact() leaves the arrays as they are (small enough to keep). */
  constructor(private readonly compactAbove = 1024) {}

  get size(): number {
    return this.slots.size;
  }

  /** How many sockets the arrays have room for (what compact() shrinks). */
  get capacity(): number {
    return this.sentAt.length;
  }

  /** The key's slot, or -1 when it is not kept. */
  slotOf(key: K): number {
    return this.slots.get(key) ?? -1;
  }

  sent(slot: number): number {
    return this.sentAt[slot] as number;
  }

  received(slot: number): number {
    return this.receivedAt[slot] as number;
  }

  lastCounted(slot: number): number {
    return this.countedAt[slot] as number;
  }

  present(slot: number): boolean {
    return this.presentAt[slot] === 1;
  }

  /** Counted at `refresh` with these counters, and present. */
  count(slot: number, sent: number, received: number, refresh: number): void {
    this.sentAt[slot] = sent;
    this.receivedAt[slot] = received;
    this.countedAt[slot] = refresh;
    this.presentAt[slot] = 1;
  }

  /** No longer present, last counted at `refresh`. */
  leave(slot: number, refresh: number): void {
    this.presentAt[slot] = 0;
    this.countedAt[slot] = refresh;
  }

  /** Keeps a new key, counted at `refresh` and present; returns its slot. */
  add(key: K, sent: number, received: number, refresh: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.used === this.sentAt.length) this.resize(this.used * 2);
      slot = this.used++;
    }
    this.slots.set(key, slot);
    this.count(slot, sent, received, refresh);
    return slot;
  }

  delete(key: K): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.slots.delete(key);
    this.free.push(slot);
  }

  /** Each key kept with its slot, in the order they were added; the callback may delete the key it is given. */
  forEach(visit: (slot: number, key: K) => void): void {
    this.slots.forEach(visit);
  }

  /**
   * Moves the keys into the first slots and shrinks the arrays once most slots are free (a busy host whose
   * sockets closed would otherwise keep the arrays of its busiest moment). Slots taken before are no longer valid:
   * called between refreshes, never while a caller holds one.
   */
  compact(): void {
    const capacity = this.sentAt.length;
    if (capacity <= this.compactAbove || this.slots.size * 4 > capacity) return;
    const old = { sent: this.sentAt, received: this.receivedAt, counted: this.countedAt, present: this.presentAt };
    this.allocate(Math.max(16, this.slots.size * 2));
    let next = 0;
    for (const [key, slot] of this.slots) {
      this.sentAt[next] = old.sent[slot] as number;
      this.receivedAt[next] = old.received[slot] as number;
      this.countedAt[next] = old.counted[slot] as number;
      this.presentAt[next] = old.present[slot] as number;
      this.slots.set(key, next++);
    }
    this.used = next;
    this.free = [];
  }

  private resize(capacity: number): void {
    const old = { sent: this.sentAt, received: this.receivedAt, counted: this.countedAt, present: this.presentAt };
    this.allocate(capacity);
    this.sentAt.set(old.sent.subarray(0, this.used));
    this.receivedAt.set(old.received.subarray(0, this.used));
    this.countedAt.set(old.counted.subarray(0, this.used));
    this.presentAt.set(old.present.subarray(0, this.used));
  }

  private allocate(capacity: number): void {
    this.sentAt = new Float64Array(capacity);
    this.receivedAt = new Float64Array(capacity);
    this.countedAt = new Float64Array(capacity);
    this.presentAt = new Uint8Array(capacity);
  }
}
