/**
 * The DoS verdict as the exporter reports it, by issue 10's rules (the
 * renderer's DoS view predates them and lives in src/renderer):
 * - only connections that cost a server something count: inbound TCP (the
 *   local port is one this host listens on) in SYN_RECV, ESTABLISHED or a
 *   closing state that still holds the server's side (TIME_WAIT does not:
 *   no process holds it, the kernel keeps a small bucket);
 * - peers on this machine (loopback, its own addresses) are counted apart:
 *   shown, never alarmed, so a quiet host's 1,000 loopback TIME_WAIT rows or
 *   a local proxy never raise it;
 * - a share means something only above a minimum number of connections.
 * Pure: no Node, no clock; the caller says which addresses are this machine's.
 */
import type { Connection, SocketState } from '../../shared/model';
import { DEFAULT_DOS_RULES, type DosRules } from './defaults';
import { increment } from './top-n';
import { isWildcardRemote, type PeerCache } from './peers';

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
  peers: PeerCache,
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
    if (c.protocol !== 'tcp' || !COSTLY_STATES.has(c.state) || isWildcardRemote(c.remoteAddress)) continue;
    // A SYN_RECV socket is inbound by definition, even if its listener was not seen (another namespace, a race).
    const synRecv = c.state === 'SYN_RECV';
    if (!synRecv && !listeningPorts.has(c.localPort)) continue;
    const peer = peers.get(c.remoteAddress);
    const local = peer.loopback || ownAddresses.has(peer.address);
    if (local) {
      localInbound++;
      if (synRecv) localSynRecv++;
      continue;
    }
    remoteInbound++;
    if (synRecv) remoteSynRecv++;
    increment(perRemote, peer.address);
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
