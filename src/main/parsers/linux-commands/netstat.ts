/**
 * net-tools `netstat` socket listings (-tunap, -lnp, -p, -aeep, plain): the
 * 'Active Internet connections' section as connections, the 'Active UNIX domain
 * sockets' section (netstat -x) as UNIX sockets; Bluetooth sections are passed
 * over without counting as unreadable.
 */
import { blankConnection, type Connection, type Protocol } from '../../../shared/model';
import type { UnixSocket } from '../../../shared/unix-socket';
import type { LineReader, ParseResult } from '../format';
import { SkippedLines, StringPool } from '../line-reader';
import { splitColonEndpoint, splitLines, stateFromWord, toInt } from './socket-text';
import { parseNetstatUnixLine } from './unix-text';

const PROTO = /^(tcp|udp|udpl|raw)(6)?$/;

/** Header names after 'State', e.g. ['User', 'Inode', 'PID/Program name', 'Timer']. */
function extraColumns(header: string): string[] {
  const after = header.split(/\bState\b/)[1] ?? '';
  return after.match(/PID\/Program name|\S+/g) ?? [];
}

export function parseLinuxNetstat(text: string): ParseResult {
  const reader = new LinuxNetstatReader();
  for (const raw of splitLines(text)) reader.line(raw);
  return reader.finish();
}

/** parseLinuxNetstat a line at a time (a big saved output is streamed through it); rows go to onRow when given. */
export class LinuxNetstatReader implements LineReader {
  private readonly connections: Connection[] = [];
  private readonly skipped = new SkippedLines();
  private readonly pool = new StringPool();
  private inInternet = true;
  private inUnix = false;
  private unixHasProgram = false;
  private readonly unixSockets: UnixSocket[] = [];
  private extras: string[] = [];

  constructor(private readonly onRow?: (row: Connection) => void) {}

  line(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('Active ')) {
      this.inInternet = line.startsWith('Active Internet');
      this.inUnix = line.startsWith('Active UNIX');
      return;
    }
    if (this.inUnix) {
      this.unixLine(raw, line);
      return;
    }
    if (!this.inInternet) return;
    if (line.startsWith('Proto ')) {
      this.extras = extraColumns(line);
      return;
    }
    const row = parseRow(line.split(/\s+/), this.extras);
    if (!row) this.skipped.add(raw);
    else if (this.onRow) this.onRow(row);
    else {
      row.localAddress = this.pool.share(row.localAddress);
      row.remoteAddress = this.pool.share(row.remoteAddress);
      if (row.processName !== null) row.processName = this.pool.share(row.processName);
      if (row.user !== null) row.user = this.pool.share(row.user);
      this.connections.push(row);
    }
  }

  /** A row of the 'Active UNIX domain sockets' section (netstat -x, or -a's second table). */
  private unixLine(raw: string, line: string): void {
    if (line.startsWith('Proto ')) {
      this.unixHasProgram = line.includes('PID/Program');
      return;
    }
    const socket = parseNetstatUnixLine(line, this.unixHasProgram);
    if (socket) this.unixSockets.push(socket);
    else this.skipped.add(raw);
  }

  finish(): ParseResult {
    const { examples, count } = this.skipped;
    const data = {
      connections: this.connections,
      ...(this.unixSockets.length > 0 ? { unixSockets: this.unixSockets } : {}),
    };
    return { data, skipped: examples, skippedCount: count, warnings: [] };
  }
}

function parseRow(tokens: string[], extras: string[]): Connection | null {
  const proto = PROTO.exec(tokens[0] ?? '');
  const rxQueue = toInt(tokens[1]);
  const txQueue = toInt(tokens[2]);
  const local = splitColonEndpoint(tokens[3] ?? '');
  const remote = splitColonEndpoint(tokens[4] ?? '');
  if (!proto || rxQueue === null || txQueue === null || !local || !remote) return null;
  const protocol: Protocol = proto[1] === 'raw' ? 'raw' : proto[1] === 'tcp' ? 'tcp' : 'udp';
  let at = 5;
  const state = stateFromWord(tokens[at] ?? '');
  // raw sockets print the protocol number where TCP prints the state.
  if (state !== null || (protocol === 'raw' && toInt(tokens[at]) !== null)) at++;
  const conn = blankConnection({
    protocol,
    family: proto[2] ? 6 : 4,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: remote.address,
    remotePort: remote.port,
    state: protocol === 'tcp' ? (state ?? 'UNKNOWN') : 'NONE',
    rxQueue,
    txQueue,
  });
  for (let i = 0; i < extras.length && at < tokens.length; i++) {
    const column = extras[i];
    const isLast = i === extras.length - 1;
    if (column === 'User') {
      const user = tokens[at++] ?? '';
      if (toInt(user) !== null) conn.uid = Number(user);
      else conn.user = user;
    } else if (column === 'Inode') {
      const inode = toInt(tokens[at++]);
      conn.inode = inode !== null && inode !== 0 ? inode : null;
    } else if (column === 'PID/Program name') {
      // The program name may hold spaces ('442/avahi-daemon: r'): it runs to the end unless a Timer follows.
      const value = isLast ? tokens.slice(at).join(' ') : (tokens[at] ?? '');
      at = isLast ? tokens.length : at + 1;
      const owner = /^(\d+)\/(.*)$/.exec(value);
      if (owner) {
        conn.pid = Number(owner[1]);
        // '-' is netstat's "not known" (as the whole column's '-'): no name, not a program called '-'.
        conn.processName = owner[2] && owner[2] !== '-' ? owner[2] : null;
      }
    } else {
      at++;
    }
  }
  return conn;
}
