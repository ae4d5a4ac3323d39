/** The busiest talkers' rates over the last minutes: one line each (Recharts), send plus receive. */
import {
  CartesianGrid,
  Curve,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  useActiveTooltipDataPoints,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartPoint } from './talkers';
import { formatClock } from './format';
import { RATE_CURVE } from './rate-curve';
import { windowTicks } from './RateChart';
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

/** The legend's height under the plot (one line of labels; a second when they wrap), px, out of the chart's height. */
const LEGEND_HEIGHT = 22;

/** What Recharts gives an axis' tick element (a few of its props). */
interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
  index?: number;
  visibleTicksCount?: number;
  fill?: string;
}

/** An axis label as a plain <text> at its tick: Recharts' own label (Text) measures its words in the page (see TalkersChart). */
function TickText({
  x,
  y,
  fill,
  dy,
  anchor,
  text,
}: Pick<TickProps, 'x' | 'y' | 'fill'> & { dy: string; anchor: 'start' | 'middle' | 'end'; text: string }) {
  return (
    <text
      className="recharts-cartesian-axis-tick-value"
      x={x}
      y={y}
      dy={dy}
      textAnchor={anchor}
      fontSize={11}
      fill={fill ?? '#666'}
    >
      {text}
    </text>
  );
}

/**
 * A time label: the first one starts at its tick, the last one ends at its tick, any other is centred on it, so that
 * neither end's label reaches past the plot (the axis has exactly windowTicks' three ticks: interval 0).
 */
function TimeTick({ x, y, payload, index, visibleTicksCount, fill }: TickProps) {
  const anchor = index === 0 ? 'start' : index === (visibleTicksCount ?? 0) - 1 ? 'end' : 'middle';
  const value = payload?.value;
  const text = typeof value === 'number' ? formatClock(value) : '';
  return <TickText x={x} y={y} fill={fill} dy="0.71em" anchor={anchor} text={text} />;
}

/** A rate label, right-aligned to its tick and centred on it. */
function RateTick({ x, y, payload, fill }: TickProps) {
  const value = payload?.value;
  const text = typeof value === 'number' ? formatByteRate(value) : '';
  return <TickText x={x} y={y} fill={fill} dy="0.355em" anchor="end" text={text} />;
}

/**
 * The series' lines, drawn here from the chart's own scales. WHY not Recharts' Line: it reads its path's
 * getTotalLength() in every render (for its draw-in animation, even with the animation off), and on a page whose
 * DOM the same refresh has changed that is a layout of the whole page inside React's render: ~10 ms of a Top talkers
 * refresh at 100k connections (bench/renderer-talkers.mjs). The Lines stay, hidden, for what they give the chart:
 * the rate axis' domain and the tooltip's rows (both told to include hidden items).
 */
function SeriesLines({ points, series }: { points: readonly ChartPoint[]; series: readonly ChartSeries[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (x === undefined || y === undefined) return null;
  return (
    <g className="recharts-layer nsv-chart-lines">
      {series.map((s, i) => {
        const coordinates = points.map((p) => {
          const value = p[s.key];
          return { x: x(p.t) ?? null, y: typeof value === 'number' ? (y(value) ?? null) : null };
        });
        return <Curve key={s.key} type={RATE_CURVE} points={coordinates} fill="none" {...seriesStroke(i)} />;
      })}
    </g>
  );
}

/** A dot on each line at the refresh under the pointer (what Recharts' Line drew for its active point). */
function ActiveDots({ series }: { series: readonly ChartSeries[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const point = useActiveTooltipDataPoints<ChartPoint>()?.[0];
  if (x === undefined || y === undefined || point === undefined) return null;
  const cx = x(point.t);
  return (
    <g className="nsv-chart-active" data-testid="talkers-active-dots">
      {series.map((s, i) => {
        const value = point[s.key];
        const cy = typeof value === 'number' ? y(value) : undefined;
        if (cx === undefined || cy === undefined) return null;
        return <circle key={s.key} cx={cx} cy={cy} r={3} fill={seriesStroke(i).stroke} stroke="#fff" strokeWidth={1} />;
      })}
    </g>
  );
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
  const from = points[0]?.t ?? 0;
  const to = points[points.length - 1]?.t ?? 0;
  return (
    <div className="nsv-chart" role="img" aria-label={label} data-testid="talkers-chart">
      <ResponsiveContainer width="100%" height={height - LEGEND_HEIGHT}>
        <LineChart
          data={points as ChartPoint[]}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          {/*
            Both axes with interval 0 (every tick given is drawn) and labels of our own: Recharts measures no label.
            WHY: to drop labels that would touch, and to wrap its labels' words, it measured each new label in a
            hidden span of the page (getBoundingClientRect), which made the browser lay the page out inside React's
            render at every refresh (a clock label is new every refresh): ~10-13 ms of the Top talkers' 60-80 ms a
            diff at 100k rows (bench/renderer-talkers.mjs, CALLERS=getBoundingClientRect). Three time labels (start,
            middle, end, as the interface chart's) fit any width the chart has; the rate ticks are rateTickCount's,
            which fit its height.
          */}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            ticks={windowTicks(from, to)}
            interval={0}
            tick={<TimeTick />}
            fontSize={11}
          />
          <YAxis
            tick={<RateTick />}
            width={80}
            fontSize={11}
            tickCount={rateTickCount(height)}
            interval={0}
            includeHidden
          />
          <Tooltip formatter={tooltipValue} labelFormatter={tooltipLabel} includeHidden />
          {series.map((s, i) => (
            <Line key={s.key} dataKey={s.key} name={s.label} {...seriesStroke(i)} hide isAnimationActive={false} />
          ))}
          <SeriesLines points={points} series={series} />
          <ActiveDots series={series} />
        </LineChart>
      </ResponsiveContainer>
      {/*
        Also for one line: the process panel's is send plus receive, twice its "out" beside an equal "in". Our own
        list, not Recharts' Legend: that one measures its box after every render (getBoundingClientRect in an effect,
        a layout of the page) to fit the plot around it; this one has its height (LEGEND_HEIGHT) set aside.
      */}
      <ul className="nsv-chart-legend" data-testid="talkers-legend">
        {series.map((s, i) => {
          const stroke = seriesStroke(i);
          return (
            <li key={s.key} style={{ color: stroke.stroke }}>
              <svg width="18" height="10" aria-hidden="true">
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
              {s.label}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
