/**
 * Generated connections for the renderer benchmark (`netscope serve
 * --synthetic 100000`): the real backend, server and UI under a load this
 * machine cannot produce with real sockets in a browser test. Every refresh
 * changes `churn` of the rows: a third closed, a third opened, a third change
 * state. Never used unless that flag is given; the snapshot says so.
 */
import { blankConnection, TCP_STATES, type Connection } from '../../shared/model';
import { notCollected } from './not-collected';
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
  // WHY rows and not states: an unchanged socket keeps its row object from one refresh to the next, as the
  // Linux netlink engine does. Making 100k fresh rows cost ~60-90 ms of the server's event loop per
  // refresh, which the renderer benchmark then counted against the page sharing the cores.
  const live = new Map<number, Connection>();
  for (; next < rows; next++) live.set(next, makeConnection(next, 'ESTABLISHED'));
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
        for (let i = 0; i < changes; i++, next++) live.set(next, makeConnection(next, 'SYN_RECV'));
        let changed = 0;
        for (const [k, row] of live) {
          if (changed >= changes) break;
          if (row.state === 'ESTABLISHED' && k % 7 === tick % 7) {
            live.set(k, makeConnection(k, 'CLOSE_WAIT'));
            changed++;
          }
        }
      }
      return {
        data: [...live.values()],
        warnings: [`synthetic load: ${rows} generated connections (benchmark mode, not this machine's sockets)`],
      };
    },
  };
  return {
    platform: 'synthetic',
    connections,
    routes: notCollected('routes', []),
    interfaces: notCollected('interfaces', []),
    protocolStats: notCollected('protocol-stats', {}),
    processInfo: async () => null,
  };
}
