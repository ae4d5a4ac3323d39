/**
 * Per-connection rates from the kernel's TCP counters (Connection.traffic)
 * between two refreshes. A connection seen for the first time has no rate
 * (null: the counters since it opened are no "per second"); so has one whose
 * counters went backwards or whose inode changed: a new connection on the same
 * 4-tuple, which starts over rather than showing a negative or a spike.
 *
 * WHY typed columns keyed by inode: at 100k connections a Map of 4-tuple
 * strings to objects holding the last counters cost ~200 ms a refresh and
 * kept 100k objects alive into the old generation (a full GC every few
 * refreshes). Rows with an inode (every Linux socket a process holds) are
 * found through a typed inode table and their counters kept in Float64Arrays,
 * outside the JS heap; rows without one (Windows, macOS, Linux orphans) keep
 * the 4-tuple key.
 */
import type { Connection, ConnectionTraffic } from '../../shared/model';
import { InodeMap } from '../collectors/linux/inode-table';

/** The counters kept per row, in this order. */
const COUNTERS = 5;

interface Previous {
  at: number;
  byInode: InodeMap;
  /** byInode's value i: counters at [i * COUNTERS ...], ports at [i * 2 ...]. */
  counters: Float64Array;
  ports: Int32Array;
  byKey: Map<string, ConnectionTraffic>;
}

const EMPTY: Previous = {
  at: 0,
  byInode: new InodeMap(),
  counters: new Float64Array(0),
  ports: new Int32Array(0),
  byKey: new Map(),
};

/** NaN stands for a null counter (macOS has no segment counts): a rate from it is null. */
const counterOf = (value: number | null): number => (value === null ? Number.NaN : value);

export class TrafficRates {
  private previous: Previous = EMPTY;

  /**
   * Fills in the rates of `rows`' traffic (written in place: the rows are
   * this refresh's, not yet shared). `nowMs`: when the counters were read, on
   * a monotonic clock (performance.now()).
   */
  update(rows: readonly Connection[], nowMs: number): void {
    const pass = this.begin(nowMs, rows.length);
    pass.add(rows);
    pass.commit();
  }

  /** update() in pieces: every piece of one refresh through add(), then commit(). `expectedRows` sizes the tables. */
  begin(nowMs: number, expectedRows: number): RatesPass {
    return new RatesPass(this.previous, nowMs, expectedRows, (next) => {
      this.previous = next;
    });
  }
}

export class RatesPass {
  private readonly next: Previous;
  private readonly seconds: number;
  private readonly now = new Float64Array(COUNTERS);
  private slots = 0;

  constructor(
    private readonly before: Previous,
    nowMs: number,
    expectedRows: number,
    private readonly onCommit: (next: Previous) => void,
  ) {
    this.seconds = (nowMs - before.at) / 1000;
    const capacity = Math.max(16, expectedRows);
    this.next = {
      at: nowMs,
      byInode: new InodeMap(capacity),
      counters: new Float64Array(capacity * COUNTERS),
      ports: new Int32Array(capacity * 2),
      byKey: new Map(),
    };
  }

  add(rows: readonly Connection[]): void {
    for (const row of rows) this.addRow(row);
  }

  /** Fills in one row's rates (written in place) and keeps its counters for the next refresh. */
  addRow(row: Connection): void {
    const traffic = row.traffic;
    if (traffic === undefined) return;
    const { before, now, seconds } = this;
    now[0] = traffic.bytesSent;
    now[1] = traffic.bytesReceived;
    now[2] = counterOf(traffic.segmentsSent);
    now[3] = counterOf(traffic.segmentsReceived);
    now[4] = counterOf(traffic.retransmissions);
    if (hasInode(row)) {
      const at = before.byInode.get(row.inode);
      // Same inode, same socket; the ports are checked so that a reused inode number never reads as the same flow.
      const known =
        at !== undefined && before.ports[at * 2] === row.localPort && before.ports[at * 2 + 1] === row.remotePort;
      setTrafficRates(traffic, now, known ? before.counters : null, known ? (at as number) * COUNTERS : 0, seconds);
      this.keepCounters(row);
    } else {
      const key = `${row.protocol}${row.family} ${row.localAddress} ${row.localPort} ${row.remoteAddress} ${row.remotePort}`;
      const last = before.byKey.get(key);
      setTrafficRates(traffic, now, last === undefined ? null : countersOf(last), 0, seconds);
      this.next.byKey.set(key, { ...traffic });
    }
  }

