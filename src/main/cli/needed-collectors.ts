/**
 * Collect only what the chosen views show: `netscope -r` reads the routes and
 * nothing else (no socket table, no owner scan, no worker for them), `-s` only
 * the protocol counters. The others are replaced by collectors that return
 * nothing at once, so the snapshot keeps its shape.
 */
import { notCollected } from '../collectors/not-collected';
import type { PlatformCollectors } from '../collectors/types';
import type { View } from './args';

export function collectorsForViews(platform: PlatformCollectors, views: readonly View[]): PlatformCollectors {
  const wants = (view: View) => views.includes(view);
  return {
    ...platform,
    connections: wants('connections') ? platform.connections : notCollected('connections', []),
    routes: wants('routes') ? platform.routes : notCollected('routes', []),
    interfaces: wants('interfaces') ? platform.interfaces : notCollected('interfaces', []),
    protocolStats: wants('stats') ? platform.protocolStats : notCollected('protocol-stats', {}),
    unixSockets: wants('unix') ? platform.unixSockets : undefined,
  };
}
