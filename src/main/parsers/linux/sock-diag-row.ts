/**
 * The Connection row of a sock_diag record (the record layout: sock-diag-record.ts), and a copy of a row with its
 * rates 0. Split out of sock-diag-record.ts, which writes and reads the records: this file holds how rows are
 * allocated (constructors, a scratch object, cached address text), which matters at 100k rows a refresh.
 */
import {
  blankConnection,
  type Connection,
  type ConnectionTraffic,
  type Family,
  type Protocol,
  type SocketState,
} from '../../../shared/model';
import { formatIpv4, formatIpv6 } from './hex-address';
import { tcpStateFromCode, udpStateFromCode } from './proc-net-sockets';
import { FLAG_TCP, FLAG_TRAFFIC } from './sock-diag-record';

/**
 * A row made from a record, built by constructors rather than object literals (as proc-net-sockets.ts does).
 * WHY: V8 pretenures an allocation site whose objects mostly survive; a cold pass keeps all 100k rows, so a
 * literal's later rows would be allocated straight in the old generation, where the many that die at the next
 * refresh (changed sockets, and the copies that settle first-seen rates) are freed only by a full GC: the heap,
 * and the peak resident size, grew by tens of MB over the first refreshes at 100k sockets.
 */
class DiagSocketRow implements Connection {
  // Declared in the Connection interface's order, which is then the order of the keys (JSON output).
  id: string;
  protocol: Protocol;
  family: Family;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: SocketState;
  pid: number | null;
  processName: string | null;
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  uid: number | null;
  inode: number | null;
  rxQueue: number | null;
  txQueue: number | null;

  constructor(from: Connection) {
    this.id = from.id;
    this.protocol = from.protocol;
    this.family = from.family;
    this.localAddress = from.localAddress;
    this.localPort = from.localPort;
    this.remoteAddress = from.remoteAddress;
    this.remotePort = from.remotePort;
    this.state = from.state;
    this.pid = from.pid;
    this.processName = from.processName;
    this.exePath = from.exePath;
    this.commandLine = from.commandLine;
    this.user = from.user;
    this.uid = from.uid;
    this.inode = from.inode;
    this.rxQueue = from.rxQueue;
    this.txQueue = from.txQueue;
  }
}

/**
 * A row with counters (a UDP row has no `traffic` key). WHY a subclass rather than a key added when present: a
 * key added after construction goes to a separate properties array, 40 more bytes a row at 100k rows.
 */
class DiagTrafficRow extends DiagSocketRow {
  traffic: ConnectionTraffic;

  constructor(from: Connection, traffic: ConnectionTraffic) {
    super(from);
    this.traffic = traffic;
  }
}

function diagRow(from: Connection, traffic: ConnectionTraffic | undefined): Connection {
  return traffic === undefined ? new DiagSocketRow(from) : new DiagTrafficRow(from, traffic);
}

class DiagCounters implements ConnectionTraffic {
  constructor(
    public bytesSent: number,
    public bytesReceived: number,
    public segmentsSent: number | null,
    public segmentsReceived: number | null,
    public retransmissions: number | null,
    public rttMs: number | null,
    public rttVarianceMs: number | null,
    public sendRate: number | null,
    public receiveRate: number | null,
    public segmentSendRate: number | null,
    public segmentReceiveRate: number | null,
    public retransmissionRate: number | null,
  ) {}
}

/**
 * A copy of `row` (a row of this engine) with its counters and every rate 0: an unchanged socket whose rates were
 * not 0 (a first-seen row's nulls, a moving socket that stopped). The copy shares the row's strings.
 */
export function copyWithZeroRates(row: Connection): Connection {
  const t = row.traffic;
  const traffic =
    t === undefined
      ? undefined
      : new DiagCounters(
          t.bytesSent,
          t.bytesReceived,
          t.segmentsSent,
          t.segmentsReceived,
          t.retransmissions,
          t.rttMs,
          t.rttVarianceMs,
          0,
          0,
          0,
          0,
          0,
        );
  return diagRow(row, traffic);
}

/**
 * The text of the IPv4 addresses seen lately, by address.
 * WHY: a host's rows share few local addresses (and a loaded server's clients repeat); one string per address
 * rather than two new strings per row. Bounded: emptied when it passes MAX_CACHED_ADDRESSES.
 */
const ipv4Texts = new Map<number, string>();
const MAX_CACHED_ADDRESSES = 4096;

function ipv4Text(records: Uint8Array, at: number): string {
  const key =
    (((records[at] as number) << 24) |
      ((records[at + 1] as number) << 16) |
      ((records[at + 2] as number) << 8) |
      (records[at + 3] as number)) >>>
    0;
  let text = ipv4Texts.get(key);
  if (text === undefined) {
    if (ipv4Texts.size >= MAX_CACHED_ADDRESSES) ipv4Texts.clear();
    text = formatIpv4(records, at);
    ipv4Texts.set(key, text);
  }
  return text;
}

/** Fields of a row being made (DiagSocketRow copies them): one reused object, never handed out. */
const scratch: Connection = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '',
  localPort: 0,
  remoteAddress: '',
  remotePort: 0,
  state: 'NONE',
});

/** The row of the record at `at` (a fresh object: no rates yet, no owner). */
export function rowOfRecord(records: Uint8Array, view: DataView, at: number, little: boolean): Connection {
  const family: Family = records[at] === 6 ? 6 : 4;
  const flags = records[at + 2] as number;
  const tcp = (flags & FLAG_TCP) !== 0;
  const stateCode = records[at + 1] as number;
  const inode = view.getUint32(at + 40, little);
  const row = scratch;
  row.protocol = tcp ? 'tcp' : 'udp';
  row.family = family;
  row.localAddress = family === 4 ? ipv4Text(records, at + 8) : formatIpv6(records.subarray(at + 8, at + 24));
  row.localPort = view.getUint16(at + 4, little);
  row.remoteAddress = family === 4 ? ipv4Text(records, at + 24) : formatIpv6(records.subarray(at + 24, at + 40));
  row.remotePort = view.getUint16(at + 6, little);
  row.state = tcp ? tcpStateFromCode(stateCode) : udpStateFromCode(stateCode);
  // As in the procfs parser: inode 0 is a socket no process holds, and its uid 0 is no user.
  row.uid = inode === 0 ? null : view.getUint32(at + 44, little);
  row.inode = inode === 0 ? null : inode;
  row.rxQueue = view.getUint32(at + 48, little);
  // A listener's wqueue is its backlog limit: what `ss -ltn` shows as Send-Q and what netstat(8) documents for a
  // listener's Send-Q ("the maximum size of the syn backlog"; netstat itself prints 0, /proc/net/tcp has no field).
  row.txQueue = view.getUint32(at + 52, little);
  const traffic =
    (flags & FLAG_TRAFFIC) === 0
      ? undefined
      : new DiagCounters(
          view.getFloat64(at + 56, little),
          view.getFloat64(at + 64, little),
          view.getUint32(at + 72, little),
          view.getUint32(at + 76, little),
          view.getUint32(at + 80, little),
          view.getUint32(at + 84, little) / 1000,
          view.getUint32(at + 88, little) / 1000,
          null,
          null,
          null,
          null,
          null,
        );
  const made = diagRow(row, traffic);
  row.localAddress = '';
  row.remoteAddress = '';
  return made;
}
