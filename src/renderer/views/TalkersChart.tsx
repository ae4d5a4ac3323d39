/**
 * The busiest talkers' rates over the last minutes: one line each, send plus receive, drawn as SVG here rather than
 * by Recharts. WHY: this chart is drawn again at every refresh, and at 100k connections Recharts' machinery for it
 * (its store and selectors, immer, its axes, a Line reading its path's length in render: a layout of the page)
 * cost ~10 ms of the Top talkers' refresh (bench/renderer-talkers.mjs, PROFILE=process); drawn here it is a few
 * paths and labels. The interface cards keep Recharts (drawn once a refresh for a few interfaces, no 100k page).
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { ChartPoint } from './talkers';
import { formatClock } from './format';
import { nearestIndex, niceTicks, stepBeforePath, windowTicks } from './chart-scale';
import { formatRate as formatByteRate } from '../../shared/traffic';

export interface ChartSeries {
  key: string;
  label: string;
}

const COLORS = ['#2f80ed', '#27ae60', '#eb5757', '#f2994a', '#9b51e0'];
/** Widths from wide to thin, and dashes from none to fine (see seriesStroke). */
const WIDTHS = [4, 3, 2.25, 1.75, 1.25];
const DASHES = [undefined, '10 4', '5 3', '2 2', '1 3'];

/**
 * How series i is drawn. WHY not colour alone: two talkers at the same rate (two processes behind one download,
 * or both idle at 0) draw the same line, and the one drawn last hid the other; the lines are drawn in series order,
 * so each later series is thinner and dashed, and shows inside the ones under it, with the legend showing the dash.
 */
export function seriesStroke(i: number): { stroke: string; strokeWidth: number; strokeDasharray?: string } {
  const step = i % COLORS.length;
  const dash = DASHES[step];
  return {
    stroke: COLORS[step] ?? '#2f80ed',
    strokeWidth: WIDTHS[step] ?? 1.5,
    ...(dash === undefined ? {} : { strokeDasharray: dash }),
  };
}

/**
 * How many rate labels the axis asks for. WHY fewer on a short chart: five labels on the process panel's 110 px
 * chart touched (Recharts then dropped one: 0, 7, 14, 28 kB/s, evenly drawn values that read as a logarithmic
 * scale). Three fit there (~64 px of plot); five from 150 px on (Top talkers: 180).
 */
export function rateTickCount(height: number): number {
  return height < 150 ? 3 : 5;
}

/** The legend's height under the plot (one line of labels; a second when they wrap), px, out of the chart's height. */
const LEGEND_HEIGHT = 22;
/** The plot's place in the SVG: rate labels on the left, time labels under it. */
const MARGIN = { top: 6, right: 8, bottom: 20, left: 80 };
const TICK = 6;
const LABEL = { fontSize: 11, fill: '#666' };

/**
 * The width the chart is given, from a ResizeObserver (its callback comes after the browser's layout: nothing is
 * measured in a render). 0 until the first callback.
 */
