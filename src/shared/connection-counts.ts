/**
 * Status-bar counts: sockets per protocol label and per state (stateless UDP/raw not counted as a state).
 * Shared: the page keeps them per diff (renderer/store), and the server sends them with a snapshot's first
 * screenful (wire-head.ts), so the status bar shows the whole count before the rest arrives.
 */
import { protocolLabel, type Connection } from './model';

const PROTOCOLS = ['tcp', 'tcp6', 'udp', 'udp6'];

export interface ConnectionCounts {
  byProtocol: Map<string, number>;
  byState: Map<string, number>;
}

function add(counts: ConnectionCounts, c: Connection, by: 1 | -1): void {
  const p = protocolLabel(c);
  const np = (counts.byProtocol.get(p) ?? 0) + by;
  if (np === 0 && !PROTOCOLS.includes(p)) counts.byProtocol.delete(p);
  else counts.byProtocol.set(p, np);
  // TCP's states only: UNIX sockets are counted apart (their states are not TCP's, though named alike), and a
  // connected UDP socket's ESTABLISHED (as netstat prints it) is no TCP connection.
  if (c.state === 'NONE' || c.protocol !== 'tcp') return;
  const n = (counts.byState.get(c.state) ?? 0) + by;
  // A state nobody is in any more leaves the list, as a fresh count would.
  if (n === 0) counts.byState.delete(c.state);
  else counts.byState.set(c.state, n);
}

export function countConnections(connections: readonly Connection[]): ConnectionCounts {
  const counts: ConnectionCounts = { byProtocol: new Map(PROTOCOLS.map((p) => [p, 0])), byState: new Map() };
  for (const c of connections) add(counts, c, 1);
  return counts;
}

/**
 * The counts after a refresh, from the rows that left and entered the
 * snapshot: O(changes) instead of a 100k-row recount per diff. A new object,
 * so the status bar re-renders.
 */
export function updateCounts(
  counts: ConnectionCounts,
  left: readonly Connection[],
  entered: readonly Connection[],
): ConnectionCounts {
  const next: ConnectionCounts = { byProtocol: new Map(counts.byProtocol), byState: new Map(counts.byState) };
  // Indexed loops: run once a refresh, mostly unoptimised, where for-of makes an iterator result per row.
  for (let i = 0; i < left.length; i++) add(next, left[i] as Connection, -1);
  for (let i = 0; i < entered.length; i++) add(next, entered[i] as Connection, 1);
  return next;
}
