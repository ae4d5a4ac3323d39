/** The busiest talkers' rates over the last minutes: one line each (Recharts), send plus receive. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from './talkers';
import { formatClock } from './format';
import { formatRate as formatByteRate } from '../../shared/traffic';

export interface ChartSeries {
  key: string;
  label: string;
}

const COLORS = ['#2f80ed', '#27ae60', '#eb5757', '#f2994a', '#9b51e0'];

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
  if (points.length < 2 || series.length === 0)
    return <div className="nsv-chart-empty">Collecting… rates appear from the second refresh.</div>;
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
          <YAxis tickFormatter={(v: number) => formatByteRate(v)} width={80} fontSize={11} />
          <Tooltip formatter={tooltipValue} labelFormatter={tooltipLabel} />
          {series.length > 1 && <Legend />}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={COLORS[i % COLORS.length]}
              isAnimationActive={false}
              dot={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
