/**
 * /proc/net/{tcp,tcp6,udp,udp6,raw,raw6} -> Connection[].
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ...
 *    0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16089 ...
 *
 * Speed matters (a busy host has 100k+ sockets, ~15 MB of text, on every
 * refresh), so lines are scanned by char code with no regex and no split, and
 * decoded addresses are memoised per call (most sockets share a few addresses).
 */
import type { SameKeys } from '../../../shared/connection-fields';
import { type Connection, type Family, type Protocol, type SocketState } from '../../../shared/model';
import type { ParseResult } from '../format';
import { formatIpv4, formatIpv6, hexToAddressBytes, hostEndianness, type Endianness } from './hex-address';
import { isHex, isSpace, parseDecimal, parseHex, placeKernelColumns } from './proc-net-socket-columns';

export interface ProcNetSocketOptions {
  protocol: Protocol;
  /** Byte order of the host that wrote the text; the running host's by default. */
  endianness?: Endianness;
}

/** include/net/tcp_states.h, in order from 1. */
const TCP_STATE_BY_CODE: readonly SocketState[] = [
  'UNKNOWN',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSED',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'SYN_RECV', // TCP_NEW_SYN_RECV: a request socket, which ss also shows as SYN-RECV.
];

export function tcpStateFromCode(code: number): SocketState {
  return TCP_STATE_BY_CODE[code] ?? 'UNKNOWN';
}

/**
 * A UDP socket's state from the same kernel field: connect() makes it TCP_ESTABLISHED (1), otherwise it is TCP_CLOSE.
 * WHY shown: `netstat -u` prints ESTABLISHED for a connected socket and `ss -u` ESTAB (an unconnected one blank and
 * UNCONN), and imported `netstat`/`ss` files already read as ESTABLISHED: the live rows said NONE, so the grid, the
 * filter `state:est` and the CLI disagreed with netstat and with an opened file of the same machine.
 */
export function udpStateFromCode(code: number): SocketState {
  return code === 1 ? 'ESTABLISHED' : 'NONE';
}

const MAX_TOKENS = 10;

/**
 * A Connection as parsed (the interface's fields, in its order), built by a
 * constructor rather than an object literal.
 *
 * WHY: V8 tracks where literals are allocated and, once most objects from one
 * place have survived (the cold refresh keeps all 100k), allocates every later
 * object from there directly in the old generation. Rows of later refreshes
 * mostly die at once (the collector keeps the previous, equal objects), but
 * from the old generation they are reclaimed only by a full GC: ~15 MB of
 * garbage a refresh at 100k sockets. `new` is not pretenured this way. (Also:
 * a spread like blankConnection()'s costs ~30% of the parse at 100k rows.)
 */
/** Fields the kernel's table never has (owner, Windows-only, UNIX rows'): off the class, rows keep the plain shape. */
type NotInProcTables = 'components' | 'traffic' | 'offloadState' | 'template' | 'unixType' | 'peerInode';

class ProcNetSocket implements Connection {
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

  constructor(
    protocol: Protocol,
    family: Family,
    localAddress: string,
    localPort: number,
    remoteAddress: string,
    remotePort: number,
    state: SocketState,
    uid: number,
    inode: number,
    rxQueue: number,
    txQueue: number,
  ) {
    this.id = '';
    this.protocol = protocol;
    this.family = family;
    this.localAddress = localAddress;
    this.localPort = localPort;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.state = state;
    this.pid = null;
    this.processName = null;
    this.exePath = null;
    this.commandLine = null;
    this.user = null;
    // Inode 0: a socket no process holds (TIME_WAIT, a half-open request, an orphan). The kernel prints uid 0
    // for those; that is no user, and showing "root" for them would be a wrong answer.
    this.uid = inode === 0 ? null : uid;
    this.inode = inode === 0 ? null : inode;
    this.rxQueue = rxQueue;
    this.txQueue = txQueue;
  }
}

/** Every Connection field but those above is declared on the class (tsc fails when one is added to Connection only). */
const procRowHasEveryField: SameKeys<keyof ProcNetSocket, Exclude<keyof Connection, NotInProcTables>> = true;
void procRowHasEveryField;

