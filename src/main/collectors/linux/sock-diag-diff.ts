/**
 * What the reading thread sends of a sock_diag dump: only the records of the sockets that changed since its last
 * dump, and the inode of each one that did not, in dump order. Pure: records in, chunk bytes out, and back.
 *
 * WHY: at 100k sockets a dump's records are ~10 MB; sending them all every refresh made the reading thread
 * allocate ~20 buffers of 512 KB per refresh, moved to the main thread and freed there only once the GC had run,
 * which grew the resident size by tens of MB over a few refreshes. On a host whose sockets mostly sit still, an
 * unchanged socket costs 8 bytes instead of 96, and the main thread carries its previous row over without looking
 * at any record (netlink-rows.ts).
 *
 * The comparison is with the reading thread's own last dump, which is the one whose rows the main thread last
 * committed only if the generations match (the main thread names the one it committed, `compareWith`); otherwise
 * every record is sent (a first dump, a refresh that failed after its dump, a new reading thread).
 *
 * Chunk layout (host byte order; a chunk never leaves the host):
 *   0 entries u32, 4 records u32,
 *   8 entries f64 each: an unchanged socket's inode (> 0), or -(k + 1) for the chunk's k-th record,
 *   then the records, RECORD_BYTES each (sock-diag-record.ts).
 */
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import { recordPrint } from './record-print';

const HEADER_BYTES = 8;
const INODE_WORD = 10;
/** Sockets per chunk: ~420 KB of records at most. */
export const CHUNK_ENTRIES = 4096;

/** The largest chunk an encoder sends. */
export const MAX_CHUNK_BYTES = HEADER_BYTES + CHUNK_ENTRIES * (8 + RECORD_BYTES);

/**
 * inode -> record fingerprint (recordPrint), open addressing in typed arrays (0: an empty slot; no inode is 0).
 * WHY 32-bit keys: an inode is a u32; the reading thread keeps two of these maps (6 MB at 100k sockets, not 8).
 */
export class InodePrints {
  private keys: Uint32Array;
  private values: Float64Array;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    const capacity = capacityFor(expected);
    this.keys = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** Empties the map for a dump of about `expected` sockets, keeping its arrays when they are big enough. */
  reset(expected: number): void {
    const capacity = capacityFor(expected);
    if (capacity > this.keys.length) {
      this.keys = new Uint32Array(capacity);
      this.values = new Float64Array(capacity);
      this.mask = capacity - 1;
    } else this.keys.fill(0);
    this.size = 0;
  }

  /**
   * The fingerprint kept for `inode` (not 0), or -1.
   * WHY every step runs on every lookup (the probe's step at least once, the value read before the key decides): a
   * cold dump looks every socket up in an empty map (NO_PRINTS), where a step that only a collision or a found key
   * reached never ran, so it had no type feedback when V8 optimized DiffEncoder.fill during that dump, and the first
   * warm refresh threw that code away (as for NO_PRINTS). An empty slot's value is read and not used.
   */
  get(inode: number): number {
    const { keys, values, mask } = this;
    let i = (slotOf(inode, mask) - 1) & mask;
    let key: number;
    do {
      i = (i + 1) & mask;
      key = keys[i] as number;
    } while (key !== inode && key !== 0);
    const value = values[i] as number;
    return key === inode ? value : -1;
  }

