/**
 * Unchanged lines of /proc/net/{tcp,udp,raw}6? not sent again: the reading thread keeps a 53-bit fingerprint of each
 * socket's line (by inode; only the fields its row is made of) from the last read the main thread kept, and sends the text of the lines that changed
 * plus the inodes of those that did not; the main thread carries its previous row over for those
 * (connection-reuse.ts carry()), without parsing anything.
 *
 * WHY: on an idle host almost every line is the same from one refresh to the next, yet ~150 bytes a socket were
 * copied, sent, decoded into a string and parsed every refresh (~300 KB at 2k sockets; 15 MB at 100k), most of the
 * procfs engine's main-thread cost at an idle 1 s refresh (bench/idle-refresh.mjs). The netlink engine does the
 * same with its records (sock-diag-diff.ts).
 *
 * The handshake: each read is named by a generation (unique in the process); the main thread asks to compare with
 * the generation of the read whose rows it committed, per table, and the reading thread compares only when that is
 * the read it holds fingerprints of (a new thread, a failed read, a refresh that was dropped, or rows that came from
 * netlink meanwhile: everything is sent). Inode-less lines (TIME_WAIT) are always sent: their timer moves anyway.
 * A fingerprint collision (two different lines of one socket with the same 53 bits) would keep one row's old
 * queue sizes for one refresh; as for the netlink records, with 100k sockets all changing every second, about
 * once in thousands of years.
 *
 * A diff chunk: byte 0 is 0 (never in the kernel's text), bytes 4-7 the count n of unchanged sockets (u32 LE),
 * bytes 8-11 the length of the text of the changed lines (without the header line), which follows at byte 16;
 * then, from the next multiple of 8, n inodes (f64 LE) and n positions (u32 LE: how many changed lines come
 * before that socket).
 */
import { InodePrints } from './sock-diag-diff';

/** The diff chunk's header: a 0 byte, padding, the count of unchanged sockets and the text's length. */
export const DIFF_HEADER_BYTES = 16;
const HEADER_BYTES = DIFF_HEADER_BYTES;
/** The fields of a line read here, after its slot number (see splitFields()). */
const FIELDS = 9;
/** The fewest bytes of a line that can have an inode (the kernel's shortest lines are over 100). */
const MIN_LINE_WITH_INODE = 32;

/**
 * Reading side: per table file, the fingerprints of its last read and that read's generation.
 * WHY two maps per table, swapped: a new one each refresh was two typed arrays (4 MB at 100k sockets) outside this
 * thread's heap, freed only when a GC ran.
 */
export class TablePrintMemory {
  private readonly byFile = new Map<string, { generation: number; prints: InodePrints }>();
  private readonly spares = new Map<string, InodePrints>();

  /** The fingerprints to compare this read with: null when `compareWith` is not the read held. */
  lastFor(file: string, compareWith: number): InodePrints | null {
    const last = this.byFile.get(file);
    return last && compareWith !== 0 && last.generation === compareWith ? last.prints : null;
  }

  /** An empty map for this read's fingerprints (this table's spare one, sized like its last read). */
  nextFor(file: string): InodePrints {
    const next = this.spares.get(file) ?? new InodePrints();
    this.spares.delete(file);
    next.reset(this.byFile.get(file)?.prints.size ?? 0);
    return next;
  }

  /** A whole read of `file` ended: its fingerprints are what the next read is compared with. */
  keep(file: string, generation: number, prints: InodePrints): void {
    const old = this.byFile.get(file);
    if (old) this.spares.set(file, old.prints);
    this.byFile.set(file, { generation, prints });
  }

  /** A read of `file` failed or found no table: nothing to compare the next one with. */
  forget(file: string, unfinished: InodePrints | null): void {
    const old = this.byFile.get(file);
    this.byFile.delete(file);
    const spare = old?.prints ?? unfinished;
    if (spare) this.spares.set(file, spare);
  }
}