export function parseProcNetSockets(text: string, options: ProcNetSocketOptions): ParseResult {
  const protocol = options.protocol;
  const endianness = options.endianness ?? hostEndianness();
  const connections: Connection[] = [];
  const skipped: string[] = [];
  const addressCache = new Map<string, string>();
  const starts = new Int32Array(MAX_TOKENS);
  const ends = new Int32Array(MAX_TOKENS);

  // Consecutive rows mostly share addresses: compare in place with the last one
  // before paying for a slice and a Map lookup.
  // Stryker disable next-line StringLiteral: a start value no address matches (addresses have 8 or 32 digits)
  let lastKey = '';
  // Stryker disable next-line StringLiteral: returned only once lastKey matched, and set with it
  let lastDecoded = '';
  /** The address of the hex digits at `start`, memoised; null when malformed. */
  const decodeAddress = (start: number, hexLength: number): string | null => {
    // Stryker disable next-line ConditionalExpression,MethodExpression: a memo; a miss only costs the Map lookup
    if (lastKey.length === hexLength && text.startsWith(lastKey, start)) return lastDecoded;
    const key = text.slice(start, start + hexLength);
    let decoded = addressCache.get(key);
    // Stryker disable next-line ConditionalExpression: a memo; decoding again gives the same text
    if (decoded === undefined) {
      const bytes = hexToAddressBytes(text, start, hexLength, endianness);
      if (!bytes) return null;
      decoded = bytes.length === 4 ? formatIpv4(bytes) : formatIpv6(bytes);
      addressCache.set(key, decoded);
    }
    lastKey = key;
    lastDecoded = decoded;
    return decoded;
  };

  const skip = (lineStart: number, lineEnd: number): void => {
    skipped.push(text.slice(lineStart, lineEnd).trim());
  };

  /** Splits on blanks from `from`, filling tokens `first`.. up to MAX_TOKENS; returns the token count. */
  const tokenize = (from: number, lineEnd: number, first: number): number => {
    let count = first;
    let i = from;
    while (count < MAX_TOKENS) {
      while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
      if (i >= lineEnd) break;
      starts[count] = i;
      while (i < lineEnd && !isSpace(text.charCodeAt(i))) i++;
      ends[count++] = i;
    }
    return count;
  };

  const parseLine = (lineStart: number, lineEnd: number): void => {
    const fixedEnd = placeKernelColumns(text, lineStart, lineEnd, starts, ends);
    const count = fixedEnd < 0 ? tokenize(lineStart, lineEnd, 0) : tokenize(fixedEnd, lineEnd, 7);
    if (count === 0) return;
    const s0 = starts[0] as number;
    // The header ('sl local_address ...'): not data, not skipped.
    if (text.charCodeAt(s0) === 115 && text.charCodeAt(s0 + 1) === 108 && (ends[0] as number) - s0 === 2) return;
    if (count < MAX_TOKENS || text.charCodeAt((ends[0] as number) - 1) !== 58 /* ':' */)
      return skip(lineStart, lineEnd);
    // tr:tm->when and retrnsmt are not kept, but in a split line they must be the kernel's hex: columns that ran
    // together would otherwise be read shifted (the uid from the timeout column, the inode from the refcount).
    // The fast path's columns cannot shift: it checked every separator.
    if (fixedEnd < 0) {
      const timer = starts[5] as number;
      const timerEnd = ends[5] as number;
      if (!isHex(text, timer, timer + 2) || text.charCodeAt(timer + 2) !== 58 || !isHex(text, timer + 3, timerEnd))
        return skip(lineStart, lineEnd);
      if (!isHex(text, starts[6] as number, ends[6] as number)) return skip(lineStart, lineEnd);
    }

    const localEnd = ends[1] as number;
    const remoteEnd = ends[2] as number;
    const localHexLength = localEnd - (starts[1] as number) - 5;
    const remoteHexLength = remoteEnd - (starts[2] as number) - 5;
    if (localHexLength !== remoteHexLength || (localHexLength !== 8 && localHexLength !== 32))
      return skip(lineStart, lineEnd);
    if (text.charCodeAt(localEnd - 5) !== 58 || text.charCodeAt(remoteEnd - 5) !== 58) return skip(lineStart, lineEnd);
    const localAddress = decodeAddress(starts[1] as number, localHexLength);
    const remoteAddress = decodeAddress(starts[2] as number, remoteHexLength);
    const localPort = parseHex(text, localEnd - 4, localEnd);
    const remotePort = parseHex(text, remoteEnd - 4, remoteEnd);
    const stateCode = parseHex(text, starts[3] as number, ends[3] as number);
    const queuesStart = starts[4] as number;
    const queuesEnd = ends[4] as number;
    // No colon in the token (none at all: -1; or a later token's) leaves tx_queue an empty or blank-holding
    // range, which parseHex refuses: the row is skipped below.
    const queueColon = text.indexOf(':', queuesStart);
    const txQueue = parseHex(text, queuesStart, queueColon);
    const rxQueue = parseHex(text, queueColon + 1, queuesEnd);
    const uid = parseDecimal(text, starts[7] as number, ends[7] as number);
    const inode = parseDecimal(text, starts[9] as number, ends[9] as number);
    if (localAddress === null || remoteAddress === null || localPort < 0 || remotePort < 0)
      return skip(lineStart, lineEnd);
    if (stateCode < 0 || txQueue < 0 || rxQueue < 0 || uid < 0 || inode < 0) return skip(lineStart, lineEnd);

    const family: Family = localHexLength === 8 ? 4 : 6;
    // Raw sockets have no state netstat names; UDP's is connected or not.
    const state =
      protocol === 'tcp' ? tcpStateFromCode(stateCode) : protocol === 'udp' ? udpStateFromCode(stateCode) : 'NONE';
    connections.push(
      new ProcNetSocket(
        protocol,
        family,
        localAddress,
        localPort,
        remoteAddress,
        remotePort,
        state,
        uid,
        inode,
        rxQueue,
        txQueue,
      ),
    );
  };

  const length = text.length;
  let position = 0;
  while (position < length) {
    let lineEnd = text.indexOf('\n', position);
    if (lineEnd < 0) lineEnd = length;
    parseLine(position, lineEnd);
    position = lineEnd + 1;
  }
  return { data: { connections }, skipped, warnings: [] };
}

/** The hex address fields of the first `limit` data lines (for guessing the byte order of an import). */
export function sampleSocketHexAddresses(text: string, limit = 200): string[] {
  const out: string[] = [];
  const pattern =
    /^\s*\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):[0-9A-Fa-f]{4}\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):[0-9A-Fa-f]{4}\s/gm;
  for (const match of text.matchAll(pattern)) {
    out.push(match[1] as string, match[2] as string);
    if (out.length >= limit * 2) break;
  }
  return out;
}
