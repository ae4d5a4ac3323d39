/**
 * What a saved ss file's rows tell about the ss that printed them (iproute2 misc/ss.c), for the rows that cannot be
 * read alone: ss.ts's reader holds those until the file has told (SsFileFacts).
 */
import type { Connection, Protocol, SocketState } from '../../../shared/model';
import { familyOfAddress, isWildcard, liveWildcard } from './socket-text';

/** A read row before the file has said what it needs: its protocol (no Netid) or what its `*` means. */
export interface Pending {
  row: Connection;
  /** As printed; UNKNOWN where the file has no State column (see SsFileFacts). */
  state: SocketState;
  /** No Netid column: the protocol is the file's one table's. */
  kindOpen: boolean;
  /** What the row's own text says of a raw socket (rawSign). */
  raw: RawSign;
  /** It shows a TCP timer (`-o`'s `timer:(keepalive,...)`: ss prints timers for TCP sockets only). */
  timer: boolean;
  /** Its wildcards wait for what `*` means in this file. */
  starOpen: boolean;
  /** Both ends are `*` and no netid names the family: that meaning sets it. */
  familyOpen: boolean;
  /** The local and peer tokens as printed (their spelling tells the ss version). */
  tokens: [string, string];
}

/** TCP states no UDP or raw socket is ever in (ss prints UDP and raw sockets as UNCONN or ESTAB only). */
const TCP_ONLY_STATES: ReadonlySet<SocketState> = new Set<SocketState>([
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSING',
]);

/**
 * A raw socket's "port" is its IP protocol: ss prints the number with -n, else the name from /etc/protocols or
 * `ipproto-N` (resolve_service -> inet_proto_n2a), and its peer's port is always 0, printed `*`. The names a raw
 * socket is commonly opened for, with their numbers; no UDP service goes by them or listens on those numbers.
 */
const RAW_PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  ipencap: 4,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  ospf: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
  raw: 255,
};
const RAW_NUMBERS: ReadonlySet<number> = new Set(Object.values(RAW_PROTOCOLS));

/**
 * 'raw': only a raw socket prints this (a protocol name as its port, or a peer address with port `*`: a connected
 * TCP or UDP socket has a peer port); 'maybe': a raw protocol's number, as `ss -wan` prints it, which a UDP socket
 * could be bound to but none is in practice; 'no': a UDP or TCP port.
 */
export type RawSign = 'raw' | 'maybe' | 'no';

const portText = (token: string) => token.slice(token.lastIndexOf(':') + 1);

export function rawSign(local: string, peer: string, peerAddress: string): RawSign {
  if (peer.endsWith(':*') && !isWildcard(peerAddress)) return 'raw';
  // Every row of a big TCP file passes here: the common numeric port is told by its length and one lookup.
  const port = portText(local);
  if (DIGITS.test(port)) return port.length <= 3 && RAW_NUMBERS.has(Number(port)) ? 'maybe' : 'no';
  return rawProtocolNumber(port) !== null ? 'raw' : 'no';
}

const DIGITS = /^\d+$/;

/** The protocol number a raw socket's printed port stands for ('icmp', 'ipproto-253', '58'), or null. */
export function rawProtocolNumber(port: string): number | null {
  if (DIGITS.test(port)) return Number(port) <= 255 ? Number(port) : null;
  const named = Object.hasOwn(RAW_PROTOCOLS, port) ? RAW_PROTOCOLS[port] : undefined;
  return named ?? (/^ipproto-(\d+)$/.test(port) ? Number(port.slice(8)) : null);
}

/** States both a TCP and a connected UDP socket print (or none printed): they do not tell the table. */
const sharedState = (state: SocketState) => state === 'ESTABLISHED' || state === 'UNKNOWN';

/**
 * - Kind: ss prints the Netid column only when more than one table is chosen (`!(dbs & (dbs - 1))` disables
 *   it), so a file without it holds one table. A TCP-only state or timer says TCP; a raw sign says raw (`ss -w`);
 *   UNCONN says UDP, unless TCP was already seen (ss >= 6.8 lists closed TCP sockets as UNCONN) or its port is a
 *   raw protocol's number (held: a raw file of UNCONN rows, `ss -wan`, has nothing else to tell); ESTAB rows, and
 *   rows without a State column, take the file's kind (a guess, TCP, with a warning where it never tells).
 * - State: ss prints the State column only when more than one state is chosen, as `-u` and `-w` without -a do
 *   (their default is ESTAB alone) and a `state NAME` filter does. The file does not name that state: such rows
 *   read UNKNOWN (TCP), and no state (UDP, raw).
 * - `*`: iproute2 < 4.13 printed `*` for IPv4 0.0.0.0 and IPv6 unbracketed (`:::22`); from 4.14 `*` is an
 *   IPv6 socket with v6only off (the dual-stack listener), `0.0.0.0` IPv4 and `[::]` v6only (commit 1267c0b9).
 *   So brackets, `0.0.0.0` or a Process header say "new", an unbracketed IPv6 address or an IPv4 address
 *   facing `*` ("127.0.0.1:25 *:*": never printed from 4.14) say "old". 4.13 (`*` for both) reads as new.
 */
