/** Connections for the metrics tests and the cardinality bench. */
import type { Connection, SocketState } from '../../shared/model';
import { tcpRow } from '../../shared/test-helpers';

export function tcp(
  local: string,
  localPort: number,
  remote: string,
  remotePort: number,
  state: SocketState,
  owner: { pid: number; name: string } | null = { pid: 100, name: 'srv' },
): Connection {
  return tcpRow(local, localPort, remote, remotePort, state, {
    pid: owner?.pid ?? null,
    processName: owner?.name ?? null,
  });
}

export function listener(port: number, name = 'srv', address = '0.0.0.0'): Connection {
  return tcp(address, port, address.includes(':') ? '::' : '0.0.0.0', 0, 'LISTEN', { pid: 100, name });
}

/**
 * A large host: `remotes` distinct peers (10.x.y.z, one connection each, spread
 * over /24s) talking to `processes` distinct processes, plus one listener each.
 */
export function manyPeers(remotes: number, processes: number): Connection[] {
  const rows: Connection[] = [];
  for (let p = 0; p < processes; p++) rows.push(listener(10_000 + p, `worker-${p}`));
  for (let n = 0; n < remotes; n++) {
    const p = n % processes;
    const remote = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    rows.push(
      tcp('10.0.0.1', 10_000 + p, remote, 40_000 + (n % 20_000), n % 10 === 0 ? 'SYN_RECV' : 'ESTABLISHED', {
        pid: 1000 + p,
        name: `worker-${p}`,
      }),
    );
  }
  return rows;
}
