/**
 * iproute2 `ss` output (-tunap, -tulpn, -ant, -a, -tunapeO ...), old and new
 * layouts. Rows are read by whitespace tokens, not by column offsets: ss pads
 * columns irregularly (and -O glues 'Peer Address:PortProcess' in the header).
 */
import { blankConnection, type Connection, type Family, type Protocol } from '../../../shared/model';
import type { UnixSocket } from '../../../shared/unix-socket';
import type { LineReader, ParseResult } from '../format';
import { SkippedLines, StringPool } from '../line-reader';
import { familyOfAddress, splitColonEndpoint, splitLines, stateFromWord, toInt } from './socket-text';
import { isSsUnixNetid, parseSsUnixLine } from './unix-text';

/** Netid values that are internet sockets; the rest (nl, u_str, p_raw, v_str ...) are not connections. */
const INET_NETIDS: Record<string, { protocol: Protocol; family: Family | null }> = {
  tcp: { protocol: 'tcp', family: null },
  udp: { protocol: 'udp', family: null },
  raw: { protocol: 'raw', family: null },
  icmp6: { protocol: 'raw', family: 6 },
  mptcp: { protocol: 'tcp', family: null },
};
const NON_INET_NETID = /^(nl|u_\w+|p_\w+|v_\w+|x_\w+|sctp|dccp|tipc|xdp|\?\?\?)$/;

export interface SsProcess {
  name: string;
  pid: number;
}

/**
 * Owners from `users:(("sshd",pid=123,fd=3),("systemd",pid=1,fd=41))` or the old `users:(("sshd",123,3))`.
 * ss prints the name raw between the quotes (no escaping), so a name may hold `"`, `,`, `=`, `)`, `\` or
 * spaces: it ends only at the first `",pid=N,fd=N)` after it.
 */
export function parseSsUsers(text: string): SsProcess[] {
  const out: SsProcess[] = [];
  const entry = /\("(.*?)",(?:pid=)?(\d+),(?:fd=)?\d+\)/g;
  for (let m = entry.exec(text); m !== null; m = entry.exec(text)) {
    out.push({ name: m[1] ?? '', pid: Number(m[2]) });
  }
  return out;
}

export function isSsSummary(text: string): boolean {
  return /^Total:\s+\d+/m.test(text) && /^Transport\s+Total\s+IP\s+IPv6/m.test(text);
}

const SUMMARY_WARNING = 'this is `ss -s` output: a summary of socket counts only, with no sockets to list';

export function parseSs(text: string): ParseResult {
  // A summary (ss -s) is told by the reader too: its Total and Transport lines and no sockets.
  const reader = new SsReader();
  for (const raw of splitLines(text)) reader.line(raw);
  return reader.finish();
}

/** parseSs a line at a time (a big saved `ss -tanp` is streamed through it); rows go to onRow when given. */
export class SsReader implements LineReader {
  private readonly connections: Connection[] = [];
  /** u_str, u_dgr, u_seq rows (ss -x, ss -a): few enough to keep even when connections stream. */
  private readonly unixSockets: UnixSocket[] = [];
  private readonly skipped = new SkippedLines();
  private readonly pool = new StringPool();
  private hasNetid: boolean | null = null;
  /** `ss -s` lines seen: a summary has both and no sockets. */
  private summaryTotal = false;
  private summaryTransport = false;

  constructor(private readonly onRow?: (row: Connection) => void) {}

  line(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    const tokens = line.split(/\s+/);
    const first = tokens[0] ?? '';
    if (first === 'Total:' && /^Total:\s+\d+/.test(line)) this.summaryTotal = true;
    if (first === 'Transport' && /^Transport\s+Total\s+IP\s+IPv6/.test(line)) this.summaryTransport = true;
    if ((first === 'Netid' || first === 'State') && line.includes('Recv-Q')) {
      this.hasNetid = first === 'Netid';
      return;
    }
    const withNetid = this.hasNetid ?? (INET_NETIDS[first] !== undefined || NON_INET_NETID.test(first));
    if (withNetid && isSsUnixNetid(first)) {
      const socket = parseSsUnixLine(line);
      if (socket) this.unixSockets.push(socket);
      else this.skipped.add(raw);
      return;
    }
    if (withNetid && NON_INET_NETID.test(first)) return;
    const row = parseRow(tokens, withNetid);
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
    if (this.summaryTotal && this.summaryTransport && this.connections.length === 0) {
      return { data: { connections: [] }, skipped: [], warnings: [SUMMARY_WARNING] };
    }
    const { examples, count } = this.skipped;
    const data = {
      connections: this.connections,
      ...(this.unixSockets.length > 0 ? { unixSockets: this.unixSockets } : {}),
    };
    return { data, skipped: examples, skippedCount: count, warnings: [] };
  }
}

function parseRow(tokens: string[], withNetid: boolean): Connection | null {
  const at = withNetid ? 1 : 0;
  const netid = withNetid ? INET_NETIDS[tokens[0] ?? ''] : undefined;
  if (withNetid && !netid) return null;
  const state = stateFromWord(tokens[at] ?? '');
  const rxQueue = toInt(tokens[at + 1]);
  const txQueue = toInt(tokens[at + 2]);
  const local = splitColonEndpoint(tokens[at + 3] ?? '');
  const peer = splitColonEndpoint(tokens[at + 4] ?? '');
  if (state === null || rxQueue === null || txQueue === null || !local || !peer) return null;
  // Without a Netid column (ss -t / -u only) the state tells UDP (UNCONN) from TCP.
  const protocol: Protocol = netid?.protocol ?? (state === 'NONE' ? 'udp' : 'tcp');
  const family: Family = netid?.family ?? familyOfAddress(local.address) ?? familyOfAddress(peer.address) ?? 4;
  const rest = tokens.slice(at + 5).join(' ');
  const owners = parseSsUsers(rest);
  const uid = /(?:^|\s)uid:(\d+)/.exec(rest);
  const inode = /(?:^|\s)ino:(\d+)/.exec(rest);
  return blankConnection({
    protocol,
    family,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: peer.address,
    remotePort: peer.port,
    state: protocol === 'tcp' ? state : 'NONE',
    rxQueue,
    txQueue,
    pid: owners[0]?.pid ?? null,
    processName: owners[0]?.name ?? null,
    uid: uid ? Number(uid[1]) : null,
    inode: inode && inode[1] !== '0' ? Number(inode[1]) : null,
  });
}