export class SsFileFacts {
  kind: Protocol | null = null;
  starIsV6: boolean | null = null;
  /** Rows read on a guess: ESTAB rows as TCP, rows without State as TCP. */
  guessedKind = false;
  guessedStateless = false;
  /** A TCP row without its state was read. */
  stateUnknown = false;
  /** This table's UNCONN rows on raw protocol numbers, and whether any row has shown it is no raw table. */
  private maybeRaw = false;
  private notRaw = false;

  learn(p: Pending): void {
    if (p.kindOpen) {
      if (p.raw === 'no') this.notRaw = true;
      if (TCP_ONLY_STATES.has(p.state) || p.timer) this.kind = 'tcp';
      else if (p.raw === 'raw') this.kind ??= 'raw';
      else if (p.state === 'NONE' && p.raw === 'maybe') this.maybeRaw = true;
      else if (p.state === 'NONE') this.kind ??= 'udp';
    }
    if (this.starIsV6 === null) this.starIsV6 = starMeaning(p.tokens);
  }

  /** A new header: the next rows are another table, whose kind is their own. */
  newTable(): void {
    this.kind = null;
    this.maybeRaw = false;
    this.notRaw = false;
  }

  /**
   * Settles what the rows have not told (end of the table or of the file, or too many rows held): `*` as new ss;
   * a table with UNCONN rows on raw protocol numbers as raw, unless a row was no raw socket's (then UDP, as UNCONN
   * says). ESTAB and state-less rows are guessed in settle, with a warning.
   */
  decide(): void {
    this.starIsV6 ??= true;
    if (this.kind === null && this.maybeRaw) this.kind = this.notRaw ? 'udp' : 'raw';
  }

  settles(p: Pending): boolean {
    const kindTold = !p.kindOpen || this.kind !== null || !(sharedState(p.state) || p.raw === 'maybe');
    return kindTold && !(p.starOpen && this.starIsV6 === null);
  }

  settle(p: Pending): Connection {
    const row = p.row;
    if (p.kindOpen) {
      if (this.kind === null && sharedState(p.state)) {
        this.kind = 'tcp';
        if (p.state === 'UNKNOWN') this.guessedStateless = true;
        else this.guessedKind = true;
      }
      const protocol =
        TCP_ONLY_STATES.has(p.state) || p.timer
          ? 'tcp'
          : p.state === 'NONE'
            ? (this.kind ?? 'udp')
            : (this.kind ?? 'tcp');
      setProtocol(row, protocol, p.state, p.tokens[0]);
    }
    if (row.protocol === 'tcp' && row.state === 'UNKNOWN') this.stateUnknown = true;
    if (p.starOpen) {
      if (p.familyOpen) row.family = this.starIsV6 === false ? 4 : 6;
      row.localAddress = liveWildcard(row.localAddress, row.family);
      row.remoteAddress = liveWildcard(row.remoteAddress, row.family);
    }
    return row;
  }

  warnings(): string[] {
    const out: string[] = [];
    if (this.guessedKind) out.push(GUESSED_KIND_WARNING);
    if (this.guessedStateless) out.push(GUESSED_STATELESS_WARNING);
    else if (this.stateUnknown) out.push(STATE_UNKNOWN_WARNING);
    return out;
  }
}

const GUESSED_KIND_WARNING =
  'this ss output has no Netid column and only ESTAB rows, which TCP (ss -t) and connected UDP (ss -u) sockets ' +
  'share: they were read as TCP';
const GUESSED_STATELESS_WARNING =
  'this ss output has neither a Netid nor a State column (one table and one state chosen, as by ' +
  '`ss -t state established` or `ss -u`), and names neither: its rows were read as TCP, their state UNKNOWN';
const STATE_UNKNOWN_WARNING =
  'this ss output has no State column (one state chosen, as by `ss -tu state established`), and does not name ' +
  "it: its TCP rows' state is UNKNOWN";

/** A row's protocol and its state by it: none for UDP and raw; a raw socket's port is its protocol's number. */
export function setProtocol(row: Connection, protocol: Protocol, state: SocketState, local: string): void {
  row.protocol = protocol;
  row.state = stateOf(protocol, state);
  if (protocol === 'raw') row.localPort = rawProtocolNumber(portText(local)) ?? row.localPort;
}

/** A row's state by its protocol: none for UDP and raw; for TCP, UNCONN is a closed socket (ss >= 6.8 -a, -B). */
export function stateOf(protocol: Protocol, state: SocketState): SocketState {
  if (protocol !== 'tcp') return 'NONE';
  return state === 'NONE' ? 'CLOSED' : state;
}

/** True (new ss), false (old ss) or null (this row does not tell) for what `*` means; see SsFileFacts. */
function starMeaning(tokens: [string, string]): boolean | null {
  let star = false;
  let v4 = false;
  for (const token of tokens) {
    if (token.startsWith('[')) return true;
    const host = token.slice(0, token.lastIndexOf(':')).replace(/%.*$/, '');
    if (host === '0.0.0.0') return true;
    if (host.includes(':')) return false;
    if (host === '*') star = true;
    else if (familyOfAddress(host) === 4) v4 = true;
  }
  return star && v4 ? false : null;
}