/** Reused by encodeTableChunk (one job at a time per thread). */
let chunkOut: Buffer | null = null;
let unchangedInodes = new Float64Array(1024);
let unchangedPositions = new Uint32Array(1024);
/** Where a line's fields start and end (fields after the slot number; see fingerprint()). */
const fieldStarts = new Int32Array(FIELDS);
const fieldEnds = new Int32Array(FIELDS);

/**
 * Encodes `bytes[0, length)` (whole lines of one table) as a diff chunk against `last` (null: every line is sent),
 * adding each line's fingerprint to `next`. Returns the chunk as a view of a reused buffer, valid until the next call.
 */
export function encodeTableChunk(bytes: Buffer, length: number, last: InodePrints | null, next: InodePrints): Buffer {
  // The text first (at most all of the input), then the unchanged sockets' arrays.
  const room = HEADER_BYTES + length + 8 + (length >> 2);
  if (chunkOut === null || chunkOut.length < room) chunkOut = Buffer.allocUnsafeSlow(Math.max(room, 1 << 16));
  const out = chunkOut;
  let textLength = 0;
  let count = 0;
  let changedLines = 0;
  // A run of changed lines not copied yet: they go in one copy.
  let runStart = -1;
  let start = 0;
  const flushRun = (): void => {
    if (runStart < 0) return;
    textLength += bytes.copy(out, HEADER_BYTES + textLength, runStart, start);
    runStart = -1;
  };
  while (start < length) {
    let end = bytes.indexOf(10, start);
    if (end < 0 || end >= length) end = length;
    const lineEnd = Math.min(end + 1, length);
    const payload = payloadStart(bytes, start, end);
    if (payload >= 0 && isHeader(bytes, payload - 1)) {
      // The header line is dropped: the main thread's parser skips it anyway.
      flushRun();
    } else {
      const inode = payload < 0 || end - start < MIN_LINE_WITH_INODE ? 0 : splitFields(bytes, payload, end);
      let unchanged = false;
      if (inode > 0) {
        const print = fingerprint(bytes);
        next.addFirst(inode, print);
        unchanged = last !== null && last.get(inode) === print;
      }
      if (unchanged) {
        flushRun();
        if (count === unchangedInodes.length) growUnchanged();
        unchangedInodes[count] = inode;
        unchangedPositions[count++] = changedLines;
      } else {
        if (runStart < 0) runStart = start;
        changedLines++;
      }
    }
    start = lineEnd;
  }
  flushRun();
  out.fill(0, 0, HEADER_BYTES);
  out.writeUInt32LE(count, 4);
  out.writeUInt32LE(textLength, 8);
  const inodesAt = alignTo8(HEADER_BYTES + textLength);
  for (let k = 0; k < count; k++) {
    out.writeDoubleLE(unchangedInodes[k] as number, inodesAt + k * 8);
    out.writeUInt32LE(unchangedPositions[k] as number, inodesAt + count * 8 + k * 4);
  }
  return out.subarray(0, inodesAt + count * 12);
}

/** A diff chunk, decoded on the main thread. */
export interface TableDiffChunk {
  /** The changed lines' text (no header line). */
  text: string;
  /** Unchanged sockets, in table order, each with how many changed lines come before it. */
  inodes: number[];
  positions: number[];
}

/** Whether a chunk from a 'tables' job is a diff chunk (else it is the table's text as it is). */
export function isDiffChunk(bytes: Uint8Array, length: number): boolean {
  return length >= HEADER_BYTES && bytes[0] === 0;
}

