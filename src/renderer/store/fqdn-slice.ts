/**
 * Remote host names for the optional Remote Host column: asked of the engine
 * (api.resolveHost) only for rows on screen, a few at a time, and kept for the
 * page's life. The queue belongs to the store, so two stores (tests, a
 * reconnect) never share one; a new `hostNames` map tells the grid to repaint.
 */
import type { SliceCreator } from './types';

export interface FqdnSlice {
  /** Address -> host name; null when the engine found none (so it is not asked again). */
  hostNames: ReadonlyMap<string, string | null>;
  /** Queues the addresses not yet known or asked; only the latest screenful waits, older requests are dropped. */
  resolveVisible(addresses: Iterable<string>): void;
  /** The context menu's "Look up remote host": asks now and says the answer in a notice. */
  lookUpHost(address: string): Promise<void>;
}

/** Addresses with no host to look up: the wildcard and unspecified addresses. */
const UNRESOLVABLE = new Set(['', '*', '0.0.0.0', '::', '::0']);
const MAX_IN_FLIGHT = 4;

export const createFqdnSlice: SliceCreator<FqdnSlice> = (set, get, api) => {
  const inFlight = new Set<string>();
  let queue: string[] = [];

  const remember = (address: string, name: string | null): void => {
    const hostNames = new Map(get().hostNames);
    hostNames.set(address, name);
    set({ hostNames });
  };

  const pump = (): void => {
    while (inFlight.size < MAX_IN_FLIGHT && queue.length > 0) {
      const address = queue.shift() as string;
      inFlight.add(address);
      void api
        .resolveHost(address)
        .then((r) => remember(address, r.ok ? r.value : null))
        .catch(() => remember(address, null))
        .finally(() => {
          inFlight.delete(address);
          pump();
        });
    }
  };

  return {
    hostNames: new Map(),

    resolveVisible(addresses) {
      const known = get().hostNames;
      queue = [];
      for (const a of new Set(addresses)) {
        if (UNRESOLVABLE.has(a) || known.has(a) || inFlight.has(a)) continue;
        queue.push(a);
      }
      pump();
    },

    async lookUpHost(address) {
      const r = await api.resolveHost(address);
      if (r.ok) remember(address, r.value);
      get().setNotice(
        r.ok
          ? { kind: 'info', text: r.value ? `${address} is ${r.value}` : `${address} has no host name.` }
          : { kind: 'error', text: `Look-up of ${address} failed: ${r.error.message}` },
      );
    },
  };
};
