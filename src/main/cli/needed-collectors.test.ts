import { describe, expect, it } from 'vitest';
import type { Collector, PlatformCollectors } from '../collectors/types';
import { collectSnapshot } from '../engine/collect';
import type { View } from './args';
import { collectorsForViews } from './needed-collectors';

/** A platform whose collectors count their calls. */
function countingPlatform() {
  const calls: Record<string, number> = {};
  const counting = <T>(name: string, data: T): Collector<T> => ({
    name,
    collect: async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return { data, warnings: [`${name} warning`] };
    },
  });
  const platform: PlatformCollectors = {
    platform: 'test',
    connections: counting('connections', []),
    routes: counting('routes', []),
    interfaces: counting('interfaces', []),
    protocolStats: counting('protocol-stats', {}),
    processInfo: async () => null,
  };
  return { platform, calls };
}

describe('collecting only what the views show', () => {
  const cases: [View[], string[]][] = [
    [['routes'], ['routes']],
    [['interfaces'], ['interfaces']],
    [['stats'], ['protocol-stats']],
    [
      ['interfaces', 'stats'],
      ['interfaces', 'protocol-stats'],
    ],
    [['connections'], ['connections']],
  ];
  for (const [views, expected] of cases) {
    it(`${views.join(' + ')} calls ${expected.join(' and ')} only`, async () => {
      const { platform, calls } = countingPlatform();
      const snapshot = await collectSnapshot(collectorsForViews(platform, views), { seq: 1, timeoutMs: 1000 });
      expect(Object.keys(calls).sort()).toEqual([...expected].sort());
      // The snapshot keeps its shape: every collector reports, the skipped ones with nothing to say.
      expect(snapshot.collectors.map((c) => c.name).sort()).toEqual(
        ['connections', 'interfaces', 'protocol-stats', 'routes'].sort(),
      );
      const warned = snapshot.collectors.filter((c) => c.warnings.length > 0).map((c) => c.name);
      expect(warned.sort()).toEqual([...expected].sort());
    });
  }
});
