/** Status-bar counts: sockets per protocol label and per state (stateless UDP/raw not counted as a state). */
import { protocolLabel, type Connection } from '../../shared/model';

const PROTOCOLS = ['tcp', 'tcp6', 'udp', 'udp6'];

export interface ConnectionCounts {
  byProtocol: Map<string, number>;
  byState: Map<string, number>;
}

export function countConnections(connections: readonly Connection[]): ConnectionCounts {
  const byProtocol = new Map<string, number>(PROTOCOLS.map((p) => [p, 0]));
  const byState = new Map<string, number>();
  for (const c of connections) {
    const p = protocolLabel(c);
    byProtocol.set(p, (byProtocol.get(p) ?? 0) + 1);
    if (c.state !== 'NONE') byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
  }
  return { byProtocol, byState };
}
