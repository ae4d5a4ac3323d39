/**
 * BSD-style `netstat` socket listings: macOS `netstat -an[v]`, `-A`, `-Abn`,
 * plain `netstat`, and the FreeBSD/OpenBSD variants (-Aa, -AanP, -aT ...).
 * Addresses put the port after the LAST dot ('127.0.0.1.5000', '*.*',
 * 'fe80::1%lo0.123'). Columns after the state (-v: rhiwat shiwat pid epid ...)
 * are found by the names in the header, since they differ between releases.
 */
import { blankConnection, type Connection, type Family, type Protocol } from '../../../shared/model';
import { BSD_UNIX_SECTION, parseBsdUnixLine } from './netstat-unix';
import type { UnixSocket } from '../../../shared/unix-socket';
import type { LineReader, ParseResult } from '../format';
import { SkippedLines, StringPool } from '../line-reader';
import {
  familyOfAddress,
  liveWildcard,
  splitDotEndpoint,
  splitLines,
  stateFromWord,
  toInt,
} from '../linux-commands/socket-text';

export interface BsdNetstatOptions {
  liveWildcards?: boolean;
}

/** tcp4, tcp6, tcp46, udp4, udp46, tcp (OpenBSD), icm4/icm6 (raw ICMP on macOS). */
export const BSD_PROTO = /^(tcp|udp|icm)(4|6|46)?$/;

interface Header {
  /** Names of the columns after '(state)', in order. */
  extras: string[];
  hasQueues: boolean;
}

function readHeader(line: string): Header {
  const after = line.split('(state)')[1] ?? '';
  return {
    extras: after.match(/\S+/g) ?? [],
    hasQueues: /Recv-Q\s+Send-Q/.test(line),
  };
}

export function parseBsdNetstat(text: string, options: BsdNetstatOptions = {}): ParseResult {
  const reader = new BsdNetstatReader(options);
  for (const raw of splitLines(text)) reader.line(raw);
  return reader.finish();
}

/** parseBsdNetstat a line at a time (a big saved output is streamed through it); rows go to onRow when given. */
export class BsdNetstatReader implements LineReader {
  private readonly connections: Connection[] = [];
  private readonly unixSockets: UnixSocket[] = [];
  private inUnix = false;
  private readonly skipped = new SkippedLines();
  private readonly pool = new StringPool();
  private header: Header = { extras: [], hasQueues: true };
  private inInternet = true;

  constructor(
    private readonly options: BsdNetstatOptions = {},
    private readonly onRow?: (row: Connection) => void,
  ) {}

  line(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    if (/^Active\b|^Registered\b/.test(line)) {
      // Multipath, UNIX, kernel control/event sections hold no internet sockets.
      this.inInternet = /^Active Internet/.test(line) && !/Multipath/.test(line);
      this.inUnix = BSD_UNIX_SECTION.test(line);
      return;
    }
    if (this.inUnix) {
      if (/^Address\s+Type\b/.test(line)) return;
      const socket = parseBsdUnixLine(line);
      if (socket) this.unixSockets.push(socket);
      else this.skipped.add(raw);
      return;
    }
    if (!this.inInternet) return;
    if (/\bProto\b/.test(line) && /Local Address/.test(line)) {
      this.header = readHeader(line);
      return;
    }
    const row = parseRow(line.split(/\s+/), this.header, this.options);
    if (!row) this.skipped.add(raw);
    else if (this.onRow) this.onRow(row);
    else {
      row.localAddress = this.pool.share(row.localAddress);
      row.remoteAddress = this.pool.share(row.remoteAddress);
      if (row.processName !== null) row.processName = this.pool.share(row.processName);
      this.connections.push(row);
    }
  }

  finish(): ParseResult {
    const { examples, count } = this.skipped;
    const unix = this.unixSockets.length > 0 ? { unixSockets: this.unixSockets } : {};
    return { data: { connections: this.connections, ...unix }, skipped: examples, skippedCount: count, warnings: [] };
  }
}

function parseRow(tokens: string[], header: Header, options: BsdNetstatOptions): Connection | null {
  // -A puts a pcb address (and -An a flow hash) before Proto.
  const protoAt = tokens.findIndex((t) => BSD_PROTO.test(t));
  if (protoAt < 0 || protoAt > 2) return null;
  const proto = BSD_PROTO.exec(tokens[protoAt] ?? '');
  let at = protoAt + 1;
  const numbers: number[] = [];
  while (at < tokens.length && toInt(tokens[at]) !== null) numbers.push(Number(tokens[at++]));
  const local = splitDotEndpoint(tokens[at] ?? '');
  const remote = splitDotEndpoint(tokens[at + 1] ?? '');
  if (!proto || !local || !remote) return null;
  at += 2;
  const protocol: Protocol = proto[1] === 'tcp' ? 'tcp' : proto[1] === 'udp' ? 'udp' : 'raw';
  const family: Family =
    proto[2] === '4' ? 4 : proto[2] ? 6 : (familyOfAddress(local.address) ?? familyOfAddress(remote.address) ?? 4);
  let state = protocol === 'tcp' ? stateFromWord(tokens[at] ?? '') : null;
  if (state !== null) at++;
  if (protocol === 'tcp' && state === null) state = 'UNKNOWN';
  const conn = blankConnection({
    protocol,
    family,
    localAddress: options.liveWildcards ? liveWildcard(local.address, family) : local.address,
    localPort: local.port,
    remoteAddress: options.liveWildcards ? liveWildcard(remote.address, family) : remote.address,
    remotePort: remote.port,
    state: state ?? 'NONE',
    rxQueue: header.hasQueues ? (numbers[0] ?? null) : null,
    txQueue: header.hasQueues ? (numbers[1] ?? null) : null,
  });
  // UDP rows have no state, so their extra columns start right after the foreign address.
  const extras = tokens.slice(at);
  const pidAt = header.extras.indexOf('pid');
  const processAt = header.extras.indexOf('process:pid');
  if (pidAt >= 0) conn.pid = toInt(extras[pidAt]);
  if (processAt >= 0) {
    // macOS 13+: 'rapportd:511' (the name may itself hold colons).
    const m = /^(.*):(\d+)$/.exec(extras[processAt] ?? '');
    if (m) {
      conn.processName = m[1] || null;
      conn.pid = Number(m[2]);
    }
  }
  return conn;
}
