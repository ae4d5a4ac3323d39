/**
 * The arithmetic of the rate charts: the time axis' ticks (every rate chart), and for the hand-drawn one
 * (TalkersChart) its value ticks, its step lines, and which refresh the pointer is over. Pure, so each is tested on
 * numbers.
 */

/**
 * The time axis' ticks: the window's start, middle and end. WHY: left to Recharts, a 5-minute window whose
 * points were all at its right end got one label, at the end, so the chart did not say what span it shows.
 */
export function windowTicks(from: number, to: number): number[] {
  if (!(Number.isFinite(from) && Number.isFinite(to)) || to <= from) return [to];
  return [from, Math.round(from + (to - from) / 2), to];
}

/**
 * Evenly spaced ticks from 0 that reach `max`: about `count` of them, at steps of 1, 1.5, 2, 2.5, 3, 4 or 5 times a
 * power of ten, the steps Recharts' axis took (0, 1.5 MB/s... reads as a scale; 0, 1.37 MB/s... does not). The last
 * tick is the top of the axis. An all-0 chart still gets an axis (0 to 1).
 */
export function niceTicks(max: number, count: number): number[] {
  const intervals = Math.max(1, count - 1);
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = top / intervals;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 1.5, 2, 2.5, 3, 4, 5, 10].find((m) => m * power >= rough * (1 - 1e-9)) ?? 10) * power;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || (ticks[ticks.length - 1] ?? 0) < top * (1 - 1e-9); i++) ticks.push(i * step);
  return ticks;
}

/**
 * An SVG path through (xs[i], ys[i]) drawn as RATE_CURVE's 'stepBefore' (rate-curve.ts says why): from each point,
 * up or down at its x to the next value, then across to the next x. A point whose y is null breaks the line.
 */
export function stepBeforePath(xs: readonly number[], ys: readonly (number | null)[]): string {
  let d = '';
  let open = false;
  let lastX = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? null;
    if (y === null || !Number.isFinite(x) || !Number.isFinite(y)) {
      open = false;
      continue;
    }
    d += open ? `L${round(lastX)},${round(y)}L${round(x)},${round(y)}` : `M${round(x)},${round(y)}`;
    open = true;
    lastX = x;
  }
  return d;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** The index of the time in `times` (ascending) nearest to `t`; -1 when there is none. */
export function nearestIndex(times: readonly number[], t: number): number {
  if (times.length === 0 || !Number.isFinite(t)) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  const before = lo - 1;
  if (before >= 0 && t - (times[before] ?? 0) <= (times[lo] ?? 0) - t) return before;
  return lo;
}
