/**
 * What the netlink-rows tests share (netlink-rows.test.ts, netlink-rows-chunks.test.ts): tables of records as the
 * reading thread lays them out, and one refresh as the connections collector runs it.
 */
import type { Connection } from '../../../shared/model';
import { settlePendingRates, settleRatesWhenDiffed } from '../../../shared/pending-rates';
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import type { ConnectionReuse } from './connection-reuse';
import { addNetlinkRows, type RecordMemory } from './netlink-rows';
import type { SockDiagTable } from './sock-diag-tables';

export const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface Socket {
  inode: number;
  localPort: number;
  remotePort: number;
  /** bytes sent, received, segments out, in, retransmissions; none: a row without counters (UDP). */
  counters?: [number, number, number, number, number];
}

/** A table of records laid out as sock-diag-record.ts writes them (127.0.0.1, TCP ESTABLISHED or UDP). */
export function tableOf(sockets: Socket[], readAt: number): SockDiagTable {
  const bytes = new Uint8Array(sockets.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  sockets.forEach((s, i) => {
    const at = i * RECORD_BYTES;
    bytes[at] = 4;
    bytes[at + 1] = s.counters ? 1 : 7;
    bytes[at + 2] = s.counters ? 3 : 0;
    view.setUint16(at + 4, s.localPort, little);
    view.setUint16(at + 6, s.remotePort, little);
    bytes.set([127, 0, 0, 1], at + 8);
    bytes.set([127, 0, 0, 1], at + 24);
    view.setUint32(at + 40, s.inode, little);
    view.setUint32(at + 44, 1000, little);
    if (s.counters) {
      const [sent, received, out, into, retransmitted] = s.counters;
      view.setFloat64(at + 56, sent, little);
      view.setFloat64(at + 64, received, little);
      view.setUint32(at + 72, out, little);
      view.setUint32(at + 76, into, little);
      view.setUint32(at + 80, retransmitted, little);
      view.setUint32(at + 84, 2500, little);
    }
  });
  return { bytes, words: new Int32Array(bytes.buffer), count: sockets.length, readAt };
}

/**
 * One refresh as the connections collector runs it: rows into a reuse pass, then both committed; then, unless
 * `diffed` is false, what the snapshot's diff does to the rows (shared/pending-rates.ts: first-seen rows carried
 * over unchanged get rates 0).
 */
export function refresh(
  reuse: ConnectionReuse,
  memory: RecordMemory,
  table: SockDiagTable,
  diffed = true,
): Connection[] {
  const pass = reuse.start();
  const seen = new Set<number>();
  const toSettle = addNetlinkRows(table, memory, pass, (inode) => {
    if (inode === null) return true;
    if (seen.has(inode)) return false;
    seen.add(inode);
    return true;
  });
  pass.commit();
  memory.commit(table);
  settleRatesWhenDiffed(reuse, pass.rows, toSettle);
  if (diffed) settledIn(pass.rows);
  return pass.rows;
}

/** The indexes settlePendingRates() settles in `rows` (what the snapshot's diff does to them). */
export function settledIn(rows: readonly Connection[]): number[] {
  const at: number[] = [];
  settlePendingRates(rows, (i) => at.push(i));
  return at;
}

export const tcp = (counters: Socket['counters'], inode = 100, remotePort = 443): Socket => ({
  inode,
  localPort: 50000,
  remotePort,
  counters,
});
export const udp: Socket = { inode: 200, localPort: 53, remotePort: 0 };
export const ZERO_RATES = {
  sendRate: 0,
  receiveRate: 0,
  segmentSendRate: 0,
  segmentReceiveRate: 0,
  retransmissionRate: 0,
};
