/**
 * The process panel's traffic: its current rates, bytes since first seen and
 * a small chart of its rate over the last minutes, from the Top talkers'
 * tracker (the store's history, fed every snapshot). The chart loads with the
 * views' code (Recharts), not with the main bundle. Nothing when the engine
 * reads no counters (the panel says why in one line). No chart while the
 * process moved nothing over the chart's minutes: a flat line at 0 drew a y axis
 * of 0, 1, 2, 4 B/s, a scale made up for nothing.
 */
import { lazy, Suspense, useMemo } from 'react';
import { trafficAbsentReason, formatBytes, formatRate } from '../../shared/traffic';
import { useNetScope } from '../store';
import { chartPoints } from '../views/talkers';
import { movedNothing, NoTrafficNote } from '../views/NoTrafficNote';

const TalkersChart = lazy(() => import('../views/TalkersChart').then((m) => ({ default: m.TalkersChart })));

export function ProcessTraffic({ pid }: { pid: number }) {
  const absent = useNetScope((s) => trafficAbsentReason(s.snapshot));
  const history = useNetScope((s) => s.history);
  const version = useNetScope((s) => s.historyVersion);
  const key = `pid:${pid}`;
  const { row, points } = useMemo(
    () => ({
      row: history.talkers.rows('process', true).find((r) => r.key === key) ?? null,
      points: chartPoints(history.talkers.samples('process'), [key]),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version: the same history object holds new samples
    [history, key, version],
  );
  const idle = movedNothing(points.map((p) => p[key]));
  if (absent !== null)
    return (
      <p className="muted" data-testid="process-traffic">
        Traffic: {absent}
      </p>
    );
  return (
    <section data-testid="process-traffic" aria-label="Traffic">
      <h3>Traffic</h3>
      <p>
        {row === null
          ? 'No bytes moved on its TCP connections yet.'
          : `${formatRate(row.sendRate)} out, ${formatRate(row.receiveRate)} in now; ${formatBytes(row.sent)} sent, ${formatBytes(row.received)} received since first seen`}
      </p>
      {points.length >= 2 && idle ? (
        // From the second sample on (before it, the chart says it is collecting).
        <NoTrafficNote className="muted" testId="process-traffic-idle" />
      ) : (
        <Suspense fallback={null}>
          <TalkersChart
            points={points}
            series={[{ key, label: 'send + receive' }]}
            height={110}
            label={`Traffic of process ${pid} over the last minutes`}
          />
        </Suspense>
      )}
    </section>
  );
}
