/**
 * Rows for the packing tests (wire-pack.test.ts and wire-edges.test.ts). Test data only: the mutation runs
 * leave *.fixtures.ts out (stryker.config.mjs).
 */
import { blankConnection, type Connection } from './model';

/**
 * n established TCP rows with ids c0, c1, ..., distinct local ports and distinct remote addresses (so those
 * columns stay inline), every other field as blankConnection leaves it; `extra(i)` adds or overrides fields
 * of row i, fields a Connection does not have included.
 */
export function numberedRows(n: number, extra: (i: number) => Record<string, unknown>): Connection[] {
  return Array.from({ length: n }, (_, i) => ({
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 1000 + i,
      remoteAddress: `10.1.${i >> 8}.${i & 255}`,
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id: `c${i}`,
    ...extra(i),
  })) as Connection[];
}
