/**
 * How every rate chart (interface cards, Top talkers, the process panel) joins its samples.
 *
 * WHY a step, and this one: a sample at time t is the bytes moved since the previous refresh divided by that
 * interval, an average over (previous t, t]. `stepBefore` draws that value flat across exactly that interval, so
 * a one-refresh burst is one bar as wide as the refresh, an idle stretch stays on 0, and the area under the line is
 * the bytes moved. The smoothed curve drawn before ('monotone') made a one-sample spike a bell two intervals wide
 * with its peak at the end of the interval. `linear` would keep the values but still spread a burst over two
 * intervals as a triangle.
 */
// Recharts' curve for the interface cards; TalkersChart draws the same step itself (chart-scale.ts stepBeforePath).
export const RATE_CURVE = 'stepBefore' as const;