  /**
   * Keeps the counters of a row carried over unchanged from the previous refresh (its rates, all 0, stay as they
   * are: the row belongs to that snapshot too and is never written into).
   */
  keep(row: Connection): void {
    const traffic = row.traffic;
    if (traffic === undefined) return;
    if (!hasInode(row)) {
      const key = `${row.protocol}${row.family} ${row.localAddress} ${row.localPort} ${row.remoteAddress} ${row.remotePort}`;
      this.next.byKey.set(key, { ...traffic });
      return;
    }
    const now = this.now;
    now[0] = traffic.bytesSent;
    now[1] = traffic.bytesReceived;
    now[2] = counterOf(traffic.segmentsSent);
    now[3] = counterOf(traffic.segmentsReceived);
    now[4] = counterOf(traffic.retransmissions);
    this.keepCounters(row);
  }

  private keepCounters(row: Connection & { inode: number }): void {
    const { next, now } = this;
    if (this.slots * 2 === next.ports.length) this.grow();
    const slot = this.slots++;
    next.byInode.set(row.inode, slot);
    const counters = next.counters;
    const base = slot * COUNTERS;
    // Element by element: TypedArray.set costs a builtin call per row.
    for (let i = 0; i < COUNTERS; i++) counters[base + i] = now[i] as number;
    next.ports[slot * 2] = row.localPort;
    next.ports[slot * 2 + 1] = row.remotePort;
  }

  /** The counters read in this pass become the ones the next rates are taken from. */
  commit(): void {
    this.onCommit(this.next);
  }

  private grow(): void {
    const counters = new Float64Array(this.next.counters.length * 2);
    counters.set(this.next.counters);
    this.next.counters = counters;
    const ports = new Int32Array(this.next.ports.length * 2);
    ports.set(this.next.ports);
    this.next.ports = ports;
  }
}

/** Inode 0 is no socket's (the typed inode table cannot hold it). */
function hasInode(row: Connection): row is Connection & { inode: number } {
  return row.inode !== null && row.inode !== 0;
}

function countersOf(traffic: ConnectionTraffic): Float64Array {
  return Float64Array.of(
    traffic.bytesSent,
    traffic.bytesReceived,
    counterOf(traffic.segmentsSent),
    counterOf(traffic.segmentsReceived),
    counterOf(traffic.retransmissions),
  );
}

/**
 * Rates from `before[from ...]` to `now` (bytes sent, received, segments sent, received, retransmissions); all null
 * without a previous reading, or when a counter went backwards. Also the netlink engine's rule (netlink-rows.ts).
 */
export function setTrafficRates(
  traffic: ConnectionTraffic,
  now: Float64Array,
  before: Float64Array | null,
  from: number,
  seconds: number,
): void {
  let usable = before !== null && seconds > 0;
  for (let i = 0; usable && i < COUNTERS; i++)
    if ((now[i] as number) < ((before as Float64Array)[from + i] as number)) usable = false;
  traffic.sendRate = usable ? rateOf(now, before, from, 0, seconds) : null;
  traffic.receiveRate = usable ? rateOf(now, before, from, 1, seconds) : null;
  traffic.segmentSendRate = usable ? rateOf(now, before, from, 2, seconds) : null;
  traffic.segmentReceiveRate = usable ? rateOf(now, before, from, 3, seconds) : null;
  traffic.retransmissionRate = usable ? rateOf(now, before, from, 4, seconds) : null;
}

function rateOf(
  now: Float64Array,
  before: Float64Array | null,
  from: number,
  i: number,
  seconds: number,
): number | null {
  const delta = (now[i] as number) - ((before as Float64Array)[from + i] as number);
  return Number.isNaN(delta) ? null : delta / seconds;
}
