/**
 * DoS diagnosis aggregations: who holds how many sockets, in which states, and
 * how loaded each listening port is. One pass over the connections per
 * aggregation so 100k sockets stay well under a frame budget.
 */
import type { Connection, Family, SocketState } from '../../shared/model';
import { canonicalAddress, isUnspecifiedAddress, parseIPv4, subnetKey } from './addresses';

export type StateCounts = Partial<Record<SocketState, number>>;

export interface RemoteGroup {
  /** The remote address, or its subnet ("1.2.3.0/24", "2001:db8::/64") when grouping by subnet. */
  key: string;
  family: Family | null;
  total: number;
  states: StateCounts;
  distinctLocalPorts: number;
  /** Distinct addresses inside the group (1 unless grouping by subnet). */
  distinctRemotes: number;
  /** Fraction of all counted connections. */
  share: number;
}

export interface RemoteAggregation {
  groups: RemoteGroup[];
  /** Connections that have a real remote peer (the denominator of share). */
  counted: number;
  /** SYN_RECV sockets over the whole snapshot (half-open: the SYN flood signal). */
  synRecvTotal: number;
}

export type GroupBy = 'address' | 'subnet';

/** A socket with a real peer: not listening, and the remote is not a wildcard. */
export function hasRemotePeer(c: Pick<Connection, 'state' | 'remoteAddress'>): boolean {
  return c.state !== 'LISTEN' && !isUnspecifiedAddress(c.remoteAddress);
}

/** Family of an already canonical address without a full IPv6 parse (it runs per group). */
function familyOfCanonical(canonical: string): Family | null {
  if (canonical.includes(':')) return 6;
  return parseIPv4(canonical) !== null ? 4 : null;
}

interface Accumulator {
  total: number;
  states: StateCounts;
  /** The first local port; a Set only once a second one appears (most peers use one). */
  firstLocalPort: number;
  localPorts: Set<number> | null;
  firstRemote: string;
  remotes: Set<string> | null;
}

interface RemoteKey {
  /** null: not a real peer (wildcard remote). */
  key: string | null;
  canonical: string;
}

export function aggregateByRemote(connections: readonly Connection[], groupBy: GroupBy = 'address'): RemoteAggregation {
  const byKey = new Map<string, Accumulator>();
  // Canonicalising and subnetting cost string work; many sockets share a peer, so do it once per address text.
  const keyCache = new Map<string, RemoteKey>();
  let counted = 0;
  let synRecvTotal = 0;
  for (const c of connections) {
    if (c.state === 'SYN_RECV') synRecvTotal++;
    if (c.state === 'LISTEN') continue;
    let remote = keyCache.get(c.remoteAddress);
    if (!remote) {
      if (isUnspecifiedAddress(c.remoteAddress)) remote = { key: null, canonical: '' };
      else {
        const canonical = canonicalAddress(c.remoteAddress);
        remote = { canonical, key: groupBy === 'subnet' ? subnetKey(canonical) : canonical };
      }
      keyCache.set(c.remoteAddress, remote);
    }
    if (remote.key === null) continue;
    counted++;
    const acc = byKey.get(remote.key);
    if (!acc) {
      byKey.set(remote.key, {
        total: 1,
        states: { [c.state]: 1 },
        firstLocalPort: c.localPort,
        localPorts: null,
        firstRemote: remote.canonical,
        remotes: null,
      });
      continue;
    }
    acc.total++;
    acc.states[c.state] = (acc.states[c.state] ?? 0) + 1;
    if (acc.localPorts) acc.localPorts.add(c.localPort);
    else if (c.localPort !== acc.firstLocalPort) acc.localPorts = new Set([acc.firstLocalPort, c.localPort]);
    if (acc.remotes) acc.remotes.add(remote.canonical);
    else if (remote.canonical !== acc.firstRemote) acc.remotes = new Set([acc.firstRemote, remote.canonical]);
  }
  const groups: RemoteGroup[] = [];
  for (const [key, acc] of byKey) {
    groups.push({
      key,
      family: familyOfCanonical(acc.firstRemote),
      total: acc.total,
      states: acc.states,
      distinctLocalPorts: acc.localPorts?.size ?? 1,
      distinctRemotes: acc.remotes?.size ?? 1,
      share: counted > 0 ? acc.total / counted : 0,
    });
  }
  // Largest first; ties keep first-seen order (a stable sort by number only: 100k distinct peers sort in ms).
  groups.sort((a, b) => b.total - a.total);
  return { groups, counted, synRecvTotal };
}

