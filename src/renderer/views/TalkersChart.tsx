/** The busiest talkers' rates over the last minutes: one line each (Recharts), send plus receive. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from './talkers';
import { formatClock } from './format';
import { RATE_CURVE } from './rate-curve';
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
 * or both idle at 0) draw the same line, and the one drawn last hid the other; Recharts draws in series order, so
 * each later series is thinner and dashed, and shows inside the ones under it, with the legend showing the dash.
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
 * How many rate labels the axis asks for. WHY fewer on a short chart: Recharts drops a label that would touch the
 * next, and on the process panel's 110 px chart it dropped one of five: 0, 7, 14, 28 kB/s, evenly drawn values
 * that read as a logarithmic scale. Three fit there (~76 px of plot); five from 150 px on (Top talkers: 180).
 */
export function rateTickCount(height: number): number {
  return height < 150 ? 3 : 5;
}

const tooltipValue = (value: unknown): string =>
  typeof value === 'number' ? formatByteRate(value) : String(value ?? '');
const tooltipLabel = (label: unknown): string => (typeof label === 'number' ? formatClock(label) : String(label ?? ''));

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
  if (points.length < 2)
    return <div className="nsv-chart-empty">Collecting… rates appear from the second refresh.</div>;
  // WHY apart: on an idle host the rates come and are all 0; "Collecting…" there never ended.
  if (series.length === 0)
    return (
      <div className="nsv-chart-empty" data-testid="talkers-idle">
        Nothing is sending or receiving now; the table keeps the totals since first seen.
      </div>
    );
  return (
    <div className="nsv-chart" role="img" aria-label={label} data-testid="talkers-chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart
          data={points as ChartPoint[]}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={formatClock}
            minTickGap={40}
            fontSize={11}
          />
          <YAxis
            tickFormatter={(v: number) => formatByteRate(v)}
            width={80}
            fontSize={11}
            tickCount={rateTickCount(height)}
          />
          <Tooltip formatter={tooltipValue} labelFormatter={tooltipLabel} />
          {/* Also for one line: the process panel's is send plus receive, twice its "out" beside an equal "in". */}
          <Legend />
          {series.map((s, i) => (
            <Line
              key={s.key}
              type={RATE_CURVE}
              dataKey={s.key}
              name={s.label}
              {...seriesStroke(i)}
              legendType="plainline"
              isAnimationActive={false}
              dot={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
