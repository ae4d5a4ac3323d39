/**
 * The rows of a netlink sock_diag dump (sock-diag-tables.ts) into a refresh's
 * ReusePass, with the traffic rates since the last refresh.
 *
 * WHY a memory of the last dump: on a busy host most sockets do not change
 * between two refreshes, and their record (sock-diag-record.ts: every field a
 * row shows, counters included) is then byte for byte the one of the last
 * refresh. Such a socket's previous row object is carried over as it is,
 * without decoding it into a new object (two address strings, the row, its
 * counters) that the reuse pass would only swap for the old one: at 100k
 * sockets that was most of a warm refresh's work and garbage.
 *
 * WHY a fingerprint per row rather than the records themselves: the records
 * of a dump are 96 bytes a socket, and keeping the last dump to compare with
 * held two ~10 MB tables outside the heap (the last one and the one arriving),
 * plus the copies made while the arriving one grew. The memory keeps a 53-bit
 * fingerprint of each committed row's record instead (8 bytes a socket, in
 * the previous rows' order, so the reuse pass's own lookup finds it), and the
 * previous counters for the rates are the previous row's. Two different
 * records of one socket share a fingerprint with a chance of 2^-53: at 100k
 * sockets that all change every second, one stale row every ~2800 years.
 * The records themselves are used as each chunk arrives and then dropped.
 *
 * WHY a first-seen row whose socket did not change is carried as it is, rates none: its rates become 0 when the
 * snapshot holding it is diffed (shared/pending-rates.ts). A copy with rates 0 was ~32 MB at 100k sockets on the
 * refresh after a cold one, where every row takes that step while the cold snapshot still holds the originals.
 */
import type { Connection, ConnectionTraffic } from '../../../shared/model';
import { hasNoRates } from '../../../shared/pending-rates';
import { OSR_FREE_SLICE } from '../../engine/osr-slice';
import { setTrafficRates } from '../../engine/traffic-rates';
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import { copyWithZeroRates, rowOfRecord } from '../../parsers/linux/sock-diag-row';
import { isLittleEndianHost } from '../../parsers/linux/netlink-sock-diag';
import type { ReusePass } from './reuse-pass';
import { recordPrint } from './record-print';
import type { DiffChunk } from './sock-diag-diff';
import { NONE, RecordMemory } from './record-memory';
import { RECORD_WORDS, type SockDiagTable } from './sock-diag-tables';

// Importers of the row builder take its memory from here too.
export { RecordMemory };

/** The inode's word in a record (byte 40). */
const INODE_WORD = 10;
const EMPTY_INDEXES = new Int32Array(0);

/**
 * Adds every socket of `table` to `pass` (NetlinkRowBuilder over the whole table at once).
 * `admit` drops a socket already added (a repeated inode) and tells the owner scan about the others.
 * Returns the rows to settle once committed (NetlinkRowBuilder.rowsToSettle).
 */
export function addNetlinkRows(
  table: SockDiagTable,
  memory: RecordMemory,
  pass: ReusePass,
  admit: (inode: number | null) => boolean,
): Int32Array {
  const builder = new NetlinkRowBuilder(memory, pass, admit);
  builder.take(table);
  builder.finish(table);
  return builder.rowsToSettle;
}

/**
 * The rows of one dump, made while its records arrive: the previous row where the socket is unchanged (memory)
 * and that row's rates are settled (all 0, as they would be computed again) or none yet (first seen: rowsToSettle);
 * a copy of it with rates 0 where the socket is unchanged but its rates were not 0 (a moving socket that stopped);
 * else a row decoded from its record, whose rates finish() fills in once the dump's time is known.
 *
 * WHY while the records arrive: the reading thread spends most of a warm refresh in the kernel's dump, while this
 * thread waits; comparing 100k records with the last ones then costs the refresh nothing. Nothing is sent to the
 * owner scan from here (`admit` only decides): a dump that fails half-way leaves a pass that is simply dropped.
 * WHY a copy rather than a decoded row for a socket that stopped moving: a copy shares the old row's address and
 * id strings (no formatting, ~a third less memory while the previous snapshot is still held).
 */
export class NetlinkRowBuilder {
  private readonly now = new Float64Array(5);
  private readonly before = new Float64Array(5);
  /** Records of a growing table (take()) already added. */
  private done = 0;
  /** Rows decoded from a changed record, and the previous row of their socket (-1: none). */
  private readonly decoded: Connection[] = [];
  private readonly decodedPrevious: number[] = [];
  /** rowsToSettle's indexes, in a typed array grown by doubling. */
  private settle = EMPTY_INDEXES;
  private settleCount = 0;

