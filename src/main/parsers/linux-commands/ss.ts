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
import { rawSign, setProtocol, SsFileFacts, type Pending } from './ss-facts';
import { isSsUnixNetid, parseSsUnixLine, parseSsUnixLineWithoutState } from './unix-text';

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
  /** This table's header had a State column (rows without a header are taken to have one). */
  private hasState = true;
  /** What the file's rows have told so far: its one table (no Netid column) and what its `*` means. */
  private readonly facts = new SsFileFacts();
  /** Rows waiting for that (and every row after them, so the order is kept); see SsFileFacts. */
  private held: Pending[] = [];
  private emitted = false;
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
    if ((first === 'Netid' || first === 'State' || first === 'Recv-Q') && line.includes('Recv-Q')) {
      // A header starts a table (`ss -tan; ss -uan > f` saves two): rows still held are read as their own table's
      // (what `*` means decided now if their rows did not tell), and the next one's kind is learnt afresh (what `*`
      // means stays: the same ss printed both).
      if (this.held.length > 0) this.release(true);
      this.facts.newTable();
      this.hasNetid = first === 'Netid';
      // No State column: one state was chosen (`ss -t state established`; -u and -w without -a: ESTAB alone).
      this.hasState = tokens[this.hasNetid ? 1 : 0] === 'State';
      // The Process header came with iproute2 5.4, long after `*` came to mean the dual-stack socket (4.14).
      if (line.includes('Process')) this.facts.starIsV6 = true;
      return;
    }
    const withNetid = this.hasNetid ?? (INET_NETIDS[first] !== undefined || NON_INET_NETID.test(first));
    if (withNetid && isSsUnixNetid(first)) {
      const socket = this.hasState ? parseSsUnixLine(line) : parseSsUnixLineWithoutState(line);
      if (socket) this.unixSockets.push(socket);
      else this.skipped.add(raw);
      return;
    }
    if (withNetid && NON_INET_NETID.test(first)) return;
    const parsed = parseRow(tokens, withNetid, this.hasState);
    if (!parsed) {
      this.skipped.add(raw);
      return;
    }
    this.facts.learn(parsed);
    // The common case (a Netid column, or the file already told) goes straight on, held by nothing.
    if (this.held.length === 0 && this.facts.settles(parsed)) this.emit(this.facts.settle(parsed));
    else {
      this.held.push(parsed);
      this.release(this.held.length >= HOLD_LIMIT);
    }
  }

  finish(): ParseResult {
    this.release(true);
    if (this.summaryTotal && this.summaryTransport && !this.emitted) {
      return { data: { connections: [] }, skipped: [], warnings: [SUMMARY_WARNING] };
    }
    const { examples, count } = this.skipped;
    const data = {
      connections: this.connections,
      ...(this.unixSockets.length > 0 ? { unixSockets: this.unixSockets } : {}),
    };
    return { data, skipped: examples, skippedCount: count, warnings: this.facts.warnings() };
  }

  /** Hands on the held rows the file has settled; `all` settles the rest by guess (end of file, or too many held). */
  private release(all: boolean): void {
    // A guess, once rows went out on it, holds for the rest of the file: one file, one reading.
    if (all) this.facts.decide();
    let n = 0;
    for (; n < this.held.length; n++) {
      const next = this.held[n] as Pending;
      if (!all && !this.facts.settles(next)) break;
      this.emit(this.facts.settle(next));
    }
    if (n === this.held.length) this.held.length = 0;
    else if (n > 0) this.held = this.held.slice(n);
  }

  private emit(row: Connection): void {
    this.emitted = true;
    if (this.onRow) this.onRow(row);
    else {
      row.localAddress = this.pool.share(row.localAddress);
      row.remoteAddress = this.pool.share(row.remoteAddress);
      if (row.processName !== null) row.processName = this.pool.share(row.processName);
      this.connections.push(row);
    }
  }
}

/**
 * Rows held for the file's evidence at most (then the open ones are guessed): a saved `ss -tn` of only ESTAB
 * rows tells nothing, and a streamed import must not hold a whole big file.
 */
const HOLD_LIMIT = 20_000;

/** `withState` false: a table printed without its State column (one state chosen; see SsFileFacts). */
function parseRow(tokens: string[], withNetid: boolean, withState: boolean): Pending | null {
  const netid = withNetid ? INET_NETIDS[tokens[0] ?? ''] : undefined;
  if (withNetid && !netid) return null;
  const at = (withNetid ? 1 : 0) + (withState ? 1 : 0);
  const state = withState ? stateFromWord(tokens[at - 1] ?? '') : 'UNKNOWN';
  const rxQueue = toInt(tokens[at]);
  const txQueue = toInt(tokens[at + 1]);
  const localText = tokens[at + 2] ?? '';
  const peerText = tokens[at + 3] ?? '';
  const local = splitColonEndpoint(localText);
  const peer = splitColonEndpoint(peerText);
  if (state === null || rxQueue === null || txQueue === null || !local || !peer) return null;
  const family: Family = netid?.family ?? familyOfAddress(local.address) ?? familyOfAddress(peer.address) ?? 4;
  const rest = tokens.slice(at + 4).join(' ');
  const owners = parseSsUsers(rest);
  const uid = /(?:^|\s)uid:(\d+)/.exec(rest);
  const inode = /(?:^|\s)ino:(\d+)/.exec(rest);
  // The fields in the order JSON output has always listed them; setProtocol fills protocol and state.
  const row = blankConnection({
    protocol: 'tcp',
    family,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: peer.address,
    remotePort: peer.port,
    state: 'UNKNOWN',
    rxQueue,
    txQueue,
    pid: owners[0]?.pid ?? null,
    processName: owners[0]?.name ?? null,
    uid: uid ? Number(uid[1]) : null,
    inode: inode && inode[1] !== '0' ? Number(inode[1]) : null,
  });
  // Without a Netid column the protocol is settled by the file (SsFileFacts); 'tcp' until then.
  setProtocol(row, netid?.protocol ?? 'tcp', state, localText);
  const starOpen = local.address === '*' || peer.address === '*';
  const familyOpen = !netid?.family && local.address === '*' && peer.address === '*';
  // What tells the protocol of a row without a Netid (ss-facts.ts); with one, its netid did.
  const raw = withNetid ? 'no' : rawSign(localText, peerText, peer.address);
  const timer = !withNetid && rest.includes('timer:(');
  return { row, state, kindOpen: !withNetid, raw, timer, starOpen, familyOpen, tokens: [localText, peerText] };
}
