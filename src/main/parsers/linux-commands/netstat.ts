/**
 * net-tools `netstat` socket listings (-tunap, -lnp, -p, -aeep, plain): the
 * 'Active Internet connections' section only; UNIX/Bluetooth sections are not
 * connections and are passed over without counting as unreadable.
 */
import { blankConnection, type Connection, type Protocol } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitColonEndpoint, splitLines, stateFromWord, toInt } from './socket-text';

const PROTO = /^(tcp|udp|udpl|raw)(6)?$/;

/** Header names after 'State', e.g. ['User', 'Inode', 'PID/Program name', 'Timer']. */
function extraColumns(header: string): string[] {
  const after = header.split(/\bState\b/)[1] ?? '';
  return (after.match(/PID\/Program name|[^\s]+/g) ?? []).filter((c) => c !== '');
}

export function parseLinuxNetstat(text: string): ParseResult {
  const connections: Connection[] = [];
  const skipped: string[] = [];
  let inInternet = true;
  let extras: string[] = [];
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('Active ')) {
      inInternet = line.startsWith('Active Internet');
      continue;
    }
    if (!inInternet) continue;
    if (line.startsWith('Proto ')) {
      extras = extraColumns(line);
      continue;
    }
    const row = parseRow(line.split(/\s+/), extras);
    if (row) connections.push(row);
    else skipped.push(raw);
  }
  return { data: { connections }, skipped, warnings: [] };
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
  let state = stateFromWord(tokens[at] ?? '');
  // raw sockets print the protocol number where TCP prints the state.
  if (state !== null || (protocol === 'raw' && toInt(tokens[at]) !== null)) at++;
  if (protocol === 'tcp' && state === null) state = 'UNKNOWN';
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
        conn.processName = owner[2] || null;
      }
    } else {
      at++;
    }
  }
  return conn;
}
