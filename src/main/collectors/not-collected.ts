/**
 * A collector that reads nothing and answers `data` at once: what stands in for a source a command or a mode does
 * not read (`netscope -r` has no socket table; the synthetic benchmark source has no routes), so the snapshot keeps
 * its shape and nothing waits.
 */
import type { Collector } from './types';

export function notCollected<T>(name: string, data: T): Collector<T> {
  return { name, collect: async () => ({ data, warnings: [] }) };
}
