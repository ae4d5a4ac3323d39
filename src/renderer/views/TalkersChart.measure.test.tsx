/**
 * The Top talkers chart draws a new refresh without measuring anything in the page: Recharts measured each new time
 * label (to drop those that would touch) and its legend's box, each a layout of the whole page inside the refresh's
 * work (bench/renderer-talkers.mjs). Its axes take the ticks given (interval 0) and its legend is a list of its own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cloneElement, type ReactElement } from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { TalkersChart } from './TalkersChart';
import type { ChartPoint } from './talkers';

// WHY: ResponsiveContainer measures its parent, which has no size in a test DOM; give the chart a fixed one.
vi.mock('recharts', async (importOriginal) => {
  const real = await importOriginal<typeof import('recharts')>();
  return {
    ...real,
    ResponsiveContainer: ({ children }: { children: ReactElement }) =>
      cloneElement(children, { width: 600, height: 158 } as never),
  };
});

const series = [
  { key: 'pid:1', label: 'zsync (1)' },
  { key: 'pid:2', label: 'curl (2)' },
];

/** `n` refreshes two seconds apart from 10:00:00 local time, pid 1 busier than pid 2. */
function points(n: number): ChartPoint[] {
  const start = new Date(2026, 0, 1, 10, 0, 0).getTime();
  return Array.from({ length: n }, (_, i) => ({ t: start + 2000 * i, 'pid:1': 1000 * (i + 2), 'pid:2': 500 }));
}

afterEach(() => vi.restoreAllMocks());

const timeLabels = (container: HTMLElement): (string | null)[] =>
  [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent);

describe('TalkersChart', () => {
  it('draws a new refresh with nothing measured in the page', async () => {
    const { container, rerender } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    const line = () => container.querySelector('path.recharts-curve')?.getAttribute('d');
    await waitFor(() => expect(line()).toBeTruthy());
    const measured = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    // A browser's getTotalLength lays the page out when it is dirty: Recharts' Line read it in each render.
    const pathLength = vi.spyOn(SVGGeometryElement.prototype, 'getTotalLength');
    for (const n of [11, 12]) {
      const before = line();
      rerender(<TalkersChart points={points(n)} series={series} label="rates" />);
      await waitFor(() => expect(line()).not.toBe(before));
    }
    expect(measured).not.toHaveBeenCalled();
    expect(pathLength).not.toHaveBeenCalled();
  });

  it('draws each series once, in its stroke, on a rate axis that reaches its busiest sample', async () => {
    const { container } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    await waitFor(() => expect(container.querySelectorAll('path.recharts-curve')).toHaveLength(2));
    const strokes = [...container.querySelectorAll('path.recharts-curve')].map((p) => p.getAttribute('stroke'));
    expect(strokes).toEqual(['#2f80ed', '#27ae60']);
    // The rate axis reaches the busiest sample (pid 1's 11000 B/s): the hidden Lines still give its domain.
    const rates = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent);
    expect(rates.length).toBeGreaterThan(1);
    expect(rates.at(-1)).not.toBe('0 B/s');
  });

  it('labels the time axis at its start, middle and end, the ends inside the plot', async () => {
    const { container } = render(<TalkersChart points={points(11)} series={series} label="rates" />);
    await waitFor(() => expect(timeLabels(container)).toEqual(['10:00:00', '10:00:10', '10:00:20']));
    const anchors = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) =>
      t.getAttribute('text-anchor'),
    );
    expect(anchors).toEqual(['start', 'middle', 'end']);
  });

  it('names its lines busiest first, each with its line', () => {
    render(<TalkersChart points={points(3)} series={series} label="rates" />);
    const items = [...screen.getByTestId('talkers-legend').querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual(['zsync (1)', 'curl (2)']);
    expect(items[1]?.querySelector('line')?.getAttribute('stroke-dasharray')).toBe('10 4');
  });
});
