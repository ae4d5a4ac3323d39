/** Test helpers: collectors that answer at once with fixed data, for backend tests that need a platform. */
import type { PlatformCollectors } from '../collectors/types';

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
