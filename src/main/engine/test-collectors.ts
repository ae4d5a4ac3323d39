/**
 * Test helpers: collectors that answer at once with fixed data, for backend tests that need a platform, and the
 * loopback listener those tests collect.
 */
import { blankConnection, type Connection } from '../../shared/model';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';

/** A collector that answers `data` with no warning. */
export const fixedCollector = <T>(name: string, data: T) => ({ name, collect: async () => ({ data, warnings: [] }) });

/** A platform whose collectors find nothing and which offers no optional feature (no engine choice, no templates). */
export function emptyPlatform(platform: PlatformCollectors['platform']): PlatformCollectors {
  return {
    platform,
    connections: fixedCollector('connections', []),
    routes: fixedCollector('routes', []),
    interfaces: fixedCollector('interfaces', []),
    protocolStats: fixedCollector('protocol-stats', {}),
    processInfo: async () => null,
  };
}

/**
 * The 'test' platform with nothing but connections: each collection answers what `rows()` returns then (so a test
 * chooses fresh rows, copies or the same objects every time), and processInfo looks the pid up in `processes`.
 */
export function platformWithConnections(
  rows: () => Connection[],
  processes: Record<number, ProcessInfo> = {},
): PlatformCollectors {
  return {
    ...emptyPlatform('test'),
    connections: { name: 'connections', collect: async () => ({ data: rows(), warnings: [] }) },
    processInfo: async (pid) => processes[pid] ?? null,
  };
}

/** A TCP socket listening on 127.0.0.1:`port` (no peer); `fields` gives it an owner or changes the rest. */
export function loopbackListener(port: number, fields: Partial<Connection> = {}): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    ...fields,
  });
}
