/** Which connections a CLI command shows: -p, -l and --filter. */
import { compileFilter } from '../../shared/filter';
import { protocolLabel, type Connection } from '../../shared/model';
import type { ProtocolFilter } from './args';

export interface Selection {
  protocol: ProtocolFilter | null;
  listeningOnly: boolean;
  filter: string | null;
}

export function selectConnections(connections: readonly Connection[], selection: Selection): Connection[] {
  const matches = selection.filter ? compileFilter(selection.filter) : null;
  return connections.filter(
    (c) =>
      (selection.protocol === null || protocolLabel(c) === selection.protocol) &&
      (!selection.listeningOnly || c.state === 'LISTEN' || (c.protocol === 'udp' && c.remotePort === 0)) &&
      (matches === null || matches(c)),
  );
}
