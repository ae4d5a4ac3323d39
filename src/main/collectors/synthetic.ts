/**
 * Generated connections for the renderer benchmark (`netscope serve
 * --synthetic 100000`): the real backend, server and UI under a load this
 * machine cannot produce with real sockets in a browser test. Every refresh
 * changes `churn` of the rows: a third closed, a third opened, a third change
 * state. Never used unless that flag is given; the snapshot says so.
 */
import { blankConnection, TCP_STATES, type Connection } from '../../shared/model';
import type { Collector, PlatformCollectors } from './types';

function makeConnection(n: number, state: (typeof TCP_STATES)[number]): Connection {
  const a = (n >> 16) & 255;
  const b = (n >> 8) & 255;
  const c = n & 255;
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 1024 + (n % 60000),
    remoteAddress: `10.${a}.${b}.${c}`,
    remotePort: 443,
    state,
    pid: 1000 + (n % 500),
    processName: `worker-${n % 500}`,
    exePath: `/opt/synthetic/bin/worker-${n % 500}`,
    user: 'bench',
    inode: 1_000_000 + n,
  });
}

export function createSyntheticCollectors(rows: number, churn: number): PlatformCollectors {
  let next = 0;
  const live = new Map<number, (typeof TCP_STATES)[number]>();
  for (; next < rows; next++) live.set(next, 'ESTABLISHED');
  let tick = 0;
  const connections: Collector<Connection[]> = {
    name: 'connections',
    async collect() {
      if (tick++ > 0) {
        const changes = Math.max(1, Math.round((rows * churn) / 3));
        const keys = live.keys();
        for (let i = 0; i < changes; i++) {
          const k = keys.next();
          if (!k.done) live.delete(k.value);
        }
        for (let i = 0; i < changes; i++) live.set(next++, 'SYN_RECV');
        let changed = 0;
        for (const [k, state] of live) {
          if (changed >= changes) break;
          if (state === 'ESTABLISHED' && k % 7 === tick % 7) {
            live.set(k, 'CLOSE_WAIT');
            changed++;
          }
        }
      }
      const data: Connection[] = [];
      for (const [n, state] of live) data.push(makeConnection(n, state));
      return {
        data,
        warnings: [`synthetic load: ${rows} generated connections (benchmark mode, not this machine's sockets)`],
      };
    },
  };
  const empty = <T>(name: string, data: T): Collector<T> => ({ name, collect: async () => ({ data, warnings: [] }) });
  return {
    platform: 'synthetic',
    connections,
    routes: empty('routes', []),
    interfaces: empty('interfaces', []),
    protocolStats: empty('protocol-stats', {}),
    processInfo: async () => null,
  };
}
