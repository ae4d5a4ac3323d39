/**
 * The rows of a netlink sock_diag dump (sock-diag-tables.ts) into a refresh's
 * ReusePass, with the traffic rates since the last refresh.
 *
 * WHY a memory of the last dump's records: on a busy host most sockets do not
 * change between two refreshes, and their record (sock-diag-record.ts: every
 * field a row shows, counters included) is then byte for byte the one of the
 * last refresh. Such a socket's previous row object is carried over as it is,
 * without decoding it into a new object (two address strings, the row, its
 * counters) that the reuse pass would only swap for the old one: at 100k
 * sockets that was most of a warm refresh's work and garbage. The same
 * records give the previous counters for the rates of the sockets that did
 * change (no map of 100k counters built each refresh).
 */
import type { Connection, ConnectionTraffic } from '../../../shared/model';
import { setTrafficRates } from '../../engine/traffic-rates';
import { readRecordCounters, recordHasTraffic, rowOfRecord, RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import { isLittleEndianHost } from '../../parsers/linux/netlink-sock-diag';
import type { ReusePass } from './connection-reuse';
import { InodeMap } from './inode-table';
import { RECORD_WORDS, recycleTable, type SockDiagTable } from './sock-diag-tables';

/** The inode's word in a record (byte 40); word 1 holds both ports. */
const INODE_WORD = 10;
const PORTS_WORD = 1;
const LOOKAHEAD = 4;
const NO_TABLE: SockDiagTable = { bytes: new Uint8Array(0), words: new Int32Array(0), count: 0, readAt: 0 };

/** The records of the last netlink refresh whose rows were committed, by inode. */
export class RecordMemory {
  private table = NO_TABLE;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private index: InodeMap | null = null;
  private cursor = 0;

  get readAt(): number {
    return this.table.readAt;
  }

  /** The index of socket `inode`'s last committed record, or -1 (inode 0: always -1). */
  indexOf(inode: number): number {
    if (inode === 0) return -1;
    const { words, count } = this.table;
    // WHY a few records ahead first: the kernel lists sockets in a stable order; the index is built only when that fails.
    const end = Math.min(count, this.cursor + LOOKAHEAD);
    let at = -1;
    for (let j = this.cursor; j < end && at < 0; j++)
      if ((words[j * RECORD_WORDS + INODE_WORD] as number) >>> 0 === inode) at = j;
    if (at < 0) at = this.inodeIndex().get(inode) ?? -1;
    if (at >= 0) this.cursor = at + 1;
    return at;
  }

  /** Whether record `i` of `words` is byte for byte the last committed record `at`. */
  equals(at: number, words: Int32Array, i: number): boolean {
    const mine = this.table.words;
    for (let w = 0, a = at * RECORD_WORDS, b = i * RECORD_WORDS; w < RECORD_WORDS; w++, a++, b++)
      if (mine[a] !== words[b]) return false;
    return true;
  }

  /** Whether record `i` of `words` has the ports of the last committed record `at`. */
  samePorts(at: number, words: Int32Array, i: number): boolean {
    return this.table.words[at * RECORD_WORDS + PORTS_WORD] === words[i * RECORD_WORDS + PORTS_WORD];
  }

  /** The counters of the last committed record `at` into `out`; false when it had none. */
  countersOf(at: number, out: Float64Array, little: boolean): boolean {
    if (!recordHasTraffic(this.table.bytes, at * RECORD_BYTES)) return false;
    readRecordCounters(this.view, at * RECORD_BYTES, little, out);
    return true;
  }

  /** The table whose rows the refresh committed becomes the one to compare with. */
  commit(table: SockDiagTable): void {
    if (table !== this.table) recycleTable(this.table);
    this.table = table;
    this.view = new DataView(table.bytes.buffer, table.bytes.byteOffset, table.bytes.byteLength);
    this.index = null;
    this.cursor = 0;
  }

  /** The committed rows did not come from netlink (procfs ran): nothing is known about them here. */
  forget(): void {
    this.commit(NO_TABLE);
  }

  /** A new refresh looks from the first record on. */
  restart(): void {
    this.cursor = 0;
  }

  private inodeIndex(): InodeMap {
    if (this.index) return this.index;
    const { words, count } = this.table;
    const map = new InodeMap(count);
    for (let j = 0; j < count; j++) {
      const inode = (words[j * RECORD_WORDS + INODE_WORD] as number) >>> 0;
      // The first of a repeated socket (a dump the kernel interrupted), as the refresh kept the first.
      if (!map.has(inode)) map.set(inode, j);
    }
    return (this.index = map);
  }
}

/**
 * Adds every socket of `table` to `pass` (NetlinkRowBuilder over the whole table at once).
 * `admit` drops a socket already added (a repeated inode) and tells the owner scan about the others.
 */
export function addNetlinkRows(
  table: SockDiagTable,
  memory: RecordMemory,
  pass: ReusePass,
  admit: (inode: number | null) => boolean,
): void {
  const builder = new NetlinkRowBuilder(memory, pass, admit);
  builder.take(table);
  builder.finish(table);
}

/**
 * The rows of one dump, made while its records arrive: the previous row where the socket is unchanged (memory)
 * and that row's rates are settled (all 0, as they would be computed again); a copy of it with rates 0 where the
 * socket is unchanged but its rates were not 0 (a first-seen row's nulls, a moving socket that stopped); else a
 * row decoded from its record, whose rates finish() fills in once the dump's time is known.
 *
 * WHY while the records arrive: the reading thread spends most of a warm refresh in the kernel's dump, while this
 * thread waits; comparing 100k records with the last ones then costs the refresh nothing. Nothing is sent to the
 * owner scan from here (`admit` only decides): a dump that fails half-way leaves a pass that is simply dropped.
 * WHY a copy rather than a decoded row on the first warm refresh: every row's rates go from none to 0 then, and a
 * copy shares the old row's address and id strings (no formatting, ~a third less memory while the previous
 * snapshot is still held).
 */
export class NetlinkRowBuilder {
  private readonly now = new Float64Array(5);
  private readonly before = new Float64Array(5);
  private done = 0;
  /** Rows decoded from a changed record, with their record's index and the last committed one's (-1: none). */
  private readonly decoded: Connection[] = [];
  private readonly decodedAt: number[] = [];
  private readonly decodedLast: number[] = [];

  constructor(
    private readonly memory: RecordMemory,
    private readonly pass: ReusePass,
    private readonly admit: (inode: number | null) => boolean,
  ) {
    memory.restart();
  }

  /** Adds the records of `table` not yet taken (a table that grows as the dump arrives). */
  take(table: SockDiagTable): void {
    const { bytes, words, count } = table;
    if (this.done >= count) return;
    const { memory, pass, admit } = this;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const little = isLittleEndianHost();
    for (let i = this.done; i < count; i++) {
      const inode = (words[i * RECORD_WORDS + INODE_WORD] as number) >>> 0;
      const last = memory.indexOf(inode);
      if (last >= 0 && memory.equals(last, words, i)) {
        const at = pass.previousOf(inode);
        const old = at < 0 ? undefined : pass.previousRow(at);
        if (old !== undefined) {
          if (!admit(inode)) continue;
          if (settled(old)) pass.carry(at);
          else pass.addUpdated(at, withZeroRates(old));
          continue;
        }
      }
      const row = rowOfRecord(bytes, view, i * RECORD_BYTES, little);
      if (!admit(row.inode)) continue;
      pass.add(row);
      // The pass may have kept an equal previous object instead: that one is never written into.
      if (row.traffic !== undefined && pass.rows[pass.rows.length - 1] === row) this.decodedRow(row, i, last);
    }
    this.done = count;
  }

  private decodedRow(row: Connection, i: number, last: number): void {
    this.decoded.push(row);
    this.decodedAt.push(i);
    this.decodedLast.push(last);
  }

  /** The rates of the decoded rows, now that the whole dump (and when it ended) is known. */
  finish(table: SockDiagTable): void {
    this.take(table);
    const { memory, now, before } = this;
    const view = new DataView(table.bytes.buffer, table.bytes.byteOffset, table.bytes.byteLength);
    const little = isLittleEndianHost();
    const seconds = memory.readAt === 0 ? 0 : (table.readAt - memory.readAt) / 1000;
    const words = table.words;
    for (let k = 0; k < this.decoded.length; k++) {
      const traffic = (this.decoded[k] as Connection).traffic as ConnectionTraffic;
      const i = this.decodedAt[k] as number;
      const last = this.decodedLast[k] as number;
      // Same inode and ports: the same connection (a reused 4-tuple is a new inode, and starts over).
      const known =
        last >= 0 && seconds > 0 && memory.samePorts(last, words, i) && memory.countersOf(last, before, little);
      if (known) readRecordCounters(view, i * RECORD_BYTES, little, now);
      setTrafficRates(traffic, now, known ? before : null, 0, seconds);
    }
    this.decoded.length = 0;
    this.decodedAt.length = 0;
    this.decodedLast.length = 0;
  }
}

/**
 * A new object for an unchanged socket whose rates were not all 0, sharing its strings. Its counters are those of
 * its last record, which the memory holds: that reading was an earlier dump's, so more than 0 s ago, and every
 * rate is 0 (what setTrafficRates() gives, without a pass over 100k rows once the dump has ended).
 */
function withZeroRates(old: Connection): Connection {
  const traffic: ConnectionTraffic = {
    ...(old.traffic as ConnectionTraffic),
    sendRate: 0,
    receiveRate: 0,
    segmentSendRate: 0,
    segmentReceiveRate: 0,
    retransmissionRate: 0,
  };
  return { ...old, traffic };
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