  constructor(
    private readonly memory: RecordMemory,
    private readonly pass: ReusePass,
    private readonly admit: (inode: number | null) => boolean,
    expectedRows?: number,
  ) {
    memory.restart(expectedRows);
    // A cold pass was started before the count was known (connection-reuse.ts sizes it by the previous rows, none):
    // sized once here, with the same slack for sockets opened meanwhile, instead of doubling from 64.
    if (expectedRows !== undefined) pass.reserve(expectedRows + 64);
  }

  /**
   * Indexes in the pass's rows of first-seen rows carried over unchanged, rates none: 0 from this refresh on, written
   * when its snapshot is diffed (shared/pending-rates.ts settleRatesWhenDiffed, once the pass is committed).
   * WHY typed: after a cold refresh that is every row, and a pushed list of 100k numbers left ~2 MB of copies in
   * the large-object space.
   */
  get rowsToSettle(): Int32Array {
    return this.settle.subarray(0, this.settleCount);
  }

  /** Adds the records of `table` not yet taken (a table that grows as the dump arrives). */
  take(table: SockDiagTable): void {
    if (this.done >= table.count) return;
    const { bytes, words } = table;
    this.addRecords(
      bytes,
      words,
      new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      this.done,
      table.count,
    );
    this.done = table.count;
  }

  /**
   * Adds the sockets of `chunk`, the next piece of the dump (sock-diag-diff.ts; its bytes may be reused once this
   * returns): a record for a changed socket, the inode of an unchanged one, whose previous row is carried over.
   * Throws when an unchanged socket has no previous row here (the reading thread compared with a dump whose rows
   * this refresh does not hold): the caller then reads procfs, and the next dump is sent whole.
   */
  takeChunk(chunk: DiffChunk): void {
    const { records, words, entries } = chunk;
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    // Indexed, and each run of records (-(k + 1), -(k + 2), ...: every entry of a cold dump) added in one call:
    // per entry, a call with its own DataView was most of this thread's work on a cold dump of 100k sockets.
    let e = 0;
    while (e < entries.length) {
      const entry = entries[e] as number;
      if (entry >= 0) {
        e = this.carryUnchanged(entries, e);
        continue;
      }
      const from = -entry - 1;
      let to = from + 1;
      while (e + 1 < entries.length && entries[e + 1] === -(to + 1)) {
        e++;
        to++;
      }
      this.addRecords(records, words, view, from, to);
      e++;
    }
  }

  /**
   * Carries over the unchanged sockets of `entries` from `from` on; returns where it stopped: at a record's entry,
   * at the chunk's end, or after OSR_FREE_SLICE entries.
   * WHY apart, and in slices: a warm chunk is mostly unchanged sockets, one long loop a refresh. Inside takeChunk
   * (once a refresh at 1k sockets) V8 decided to optimize it while that loop ran, compiled it on the stack (OSR), and
   * then compiled it again, whole, at the next call (--trace-opt, refreshes 2-5, issue 11). A method that returns
   * within a few dozen sockets is called again before its loop runs long enough to ask for OSR: compiled once.
   */
  private carryUnchanged(entries: Float64Array, from: number): number {
    const { memory, pass, admit } = this;
    const stop = Math.min(entries.length, from + OSR_FREE_SLICE);
    let e = from;
    for (; e < stop; e++) {
      const entry = entries[e] as number;
      if (entry < 0) break;
      const at = pass.previousOf(entry);
      const old = at < 0 ? undefined : pass.previousRow(at);
      const print = memory.printOf(at);
      if (old === undefined || print === NONE)
        throw new Error(`netlink sock_diag: socket ${entry} is unchanged since a dump whose rows are not held here`);
      if (admit(entry)) this.carry(at, old, print);
    }
    return e;
  }

  private carry(at: number, old: Connection, print: number): void {
    const i = this.pass.size;
    const memory = this.memory;
    memory.note(i, print);
    if (memory.calmOf(at) || settled(old)) {
      this.pass.carry(at);
      memory.noteCalm(i);
    } else if (hasNoRates(old)) {
      if (this.settleCount === this.settle.length) {
        const grown = new Int32Array(Math.max(this.settle.length * 2, 1024));
        grown.set(this.settle);
        this.settle = grown;
      }
      this.settle[this.settleCount++] = i;
      this.pass.carry(at);
    } else {
      this.pass.addUpdated(at, copyWithZeroRates(old));
      memory.noteCalm(i);
    }
  }

