/**
 * The Top talkers chart draws a new refresh without measuring anything in the page: Recharts measured each new time
 * label (to drop those that would touch) and its legend's box, each a layout of the whole page inside the refresh's
 * work (bench/renderer-talkers.mjs). Its axes take the ticks given (interval 0) and its legend is a list of its own.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TalkersChart } from './TalkersChart';
import type { ChartPoint } from './talkers';
import { stubObservedWidth } from './test-helpers';
import { formatRate } from '../../shared/traffic';

// A test DOM lays nothing out: the chart is told it is 600 px wide, as the browser's ResizeObserver would.
let observer: ReturnType<typeof stubObservedWidth>;
beforeEach(() => {
  observer = stubObservedWidth(vi.stubGlobal, 600);
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

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/**
 * The plot's svg, drawn once the chart has its width. WHY not `svg[aria-hidden]`: the legend's swatches are such svgs
 * from the first render, so a wait for one ended at once and the pointer moved over a swatch when the width came late.
 */
const plotOf = (container: HTMLElement): SVGSVGElement | null => container.querySelector('.nsv-chart-plot > svg');

const timeLabels = (container: HTMLElement): (string | null)[] =>
  [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent);

describe('TalkersChart', () => {
  it('draws a new refresh with nothing measured in the page', async () => {
    const { container, rerender } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    const line = () => container.querySelector('path.nsv-chart-line')?.getAttribute('d');
    await waitFor(() => expect(line()).toBeTruthy());
    const measured = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    // A browser's getTotalLength lays the page out when it is dirty: Recharts' Line read it in each render (it drew
    // this chart before).
    const pathLength = vi.spyOn(SVGGeometryElement.prototype, 'getTotalLength');
    for (const n of [11, 12]) {
      const before = line();
      rerender(<TalkersChart points={points(n)} series={series} label="rates" />);
      await waitFor(() => expect(line()).not.toBe(before));
    }
    expect(measured).not.toHaveBeenCalled();
    expect(pathLength).not.toHaveBeenCalled();
    // Its width is observed once, not again at each refresh.
    expect(observer.observed()).toBe(1);
  });

  it('draws each series once, in its stroke, on a rate axis that reaches its busiest sample', async () => {
    const { container } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    await waitFor(() => expect(container.querySelectorAll('path.nsv-chart-line')).toHaveLength(2));
    const strokes = [...container.querySelectorAll('path.nsv-chart-line')].map((p) => p.getAttribute('stroke'));
    expect(strokes).toEqual(['#2f80ed', '#27ae60']);
    // Five even steps from 0 past the busiest sample (pid 1's 11000 B/s).
    const rates = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent);
    expect(rates).toEqual([0, 3000, 6000, 9000, 12000].map(formatRate));
  });

  it('shows the rates of the refresh under the pointer, busiest first, and hides them when it leaves', async () => {
    const { container } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    await waitFor(() => expect(plotOf(container)).not.toBeNull());
    const svg = plotOf(container) as SVGSVGElement;
    // The plot spans 80..592 px (rate labels on the left); its middle is 9 s into 0..18 s: the refresh at 8 s.
    fireEvent.mouseMove(svg, { clientX: 80 + 512 / 2, clientY: 50 });
    const tooltip = await screen.findByTestId('talkers-tooltip');
    expect([...tooltip.children].map((line) => line.textContent)).toEqual([
      '10:00:08',
      `zsync (1) : ${formatRate(6000)}`,
      `curl (2) : ${formatRate(500)}`,
    ]);
    expect(screen.getByTestId('talkers-active-dots').querySelectorAll('circle')).toHaveLength(2);
    fireEvent.mouseLeave(svg);
    await waitFor(() => expect(screen.queryByTestId('talkers-tooltip')).toBeNull());
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

  it('writes the names in the page colour, their series colour on the sample beside them', async () => {
    // The palette's colours are 2.2-3.9:1 on the page: names written in them failed axe's color-contrast.
    const { container } = render(<TalkersChart points={points(10)} series={series} label="rates" />);
    const items = [...screen.getByTestId('talkers-legend').querySelectorAll('li')];
    expect(items.map((li) => li.style.color)).toEqual(['', '']);
    expect(items.map((li) => li.querySelector('line')?.getAttribute('stroke'))).toEqual(['#2f80ed', '#27ae60']);
    await waitFor(() => expect(plotOf(container)).not.toBeNull());
    fireEvent.mouseMove(plotOf(container) as SVGSVGElement, { clientX: 336, clientY: 50 });
    const lines = [...(await screen.findByTestId('talkers-tooltip')).children].slice(1) as HTMLElement[];
    expect(lines.map((line) => line.style.color)).toEqual(['', '']);
    expect(lines.map((line) => line.querySelector('line')?.getAttribute('stroke'))).toEqual(['#2f80ed', '#27ae60']);
  });
});
