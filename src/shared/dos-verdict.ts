/**
 * The DoS verdict, one rule set for the exporter and the app's DoS view
 * (engineer G wrote it for the exporter; it moved here so both share it):
 * - only connections that cost a server something count: inbound TCP (the
 *   local port is one this host listens on) in SYN_RECV, ESTABLISHED or a
 *   closing state that still holds the server's side (TIME_WAIT does not:
 *   no process holds it, the kernel keeps a small bucket);
 * - peers on this machine (loopback, its own addresses) are counted apart:
 *   shown, never alarmed, so a quiet host's 1,000 loopback TIME_WAIT rows or
 *   a local proxy never raise it;
 * - a share means something only above a minimum number of connections.
 * Pure: no Node, no clock; the caller says which addresses are this machine's
 * and how to read a peer's address (the exporter's PeerCache, or peerOf here).
 */
import { canonicalAddress, isLoopbackAddress } from './addresses';
import { hasNoPeer } from './columns';
import { DEFAULT_DOS_RULES, type DosRules } from './dos-rules';
import type { Connection, SocketState } from './model';

export { DEFAULT_DOS_RULES, type DosRules } from './dos-rules';

/** A remote address as the verdict needs it: one text per address (v4-mapped unwrapped), and whether it is loopback. */
export interface PeerInfo {
  address: string;
  loopback: boolean;
}

export interface PeerLookup {
  get(text: string): PeerInfo;
}

/** A PeerLookup over the shared address code, remembering each text it has seen (for one snapshot's worth). */
export function peerLookup(): PeerLookup {
  const cache = new Map<string, PeerInfo>();
  return {
    get(text) {
      let peer = cache.get(text);
      if (!peer) {
        const address = canonicalAddress(text);
        peer = { address, loopback: isLoopbackAddress(address) };
        cache.set(text, peer);
      }
      return peer;
    },
  };
}

/**
 * This machine's own addresses as a snapshot shows them: every socket's local
 * address is one (a listener on the wildcard says nothing, so it is left out).
 */
export function ownAddressesOf(connections: readonly Connection[], peers: PeerLookup): Set<string> {
  const own = new Set<string>();
  for (const c of connections) {
    if (c.localAddress === '' || c.localAddress === '*' || c.localAddress === '0.0.0.0' || c.localAddress === '::')
      continue;
    own.add(peers.get(c.localAddress).address);
  }
  return own;
}

/** States in which an inbound connection holds server resources (a backlog slot, a process's socket). */
export const COSTLY_STATES: ReadonlySet<SocketState> = new Set<SocketState>([
  'SYN_RECV',
  'ESTABLISHED',
  'CLOSE_WAIT',
  'LAST_ACK',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSING',
]);

export interface DosVerdict {
  /** Costly inbound connections from other machines (the share's denominator). */
  remoteInbound: number;
  /** Costly inbound connections from this machine: shown, not alarmed. */
  localInbound: number;
  /** SYN_RECV sockets from other machines / from this machine. */
  remoteSynRecv: number;
  localSynRecv: number;
  /** The remote address holding the most costly inbound connections, or null when there are none. */
  topRemote: { address: string; connections: number; share: number } | null;
  synFlood: boolean;
  dominantRemote: boolean;
  /** Why each alarm is raised, in words (empty when none is). */
  reasons: string[];
}

export function dosVerdict(
  connections: readonly Connection[],
  peers: PeerLookup,
  ownAddresses: ReadonlySet<string>,
  rules: DosRules = DEFAULT_DOS_RULES,
): DosVerdict {
  const listeningPorts = new Set<number>();
  for (const c of connections) if (c.protocol === 'tcp' && c.state === 'LISTEN') listeningPorts.add(c.localPort);

  const perRemote = new Map<string, number>();
  let remoteInbound = 0;
  let localInbound = 0;
  let remoteSynRecv = 0;
  let localSynRecv = 0;
  for (const c of connections) {
    if (c.protocol !== 'tcp' || !COSTLY_STATES.has(c.state) || hasNoPeer(c)) continue;
    // A SYN_RECV socket is inbound by definition, even if its listener was not seen (another namespace, a race).
    const synRecv = c.state === 'SYN_RECV';
    if (!synRecv && !listeningPorts.has(c.localPort)) continue;
    const peer = peers.get(c.remoteAddress);
    const local = !rules.alarmLocalPeers && (peer.loopback || ownAddresses.has(peer.address));
    if (local) {
      localInbound++;
      if (synRecv) localSynRecv++;
      continue;
    }
    remoteInbound++;
    if (synRecv) remoteSynRecv++;
    perRemote.set(peer.address, (perRemote.get(peer.address) ?? 0) + 1);
  }

  let topRemote: DosVerdict['topRemote'] = null;
  for (const [address, count] of perRemote) {
    if (topRemote === null || count > topRemote.connections) topRemote = { address, connections: count, share: 0 };
  }
  if (topRemote) topRemote.share = topRemote.connections / remoteInbound;

  const reasons: string[] = [];
  const synFlood = remoteSynRecv > rules.synRecv;
  if (synFlood)
    reasons.push(`${remoteSynRecv} half-open connections (SYN_RECV) from other hosts exceed ${rules.synRecv}`);
  const dominantRemote = topRemote !== null && remoteInbound >= rules.minConnections && topRemote.share > rules.share;
  if (dominantRemote && topRemote) {
    reasons.push(
      `${topRemote.address} holds ${topRemote.connections} of ${remoteInbound} inbound connections ` +
        `(${(topRemote.share * 100).toFixed(1)}% > ${rules.share * 100}%, at least ${rules.minConnections} counted)`,
    );
  }
  return { remoteInbound, localInbound, remoteSynRecv, localSynRecv, topRemote, synFlood, dominantRemote, reasons };
}
