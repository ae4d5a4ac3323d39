/**
 * A set and an insertion-ordered map keyed by socket inode, in typed arrays
 * (open addressing, linear probing; 0 marks an empty slot, and no socket has
 * inode 0).
 *
 * WHY: at 100k sockets the owner scan builds a set of the table inodes and a
 * map of their owners on every refresh. As Set/Map each is a table of a few MB
 * that V8 allocates as a large object, reclaimed only by a full GC, so they
 * pile up between full GCs; a typed array's memory lives outside the JS heap
 * and is freed as soon as its small wrapper dies young.
 */

/** What the owner scan needs of a set of inodes (a Set<number> also qualifies). */
export interface InodeLookup {
  readonly size: number;
  has(inode: number): boolean;
  forEach(visit: (inode: number) => void): void;
}

function capacityFor(count: number): number {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

/** Slot of `key` (any integer up to 2^53) in a table of mask + 1 slots. */
function home(key: number, mask: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1);
  h ^= h >>> 15;
  return h & mask;
}

export class InodeSet implements InodeLookup {
  private keys: Float64Array;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    this.keys = new Float64Array(capacityFor(expected));
    this.mask = this.keys.length - 1;
  }

  has(inode: number): boolean {
    const keys = this.keys;
    for (let i = home(inode, this.mask); ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === inode) return inode !== 0;
      if (key === 0) return false;
    }
  }

  /**
   * Adds `inode`; whether it was not in the set before (one lookup for a has-then-add). 0 is never in the set (it
   * marks an empty slot), so adding it does nothing and answers true.
   */
  add(inode: number): boolean {
    if (inode === 0) return true;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let i = home(inode, this.mask); ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === inode) return false;
      if (key === 0) {
        keys[i] = inode;
        this.size++;
        return true;
      }
    }
  }

  /**
   * Adds every inode of `inodes`. WHY a method: a loop in the caller compiled again once its code after the loop ran
   * (that code had no type feedback when the loop was first optimized); this one has none after it.
   */
  addEach(inodes: Float64Array): void {
    for (let i = 0; i < inodes.length; i++) this.add(inodes[i] as number);
  }

  forEach(visit: (inode: number) => void): void {
    // Indexed, not for-of: a cold pass runs this once per 100k-slot table, mostly before the JIT has optimized it,
    // and the interpreter's for-of over a typed array is several times slower.
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (key !== 0) visit(key);
    }
  }

  /**
   * Empties the set, keeping its table (reused by the next refresh rather than a new one per refresh). An empty set's
   * table is all zeros already: a new one is not written over (2 MB at 100k sockets, on a cold pass).
   */
  clear(): void {
    if (this.size === 0) return;
    this.keys.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i++) {
      const key = old[i] as number;
      if (key !== 0) this.add(key);
    }
  }
}

/** inode -> PID (a positive int32), iterated in insertion order. */
export class InodeMap {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private order: Float64Array;
  size = 0;

  constructor(expected = 0) {
    const capacity = capacityFor(expected);
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.order = new Float64Array(capacity / 2);
  }

  get(inode: number): number | undefined {
    const at = this.find(inode);
    return at < 0 ? undefined : this.values[at];
  }

  has(inode: number): boolean {
    return this.find(inode) >= 0;
  }

  /**
   * The value of `inode`, which is set to `value` first when it has none (one lookup for a get-then-set): the
   * owner scan gives each inode its first claimant this way.
   */
  claim(inode: number, value: number): number {
    if (inode === 0) return value;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let i = home(inode, this.mask); ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === inode) return this.values[i] as number;
      if (key === 0) {
        keys[i] = inode;
        this.values[i] = value;
        this.order[this.size++] = inode;
        return value;
      }
    }
  }

  set(inode: number, value: number): void {
    if (inode === 0) return;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let i = home(inode, this.mask); ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === inode) {
        this.values[i] = value;
        return;
      }
      if (key === 0) {
        keys[i] = inode;
        this.values[i] = value;
        this.order[this.size++] = inode;
        return;
      }
    }
  }

  /** Empties the map, keeping its tables (values and order are written again before they are read). */
  clear(): void {
    this.keys.fill(0);
    this.size = 0;
  }

  /**
   * Every value, in no particular order. WHY: a walk of the slots in memory order, where looking each key up again
   * probes the table at random (a cache miss per inode at 100k sockets).
   */
  forEachValue(visit: (value: number) => void): void {
    const { keys, values } = this;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) visit(values[i] as number);
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let i = 0; i < this.size; i++) {
      const inode = this.order[i] as number;
      yield [inode, this.get(inode) as number];
    }
  }

  private find(inode: number): number {
    const keys = this.keys;
    for (let i = home(inode, this.mask); ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === inode) return inode === 0 ? -1 : i;
      if (key === 0) return -1;
    }
  }

  private grow(): void {
    const { keys, values, order } = this;
    const count = this.size;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.order = new Float64Array(capacity / 2);
    this.size = 0;
    for (let i = 0; i < count; i++) {
      const inode = order[i] as number;
      let at = home(inode, keys.length - 1);
      while (keys[at] !== inode) at = (at + 1) & (keys.length - 1);
      this.set(inode, values[at] as number);
    }
  }
}
