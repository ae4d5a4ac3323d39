/**
 * The benchmarks' wait for painted diffs (bench/renderer.mjs paintedDiffRecords) ends: with the records once the
 * page's probe stamps them, or with an error saying so at its deadline. diff-css-probe.mjs waited on the page's
 * waiters with no bound (a serve that died hung it for ever); it now waits through this.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { paintedDiffRecords } from '../bench/renderer.mjs';

interface Msg {
  kind: string;
  paint: number | null;
  t0: number;
}
interface Bench {
  msgs: Msg[];
  paintedDiffs: number;
  waiters: Set<() => void>;
}

const global = globalThis as { window?: { __bench: Bench } };

/** A page whose evaluate() runs the function here, against a window.__bench as renderer-page.mjs keeps it. */
function fakePage(): { page: { evaluate: (fn: (arg: unknown) => unknown, arg: unknown) => unknown }; bench: Bench } {
  const bench: Bench = { msgs: [], paintedDiffs: 0, waiters: new Set() };
  global.window = { __bench: bench };
  return { page: { evaluate: async (fn, arg) => fn(arg) }, bench };
}

/** What the probe does when a diff's frame is painted. */
function paint(bench: Bench, t0: number): void {
  bench.msgs.push({ kind: 'diff', paint: t0 + 5, t0 });
  bench.paintedDiffs++;
  for (const waiter of [...bench.waiters]) waiter();
}

afterEach(() => {
  delete global.window;
});

describe('paintedDiffRecords', () => {
  it('gives up at its deadline with an error that says so, and leaves no waiter behind', async () => {
    const { page, bench } = fakePage();
    const started = Date.now();
    await expect(paintedDiffRecords(page, 1, 50)).rejects.toThrow('1 diffs not painted in 50 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(bench.waiters.size).toBe(0);
  });

  it('returns the painted diffs once the page has them', async () => {
    const { page, bench } = fakePage();
    const waiting = paintedDiffRecords(page, 2, 5000);
    await Promise.resolve();
    paint(bench, 10);
    paint(bench, 20);
    await expect(waiting).resolves.toEqual([
      { kind: 'diff', paint: 15, t0: 10 },
      { kind: 'diff', paint: 25, t0: 20 },
    ]);
    expect(bench.waiters.size).toBe(0);
  });
});

describe('diff-css-probe.mjs', () => {
  it('waits for each diff through the bounded wait, not an unbounded one of its own', () => {
    const source = readFileSync(new URL('../bench/diff-css-probe.mjs', import.meta.url), 'utf8');
    expect(source).toMatch(/paintedDiffRecords\(page, 1, DIFF_WAIT_MS\)/);
    expect(source).not.toMatch(/waiters\.add/);
  });
});
