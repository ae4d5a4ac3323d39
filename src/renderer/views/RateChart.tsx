/** rx/tx bytes per second of one interface over the chosen window. */
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RatePoint } from './history';
import { formatByteRate, formatClock } from './format';
import { RATE_CURVE } from './rate-curve';
import { windowTicks } from './chart-scale';

interface RateChartProps {
  points: readonly RatePoint[];
  from: number;
  to: number;
}

const RX_COLOR = 'var(--nsv-rx, #2f80ed)';
const TX_COLOR = 'var(--nsv-tx, #27ae60)';

const tooltipValue = (value: unknown): string =>
  typeof value === 'number' ? formatByteRate(value) : String(value ?? '');
const tooltipLabel = (label: unknown): string => (typeof label === 'number' ? formatClock(label) : String(label ?? ''));

export function RateChart({ points, from, to }: RateChartProps) {
  if (points.length === 0) {
    return <div className="nsv-chart-empty">Collecting… rates appear from the second refresh.</div>;
  }
  const last = points[points.length - 1];
  // One image to assistive technology, with the latest rates in words; no keyboard stop (accessibilityLayer off).
  const summary = last
    ? `Receive and send rate over time; latest ${formatByteRate(last.rxBytesPerSec)} in, ${formatByteRate(last.txBytesPerSec)} out`
    : 'Receive and send rate over time';
  return (
    <div className="nsv-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={150}>
        <AreaChart
          data={points as RatePoint[]}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            ticks={windowTicks(from, to)}
            tickFormatter={formatClock}
            minTickGap={40}
            fontSize={11}
          />
          <YAxis tickFormatter={(v: number) => formatByteRate(v)} width={80} fontSize={11} />
          <Tooltip formatter={tooltipValue} labelFormatter={tooltipLabel} />
          <Legend />
          <Area
            type={RATE_CURVE}
            dataKey="rxBytesPerSec"
            name="rx"
            stroke={RX_COLOR}
            fill={RX_COLOR}
            fillOpacity={0.2}
            isAnimationActive={false}
            dot={false}
          />
          <Area
            type={RATE_CURVE}
            dataKey="txBytesPerSec"
            name="tx"
            stroke={TX_COLOR}
            fill={TX_COLOR}
            fillOpacity={0.2}
            isAnimationActive={false}
            dot={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