/** Decodes a diff chunk, or null when its lengths do not add up. */
export function decodeTableChunk(bytes: Uint8Array, length: number): TableDiffChunk | null {
  if (!isDiffChunk(bytes, length)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const count = view.getUint32(4, true);
  const textLength = view.getUint32(8, true);
  const inodesAt = alignTo8(HEADER_BYTES + textLength);
  if (inodesAt + count * 12 !== length) return null;
  const inodes: number[] = new Array<number>(count);
  const positions: number[] = new Array<number>(count);
  for (let k = 0; k < count; k++) {
    inodes[k] = view.getFloat64(inodesAt + k * 8, true);
    positions[k] = view.getUint32(inodesAt + count * 8 + k * 4, true);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + HEADER_BYTES, textLength).toString('latin1');
  return { text, inodes, positions };
}

/**
 * Main side of the handshake, one per connections collector: the generation of the read whose rows the last
 * committed refresh holds, per table file, and those of the refresh under way.
 */
export class TableReadMemory {
  private committed = new Map<string, number>();
  private pending = new Map<string, number>();

  /** A refresh reads tables now: its generation. Tables it does not read are not kept at commit(). */
  begin(): number {
    this.pending = new Map();
    return ++lastGeneration;
  }

  /** What to compare table `file` with (0: nothing). */
  compareWith(file: string): number {
    return this.committed.get(file) ?? 0;
  }

  /** Table `file` was read whole, as read `generation`. */
  read(file: string, generation: number): void {
    this.pending.set(file, generation);
  }

  /** The refresh's rows were kept: its reads are what the next refresh compares with. */
  commit(): void {
    this.committed = this.pending;
    this.pending = new Map();
  }
}

/** Unique in this process, so that a new reading thread never holds a read of the same name. */
let lastGeneration = 0;

function growUnchanged(): void {
  const inodes = new Float64Array(unchangedInodes.length * 2);
  inodes.set(unchangedInodes);
  unchangedInodes = inodes;
  const positions = new Uint32Array(unchangedPositions.length * 2);
  positions.set(unchangedPositions);
  unchangedPositions = positions;
}

/** Where a line's text after its slot number ('  12: ') starts, or -1 when it has none. */
function payloadStart(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && bytes[i] === 32) i++;
  const digits = i;
  while (i < end && (bytes[i] as number) >= 48 && (bytes[i] as number) <= 57) i++;
  if (i === digits) return bytes[i] === 115 /* 's' of the header's 'sl' */ ? i + 1 : -1;
  return i < end && bytes[i] === 58 /* ':' */ ? i + 1 : -1;
}

/** Whether the line's first word, ending before `at + 1`, is the header's 'sl'. */
function isHeader(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 115 && bytes[at + 1] === 108;
}

/**
 * Fields after the slot number: 0 local address, 1 remote address, 2 state, 3 tx:rx queues, 4 timer, 5 retransmits,
 * 6 uid, 7 timeout, 8 inode. Fills fieldStarts/fieldEnds; returns the inode (0 when it is not a number).
 */
function splitFields(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  for (let field = 0; field < FIELDS; field++) {
    while (i < end && bytes[i] === 32) i++;
    fieldStarts[field] = i;
    while (i < end && bytes[i] !== 32) i++;
    fieldEnds[field] = i;
  }
  let inode = 0;
  const first = fieldStarts[8] as number;
  const last = fieldEnds[8] as number;
  if (last === first || last - first > 15) return 0;
  for (let k = first; k < last; k++) {
    const c = bytes[k] as number;
    if (c < 48 || c > 57) return 0;
    inode = inode * 10 + (c - 48);
  }
  return inode;
}

/**
 * A 53-bit fingerprint (two FNV-1a variants, 32 + 21 bits) of what a row is made of: the addresses, state, queues
 * and uid (fields 0-3 and 6, from splitFields()). WHY not the timers: they move on a socket that does nothing (a
 * keepalive, a retransmission timer), and the row has none of them, so a line that changed only there makes the
 * same row.
 */
function fingerprint(bytes: Uint8Array): number {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  // Four bytes a step (the fields are ASCII text, 50-100 bytes of each line): a quarter of the multiplications.
  const mix = (from: number, to: number): void => {
    let i = from;
    for (; i + 4 <= to; i += 4) {
      const word =
        (bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24);
      a = Math.imul(a ^ word, 0x01000193);
      b = Math.imul(b ^ word, 0x5bd1e995);
      b ^= b >>> 13;
    }
    for (; i < to; i++) {
      const c = bytes[i] as number;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
  };
  mix(fieldStarts[0] as number, fieldEnds[3] as number);
  mix(fieldStarts[6] as number, fieldEnds[6] as number);
  return (b >>> 11) * 0x100000000 + (a >>> 0);
}

function alignTo8(n: number): number {
  return (n + 7) & ~7;
}
