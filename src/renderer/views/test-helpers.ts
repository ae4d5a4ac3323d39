/** Tiny builders shared by this folder's unit tests (not imported by the app). */
import { blankConnection, type Connection, type SocketState } from '../../shared/model';

export function tcp(
  local: string,
  localPort: number,
  remote: string,
  remotePort: number,
  state: SocketState,
  extra: Partial<Connection> = {},
): Connection {
  const family = local.includes(':') ? 6 : 4;
  return blankConnection({
    protocol: 'tcp',
    family,
    localAddress: local,
    localPort,
    remoteAddress: remote,
    remotePort,
    state,
    ...extra,
  });
}

export function udp(
  local: string,
  localPort: number,
  remote = '*',
  remotePort = 0,
  extra: Partial<Connection> = {},
): Connection {
  const family = local.includes(':') ? 6 : 4;
  return blankConnection({
    protocol: 'udp',
    family,
    localAddress: local,
    localPort,
    remoteAddress: remote,
    remotePort,
    state: 'NONE',
    ...extra,
  });
}

/** The item at index, failing the test (not the type checker) when absent. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index} of ${items.length}`);
  return item;
}