  /** Adds records [from, to) of `bytes` (`words` and `view`: the same bytes as 32-bit words and as a DataView). */
  private addRecords(bytes: Uint8Array, words: Int32Array, view: DataView, from: number, to: number): void {
    const { memory, pass, admit } = this;
    const little = isLittleEndianHost();
    // No earlier dump (a cold pass): finishAt() has no rates to give, and a decoded row keeps the nulls it was made
    // with, so none is listed for it. WHY: two lists grown to 100k entries, and a second pass over every row.
    const rated = memory.readAt !== 0;
    for (let i = from; i < to; i++) {
      const inode = (words[i * RECORD_WORDS + INODE_WORD] as number) >>> 0;
      const print = recordPrint(words, i);
      // Inode 0 (no process holds it) names no socket: such a row is never matched by inode.
      const at = inode === 0 ? -1 : pass.previousOf(inode);
      const old = at < 0 ? undefined : pass.previousRow(at);
      if (old !== undefined && memory.printOf(at) === print) {
        if (admit(inode)) this.carry(at, old, print);
        continue;
      }
      const row = rowOfRecord(bytes, view, i * RECORD_BYTES, little);
      if (!admit(row.inode)) continue;
      const added = pass.size;
      memory.note(added, print);
      pass.add(row);
      // The pass may have kept an equal previous object instead: that one is never written into.
      const kept = pass.lastRow() as Connection;
      if (kept !== row || row.traffic === undefined) {
        if (settled(kept)) memory.noteCalm(added);
      } else if (rated) {
        this.decoded.push(row);
        this.decodedPrevious.push(old === undefined ? -1 : at);
      }
    }
  }

  /** The rates of the decoded rows, now that the whole dump (and when it ended) is known. */
  finish(table: SockDiagTable): void {
    this.take(table);
    this.finishAt(table.readAt);
  }

  /** As finish(), for a dump taken chunk by chunk (takeChunk()) that ended at `readAt`. */
  finishAt(readAt: number): void {
    const { memory, pass, now, before } = this;
    const seconds = memory.readAt === 0 ? 0 : (readAt - memory.readAt) / 1000;
    for (let k = 0; k < this.decoded.length; k++) {
      const row = this.decoded[k] as Connection;
      const traffic = row.traffic as ConnectionTraffic;
      const at = this.decodedPrevious[k] as number;
      const old = at < 0 || seconds <= 0 || memory.printOf(at) === NONE ? undefined : pass.previousRow(at);
      // Same inode and ports: the same connection (a reused 4-tuple is a new inode, and starts over).
      const known = old?.traffic !== undefined && old.localPort === row.localPort && old.remotePort === row.remotePort;
      if (known) {
        countersOf(traffic, now);
        countersOf(old.traffic as ConnectionTraffic, before);
      }
      // Not noted settled even when it is: the next refresh reads its counters once (on a cold pass, every row's)
      // rather than this one keeping where each decoded row is (measured: the cold pass at 50k did not gain).
      setTrafficRates(traffic, now, known ? before : null, 0, seconds);
    }
    this.decoded.length = 0;
    this.decodedPrevious.length = 0;
  }
}

/** A row's counters as a record holds them: bytes sent (acked), received, segments out, in, retransmissions. */
function countersOf(traffic: ConnectionTraffic, out: Float64Array): void {
  out[0] = traffic.bytesSent;
  out[1] = traffic.bytesReceived;
  // Never null on Linux (the record always has them); NaN gives no rate, as setTrafficRates() says.
  out[2] = traffic.segmentsSent ?? NaN;
  out[3] = traffic.segmentsReceived ?? NaN;
  out[4] = traffic.retransmissions ?? NaN;
}

/** Rates that an unchanged socket keeps: none (no counters) or all 0 (a first-seen row's nulls would become 0s). */
function settled(row: Connection): boolean {
  const t = row.traffic;
  return (
    t === undefined ||
    (t.sendRate === 0 &&
      t.receiveRate === 0 &&
      t.segmentSendRate === 0 &&
      t.segmentReceiveRate === 0 &&
      t.retransmissionRate === 0)
  );
}
