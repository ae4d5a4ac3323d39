/**
 * Remote host names for the optional FQDN column: asked of the engine
 * (api.resolveHost) only for rows on screen, a few at a time, and cached for
 * the page's life. A version number tells the grid to repaint.
 */
import { create } from 'zustand';
import type { NetScopeApi } from '../../shared/api';

interface FqdnState {
  version: number;
  names: Map<string, string | null>;
}

export const useFqdn = create<FqdnState>()(() => ({ version: 0, names: new Map() }));

const UNRESOLVABLE = new Set(['', '*', '0.0.0.0', '::', '::0']);
const MAX_IN_FLIGHT = 4;
const inFlight = new Set<string>();
const queue: string[] = [];

export function fqdnOf(address: string): string {
  return useFqdn.getState().names.get(address) ?? '';
}

export function rememberFqdn(address: string, name: string | null): void {
  useFqdn.setState((s) => {
    const names = new Map(s.names);
    names.set(address, name);
    return { names, version: s.version + 1 };
  });
}

function pump(api: NetScopeApi): void {
  while (inFlight.size < MAX_IN_FLIGHT && queue.length > 0) {
    const address = queue.shift() as string;
    inFlight.add(address);
    void api
      .resolveHost(address)
      .then((r) => rememberFqdn(address, r.ok ? r.value : null))
      .catch(() => rememberFqdn(address, null))
      .finally(() => {
        inFlight.delete(address);
        pump(api);
      });
  }
}

/** Queues the addresses not yet known or asked; only the latest screenful waits, older requests are dropped. */
export function resolveVisible(api: NetScopeApi, addresses: Iterable<string>): void {
  const names = useFqdn.getState().names;
  queue.length = 0;
  for (const a of new Set(addresses)) {
    if (UNRESOLVABLE.has(a) || names.has(a) || inFlight.has(a)) continue;
    queue.push(a);
  }
  pump(api);
}
