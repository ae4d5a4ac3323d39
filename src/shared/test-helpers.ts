/**
 * Row builders for tests (src/shared's, and through their own helpers the metrics and renderer tests'); not imported
 * by the app. The mutation runs leave test-helpers.ts out (stryker.config.mjs).
 */
import { blankConnection, type Connection, type SocketState } from './model';

/** A TCP row from local to remote (IPv6 where the local address has a colon), with no owner unless `fields` gives one. */
export function tcpRow(
  local: string,
  localPort: number,
  remote: string,
  remotePort: number,
  state: SocketState,
  fields: Partial<Connection> = {},
): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: local.includes(':') ? 6 : 4,
    localAddress: local,
    localPort,
    remoteAddress: remote,
    remotePort,
    state,
    ...fields,
  });
}

/** The same row over UDP. */
export const udpRow: typeof tcpRow = (local, localPort, remote, remotePort, state, fields = {}) =>
  tcpRow(local, localPort, remote, remotePort, state, { protocol: 'udp', ...fields });
