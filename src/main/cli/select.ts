/** Which connections a CLI command shows: -t -u -w -4 -6 -p, -l and --filter. */
import { compileFilter } from '../../shared/filter';
import type { Connection } from '../../shared/model';
import type { SocketKind } from './args';

export interface Selection {
  /** The kinds of socket kept; null keeps every kind. */
  sockets: readonly SocketKind[] | null;
  listeningOnly: boolean;
  filter: string | null;
}

/** Listening: TCP LISTEN, or a UDP/raw socket without a peer (netstat -l lists those too). */
export function isListening(c: Connection): boolean {
  return c.state === 'LISTEN' || (c.protocol !== 'tcp' && c.remotePort === 0);
}

export function selectConnections(connections: readonly Connection[], selection: Selection): Connection[] {
  const matches = selection.filter ? compileFilter(selection.filter) : null;
  const kinds = selection.sockets;
  return connections.filter(
    (c) =>
      (kinds === null || kinds.some((k) => k.protocol === c.protocol && k.family === c.family)) &&
      (!selection.listeningOnly || isListening(c)) &&
      (matches === null || matches(c)),
  );
}
