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
import type { Connection } from '../../../shared/model';
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
 * Adds every socket of `table` to `pass`: the previous row where the socket is unchanged (memory) and that row's
 * rates are settled (all 0, as they would be computed again), else a row decoded from its record, with its rates.
 * `admit` drops a socket already added (a repeated inode) and tells the owner scan about the others.
 */
export function addNetlinkRows(
  table: SockDiagTable,
  memory: RecordMemory,
  pass: ReusePass,
  admit: (inode: number | null) => boolean,
): void {
  const { bytes, words, count } = table;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = isLittleEndianHost();
  const seconds = memory.readAt === 0 ? 0 : (table.readAt - memory.readAt) / 1000;
  const now = new Float64Array(5);
  const before = new Float64Array(5);
  memory.restart();
  for (let i = 0; i < count; i++) {
    const inode = (words[i * RECORD_WORDS + INODE_WORD] as number) >>> 0;
    const last = memory.indexOf(inode);
    if (last >= 0 && memory.equals(last, words, i)) {
      const at = pass.previousOf(inode);
      const old = at < 0 ? undefined : pass.previousRow(at);
      if (old !== undefined && settled(old)) {
        if (admit(inode)) pass.carry(at);
        continue;
      }
    }
    const row = rowOfRecord(bytes, view, i * RECORD_BYTES, little);
    if (row.traffic !== undefined) {
      // Same inode and ports: the same connection (a reused 4-tuple is a new inode, and starts over).
      const known =
        last >= 0 && seconds > 0 && memory.samePorts(last, words, i) && memory.countersOf(last, before, little);
      if (known) readRecordCounters(view, i * RECORD_BYTES, little, now);
      setTrafficRates(row.traffic, now, known ? before : null, 0, seconds);
    }
    if (admit(row.inode)) pass.add(row);
  }
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