function useWidth(): [(el: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  // Stable, so React calls it when the plot's element comes and goes, not at every render.
  const attach = useCallback((el: HTMLDivElement | null): void => {
    observer.current?.disconnect();
    observer.current = null;
    if (el === null || typeof ResizeObserver !== 'function') return;
    observer.current = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    observer.current.observe(el);
  }, []);
  return [attach, width];
}

export function TalkersChart({
  points,
  series,
  height = 180,
  label,
}: {
  points: readonly ChartPoint[];
  series: readonly ChartSeries[];
  height?: number;
  /** What the chart shows, in words, for assistive technology. */
  label: string;
}) {
  const [attach, width] = useWidth();
  const [pointerX, setPointerX] = useState<number | null>(null);
  if (points.length < 2)
    return <div className="nsv-chart-empty">Collecting… rates appear from the second refresh.</div>;
  // WHY apart: on an idle host the rates come and are all 0; "Collecting…" there never ended.
  if (series.length === 0)
    return (
      <div className="nsv-chart-empty" data-testid="talkers-idle">
        Nothing is sending or receiving now; the table keeps the totals since first seen.
      </div>
    );
  const from = points[0]?.t ?? 0;
  const to = points[points.length - 1]?.t ?? 0;
  const svgHeight = height - LEGEND_HEIGHT;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(0, width - MARGIN.left - MARGIN.right),
    height: Math.max(0, svgHeight - MARGIN.top - MARGIN.bottom),
  };
  let max = 0;
  for (const p of points) for (const s of series) max = Math.max(max, p[s.key] ?? 0);
  const rateTicks = niceTicks(max, rateTickCount(height));
  const top = rateTicks[rateTicks.length - 1] ?? 1;
  const span = to > from ? to - from : 1;
  const xOf = (t: number): number => plot.left + ((t - from) / span) * plot.width;
  const yOf = (v: number): number => plot.top + plot.height - (v / top) * plot.height;
  const xs = points.map((p) => xOf(p.t));
  const bottom = plot.top + plot.height;
  const timeTicks = windowTicks(from, to);
  const active =
    pointerX === null || width === 0
      ? -1
      : nearestIndex(
          points.map((p) => p.t),
          from + ((pointerX - plot.left) / Math.max(1, plot.width)) * span,
        );
  const activePoint = active >= 0 ? points[active] : undefined;
  const onMove = (e: MouseEvent<SVGSVGElement>): void => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    setPointerX(x >= plot.left && x <= plot.left + plot.width ? x : null);
  };

  return (
    <div className="nsv-chart nsv-talkers-chart" role="img" aria-label={label} data-testid="talkers-chart">
      <div ref={attach} className="nsv-chart-plot" style={{ height: svgHeight }}>
        {width > 0 ? (
          <svg
            width={width}
            height={svgHeight}
            aria-hidden="true"
            onMouseMove={onMove}
            onMouseLeave={() => setPointerX(null)}
          >
            <g className="nsv-chart-grid" stroke="#ccc" strokeDasharray="3 3" strokeOpacity={0.6}>
              {rateTicks.map((v) => (
                <line key={`y${v}`} x1={plot.left} x2={plot.left + plot.width} y1={yOf(v)} y2={yOf(v)} />
              ))}
              {timeTicks.map((t) => (
                <line key={`x${t}`} x1={xOf(t)} x2={xOf(t)} y1={plot.top} y2={bottom} />
              ))}
            </g>
            <g stroke="#666">
              <line x1={plot.left} x2={plot.left} y1={plot.top} y2={bottom} />
              <line x1={plot.left} x2={plot.left + plot.width} y1={bottom} y2={bottom} />
            </g>
            {/* Recharts' class names on the labels: the e2e checks and the interface charts' labels share them. */}
            <g className="recharts-yAxis-tick-labels" {...LABEL}>
              {rateTicks.map((v) => (
                <g key={v}>
                  <line x1={plot.left - TICK} x2={plot.left} y1={yOf(v)} y2={yOf(v)} stroke="#666" />
                  <text
                    className="recharts-cartesian-axis-tick-value"
                    x={plot.left - TICK - 2}
                    y={yOf(v)}
                    dy="0.355em"
                    textAnchor="end"
                  >
                    {formatByteRate(v)}
                  </text>
                </g>
              ))}
            </g>
            {/* Start, middle and end: the first label starts at its tick, the last ends at it, inside the plot. */}
            <g className="recharts-xAxis-tick-labels" {...LABEL}>
              {timeTicks.map((t, i) => (
                <g key={t}>
                  <line x1={xOf(t)} x2={xOf(t)} y1={bottom} y2={bottom + TICK} stroke="#666" />
                  <text
                    className="recharts-cartesian-axis-tick-value"
                    x={xOf(t)}
                    y={bottom + TICK + 2}
                    dy="0.71em"
                    textAnchor={i === 0 ? 'start' : i === timeTicks.length - 1 ? 'end' : 'middle'}
                  >
                    {formatClock(t)}
                  </text>
                </g>
              ))}
            </g>
            <g fill="none" strokeLinejoin="round">
              {series.map((s, i) => (
                <path
                  key={s.key}
                  className="nsv-chart-line"
                  d={stepBeforePath(
                    xs,
                    points.map((p) => {
                      const v = p[s.key];
                      return typeof v === 'number' ? yOf(v) : null;
                    }),
                  )}
                  {...seriesStroke(i)}
                />
              ))}
            </g>
            {activePoint !== undefined ? (
              <g className="nsv-chart-active" data-testid="talkers-active-dots">
                <line x1={xOf(activePoint.t)} x2={xOf(activePoint.t)} y1={plot.top} y2={bottom} stroke="#ccc" />
                {series.map((s, i) => (
                  <circle
                    key={s.key}
                    cx={xOf(activePoint.t)}
                    cy={yOf(activePoint[s.key] ?? 0)}
                    r={3}
                    fill={seriesStroke(i).stroke}
                    stroke="#fff"
                  />
                ))}
              </g>
            ) : null}
          </svg>
        ) : null}
        {activePoint !== undefined ? (
          <ChartTooltip
            point={activePoint}
            series={series}
            x={xOf(activePoint.t)}
            flip={xOf(activePoint.t) > plot.left + plot.width / 2}
          />
        ) : null}
      </div>
      {/*
        Also for one line: the process panel's is send plus receive, twice its "out" beside an equal "in". A list
        under the plot with its height (LEGEND_HEIGHT) set aside: nothing to measure.
      */}
      <ul className="nsv-chart-legend" data-testid="talkers-legend">
        {series.map((s, i) => (
          <li key={s.key}>
            <SeriesSwatch i={i} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Series i's line as a short sample, beside its name in the legend and the tooltip. WHY the names are not in the
 * series' colour: at 12-13 px the palette's blue, green, red and orange are 2.2-3.9:1 against the page (axe's
 * color-contrast, e2e/a11y-layout.spec.ts, failed whenever the chart had talkers); the sample carries the colour and
 * the dash, the text stays in the page's own.
 */
function SeriesSwatch({ i }: { i: number }) {
  const stroke = seriesStroke(i);
  return (
    <svg width="18" height="10" aria-hidden="true" className="nsv-chart-swatch">
      <line
        x1="0"
        y1="5"
        x2="18"
        y2="5"
        stroke={stroke.stroke}
        strokeWidth={Math.min(stroke.strokeWidth, 3)}
        strokeDasharray={stroke.strokeDasharray}
      />
    </svg>
  );
}

/** The refresh under the pointer: its time and each line's rate, busiest first, beside the pointer. */
function ChartTooltip({
  point,
  series,
  x,
  flip,
}: {
  point: ChartPoint;
  series: readonly ChartSeries[];
  x: number;
  flip: boolean;
}) {
  return (
    <div
      className="nsv-chart-tooltip"
      data-testid="talkers-tooltip"
      style={flip ? { right: `calc(100% - ${x - 10}px)` } : { left: x + 10 }}
    >
      <div>{formatClock(point.t)}</div>
      {series.map((s, i) => (
        <div key={s.key}>
          <SeriesSwatch i={i} />
          {s.label} : {formatByteRate(point[s.key] ?? 0)}
        </div>
      ))}
    </div>
  );
}