export interface ListenerLoad {
  protocol: 'tcp';
  port: number;
  /** Local addresses it listens on ("0.0.0.0", "::"...). */
  addresses: string[];
  /** The processes holding the listener, each a way into the grid (processFilter). */
  processes: ListenerProcess[];
  /** Sockets on this local port other than the listener itself. */
  connections: number;
  /**
   * Connections the kernel completed that wait for the process to accept() them: the listeners' Recv-Q (ss -ltn,
   * netstat -ltn), summed over the addresses; null when the engine did not say. A queue that stays up is a process
   * not keeping up, and once it is full new SYNs are dropped (TcpExt ListenOverflows).
   */
  acceptQueue: number | null;
  states: StateCounts;
  distinctRemotes: number;
}

/** One process holding a listener: keyed as the top-processes table keys it (by PID, else by name). */
export interface ListenerProcess {
  key: string;
  pid: number | null;
  /** Its name, or "pid N" while the name is unknown. */
  name: string;
}

/**
 * Connections per listening TCP port: where the load (or the flood) lands. `platform` is the snapshot's (the
 * machine's, or an opened file's): only Linux puts the accept queue in a listener's Recv-Q; macOS and BSD netstat
 * show the socket buffer's bytes there (0 on a full backlog; the queue is `netstat -L`'s), Windows nothing.
 */
export function listenerLoad(connections: readonly Connection[], platform: string): ListenerLoad[] {
  const queues = platform === 'linux';
  const byPort = new Map<number, ListenerLoad & { remoteSet: Set<string> }>();
  for (const c of connections) {
    if (c.protocol !== 'tcp' || c.state !== 'LISTEN') continue;
    let load = byPort.get(c.localPort);
    if (!load) {
      load = {
        protocol: 'tcp',
        port: c.localPort,
        addresses: [],
        processes: [],
        connections: 0,
        acceptQueue: null,
        states: {},
        distinctRemotes: 0,
        remoteSet: new Set(),
      };
      byPort.set(c.localPort, load);
    }
    // typeof, not !== null: a row from a foreign agent or file may lack the field (undefined would make NaN).
    if (queues && typeof c.rxQueue === 'number') load.acceptQueue = (load.acceptQueue ?? 0) + c.rxQueue;
    if (!load.addresses.includes(c.localAddress)) load.addresses.push(c.localAddress);
    const key = c.pid !== null ? `pid:${c.pid}` : c.processName ? `name:${c.processName}` : null;
    if (key !== null && !load.processes.some((p) => p.key === key))
      load.processes.push({ key, pid: c.pid, name: c.processName ?? `pid ${c.pid}` });
  }
  if (byPort.size === 0) return [];
  const canonicalCache = new Map<string, string | null>();
  for (const c of connections) {
    if (c.protocol !== 'tcp' || c.state === 'LISTEN') continue;
    const load = byPort.get(c.localPort);
    if (!load) continue;
    let canonical = canonicalCache.get(c.remoteAddress);
    if (canonical === undefined) {
      canonical = isUnspecifiedAddress(c.remoteAddress) ? null : canonicalAddress(c.remoteAddress);
      canonicalCache.set(c.remoteAddress, canonical);
    }
    if (canonical === null) continue;
    load.connections++;
    load.states[c.state] = (load.states[c.state] ?? 0) + 1;
    load.remoteSet.add(canonical);
  }
  return [...byPort.values()]
    .map(({ remoteSet, ...load }) => ({ ...load, distinctRemotes: remoteSet.size }))
    .sort((a, b) => b.connections - a.connections || a.port - b.port);
}