  /** Keeps the first fingerprint given for `inode` (a socket listed twice keeps its first, as the rows do). */
  addFirst(inode: number, print: number): void {
    if (inode === 0) return;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const { keys, mask } = this;
    for (let i = slotOf(inode, mask); ; i = (i + 1) & mask) {
      const key = keys[i] as number;
      if (key === inode) return;
      if (key === 0) {
        keys[i] = inode;
        this.values[i] = print;
        this.size++;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Float64Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.addFirst(keys[i] as number, values[i] as number);
  }
}

function capacityFor(expected: number): number {
  let capacity = 16;
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}

function slotOf(inode: number, mask: number): number {
  let h = Math.imul(inode >>> 0, 0x9e3779b1);
  h ^= h >>> 15;
  return h & mask;
}

/**
 * Turns the records of one dump into chunks (the layout above). `last` is the dump to compare with (null: send
 * every record); `next` collects this dump's fingerprints, to compare the next dump with.
 */
export class DiffEncoder {
  // WHY module-wide buffers: one encoder a refresh, and an encoder runs in one thread at a time.
  private readonly message: Uint8Array;
  private readonly entries: Float64Array;
  private readonly records: Uint8Array;
  /** The same bytes as `records`, as 32-bit words (records are copied word by word). */
  private readonly recordWords: Int32Array;
  private entryCount = 0;
  private recordCount = 0;
  /** The dump compared with: NO_PRINTS when there is none (see there). */
  private readonly last: InodePrints;

  constructor(
    last: InodePrints | null,
    readonly next: InodePrints,
    /** Gets each chunk: a view into a reused buffer, valid until it returns. */
    private readonly send: (bytes: Uint8Array, length: number) => void,
  ) {
    this.last = last ?? NO_PRINTS;
    buffers ??= newBuffers();
    ({ message: this.message, entries: this.entries, records: this.records, recordWords: this.recordWords } = buffers);
  }

  /** Adds `count` records from `records` (back to back, from offset 0; 4-byte aligned). */
  add(records: Uint8Array, count: number): void {
    const words = new Int32Array(records.buffer, records.byteOffset, (count * RECORD_BYTES) >> 2);
    let i = 0;
    while (i < count) {
      i = this.fill(records, words, i, count);
      if (this.entryCount === CHUNK_ENTRIES) this.flush();
    }
  }

  /**
   * Adds records from `from` until `count` or a full chunk; returns where it stopped.
   * WHY apart from add(): it runs 100k times on a cold dump, and with the flush inside the loop V8 optimized the
   * loop before any flush had run, then threw that code away at the first one (no type feedback for it yet) and
   * compiled again, on the two cores the cold pass needs.
   */
  private fill(records: Uint8Array, words: Int32Array, from: number, count: number): number {
    const { next, last, entries } = this;
    let i = from;
    for (; i < count && this.entryCount < CHUNK_ENTRIES; i++) {
      const inode = (words[i * (RECORD_BYTES / 4) + INODE_WORD] as number) >>> 0;
      const print = recordPrint(words, i);
      next.addFirst(inode, print);
      // One store for both kinds of entry, and the branch of an unchanged socket only a move: see NO_PRINTS.
      let entry: number;
      if (inode !== 0 && last.get(inode) === print) entry = inode;
      else {
        copyRecord(words, i, this.recordWords, this.recordCount);
        entry = -++this.recordCount;
      }
      entries[this.entryCount++] = entry;
    }
    return i;
  }

  /** Sends what is gathered (nothing when empty). */
  flush(): void {
    if (this.entryCount === 0) return;
    const entryBytes = this.entryCount * 8;
    const view = new DataView(this.message.buffer, this.message.byteOffset, HEADER_BYTES);
    view.setUint32(0, this.entryCount, isLittle);
    view.setUint32(4, this.recordCount, isLittle);
    this.message.set(new Uint8Array(this.entries.buffer, 0, entryBytes), HEADER_BYTES);
    const recordBytes = this.recordCount * RECORD_BYTES;
    this.message.set(this.records.subarray(0, recordBytes), HEADER_BYTES + entryBytes);
    const length = HEADER_BYTES + entryBytes + recordBytes;
    this.entryCount = 0;
    this.recordCount = 0;
    this.send(this.message, length);
  }
}

let buffers: { message: Uint8Array; entries: Float64Array; records: Uint8Array; recordWords: Int32Array } | null = null;

const RECORD_WORDS = RECORD_BYTES / 4;

/**
 * Copies record `from` of `source` to record slot `to` of `target` (both as 32-bit words).
 * WHY not `target.set(bytes.subarray(...))`: the dump's records are a Buffer, whose subarray() is a new Buffer object
 * made through Node's slow path; once per changed socket that was ~40 ms of the reading thread on a cold dump of 100k
 * sockets (FastBuffer and subarray in its profile), on the cold pass's critical path.
 */
function copyRecord(source: Int32Array, from: number, target: Int32Array, to: number): void {
  const s = from * RECORD_WORDS;
  const t = to * RECORD_WORDS;
  for (let k = 0; k < RECORD_WORDS; k++) target[t + k] = source[s + k] as number;
}

/**
 * What an encoder with no dump to compare with (a cold dump, a new reading thread) compares with: no socket, so every
 * record is sent. WHY an empty map rather than no map: fill() then runs the same lookup on a cold dump as on every
 * later one. With `last === null` skipping it, V8 optimized fill() during the cold dump without type feedback for
 * the lookup, threw that code away at the first warm refresh's first record and compiled fill() again during the
 * next refreshes (--trace-opt at 1k connections: "Insufficient type feedback for generic named access", issue 11).
 * The lookup costs a cold dump one probe of an empty 16-slot table per socket.
 */
const NO_PRINTS = new InodePrints();

function newBuffers(): { message: Uint8Array; entries: Float64Array; records: Uint8Array; recordWords: Int32Array } {
  const records = new Uint8Array(CHUNK_ENTRIES * RECORD_BYTES);
  return {
    message: new Uint8Array(MAX_CHUNK_BYTES),
    entries: new Float64Array(CHUNK_ENTRIES),
    records,
    recordWords: new Int32Array(records.buffer),
  };
}

const isLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A chunk read back: its entries (as above) and its records. */
export interface DiffChunk {
  entries: Float64Array;
  records: Uint8Array;
  words: Int32Array;
  recordCount: number;
}

/** The chunk in `bytes[0, length)`, or null when its lengths do not add up (then nothing of it is used). */
export function readDiffChunk(bytes: Uint8Array, length: number): DiffChunk | null {
  if (length < HEADER_BYTES || length > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const entryCount = view.getUint32(0, isLittle);
  const recordCount = view.getUint32(4, isLittle);
  if (recordCount > entryCount || length !== HEADER_BYTES + entryCount * 8 + recordCount * RECORD_BYTES) return null;
  // The typed views need aligned offsets: a chunk that starts elsewhere is copied first.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(0, length);
  const entries = new Float64Array(aligned.buffer, aligned.byteOffset + HEADER_BYTES, entryCount);
  const recordsAt = aligned.byteOffset + HEADER_BYTES + entryCount * 8;
  const records = new Uint8Array(aligned.buffer, recordsAt, recordCount * RECORD_BYTES);
  const words = new Int32Array(aligned.buffer, recordsAt, (recordCount * RECORD_BYTES) >> 2);
  if (!entriesFit(entries, recordCount)) return null;
  return { entries, records, words, recordCount };
}

/**
 * Whether every entry is an inode (a whole number up to 2^32) or a record's index within the chunk's `recordCount`.
 * WHY its own function: the loop runs once per socket of a dump; inside readDiffChunk V8 compiled it on stack (OSR)
 * and then again once the code after it ran, which had no type feedback yet.
 */
function entriesFit(entries: Float64Array, recordCount: number): boolean {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as number;
    if (!Number.isInteger(entry) || entry === 0 || entry > 0xffffffff || -entry > recordCount) return false;
  }
  return true;
}
