/**
 * Every rate chart draws its samples as they are: a one-refresh burst is one flat bar over the interval it was
 * measured in, with no curve between samples (a smoothed curve made it a bell over two intervals). Checked on the
 * path drawn (Recharts' for the interface card, TalkersChart's own for Top talkers and the process panel).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cloneElement, type ReactElement } from 'react';
import { render, waitFor } from '@testing-library/react';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { ProcessTraffic } from '../panels/ProcessTraffic';
import { RateChart } from './RateChart';
import { TalkersChart } from './TalkersChart';
import { rsyncSending, stubObservedWidth, trafficSnapshot } from './test-helpers';

// WHY: ResponsiveContainer measures its parent, which has no size in a test DOM; give the chart a fixed one.
vi.mock('recharts', async (importOriginal) => {
  const real = await importOriginal<typeof import('recharts')>();
  return {
    ...real,
    ResponsiveContainer: ({ children }: { children: ReactElement }) =>
      cloneElement(children, { width: 400, height: 150 } as never),
  };
});

// TalkersChart (Top talkers, the process panel) takes its width from a ResizeObserver: say 400 px, as above.
beforeEach(() => stubObservedWidth(vi.stubGlobal, 400));
afterEach(() => vi.unstubAllGlobals());

/** A burst in the third of five refreshes (one a second), nothing before or after. */
const SPIKE = [0, 0, 1000, 0, 0];

/** The corners of a path of straight segments; null when it has a curve (C, S, Q, T) or an arc. */
function corners(d: string): [number, number][] | null {
  const out: [number, number][] = [];
  for (const [, command, args] of d.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const n = (args ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (command === 'M' || command === 'L')
      for (let i = 0; i + 1 < n.length; i += 2) out.push([n[i] ?? NaN, n[i + 1] ?? NaN]);
    else if (command !== 'Z') return null;
  }
  return out;
}

/** The stroke of each series (the area's fill path is closed with Z; the line is not). */
function lines(container: HTMLElement): string[] {
  return [...container.querySelectorAll('path.recharts-curve, path.nsv-chart-line')]
    .map((p) => p.getAttribute('d') ?? '')
    .filter((d) => d !== '' && !d.includes('Z'));
}

/** The burst drawn as it was measured: flat over the one interval before its sample, 0 everywhere else. */
function expectOneBar(d: string | undefined): void {
  const points = corners(d ?? '');
  if (points === null) throw new Error(`not straight segments only: ${d}`);
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const left = Math.min(...xs);
  const step = (Math.max(...xs) - left) / (SPIKE.length - 1);
  const top = Math.min(...ys);
  // Two heights only (0 and the burst): nothing in between, nothing past either.
  expect(new Set(ys.map((y) => y.toFixed(3))).size).toBe(2);
  const atTop = points.filter(([, y]) => y === top).map(([x]) => x);
  expect(Math.min(...atTop)).toBeCloseTo(left + step, 3);
  expect(Math.max(...atTop)).toBeCloseTo(left + 2 * step, 3);
}

describe('rate charts draw the samples as they are', () => {
  it('interface card: rx and tx', () => {
    const points = SPIKE.map((v, i) => ({
      seq: i,
      t: 1000 * i,
      rxBytesPerSec: v,
      txBytesPerSec: v * 2,
      rxPacketsPerSec: 0,
      txPacketsPerSec: 0,
    }));
    const { container } = render(<RateChart points={points} from={0} to={4000} />);
    const drawn = lines(container);
    expect(drawn).toHaveLength(2);
    for (const d of drawn) expectOneBar(d);
  });

  it('Top talkers: each series', async () => {
    const points = SPIKE.map((v, i) => ({ t: 1000 * i, a: v, b: v / 2 }));
    const series = [
      { key: 'a', label: 'a' },
      { key: 'b', label: 'b' },
    ];
    const { container } = render(<TalkersChart points={points} series={series} label="talkers" />);
    await waitFor(() => expect(lines(container)).toHaveLength(2));
    for (const d of lines(container)) expectOneBar(d);
  });

  it("the process panel's chart", async () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    let sent = 0;
    const snapshots = SPIKE.map((rate, i) => {
      sent += rate;
      const c = rsyncSending(sent, rate);
      return trafficSnapshot(i + 1, [c]);
    });
    for (const s of snapshots) store.getState().history.record(s);
    store.setState({ snapshot: snapshots[snapshots.length - 1] ?? null });
    const { container } = render(
      <StoreProvider store={store}>
        <ProcessTraffic pid={31} />
      </StoreProvider>,
    );
    // The chart is loaded lazily.
    await waitFor(() => expect(lines(container)).toHaveLength(1));
    expectOneBar(lines(container)[0]);
  });
});
