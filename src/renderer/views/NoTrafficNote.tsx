/**
 * What a rate chart shows instead of itself when its samples moved nothing: the interface cards and the process
 * panel. WHY: Recharts scales a flat line at 0 to a y axis of 0, 1, 2, 4 B/s, a scale made up for nothing, and a
 * flat chart reads like a chart that failed to draw; one line of text says what the chart would have said.
 */

/** Whether every rate is 0 (or not known). An empty list moved nothing too: the caller decides how many it needs. */
export function movedNothing(rates: Iterable<number | null | undefined>): boolean {
  for (const rate of rates) if ((rate ?? 0) > 0) return false;
  return true;
}

export const NO_TRAFFIC_TEXT = 'No traffic over the last minutes: nothing to chart.';

export function NoTrafficNote({ className, testId }: { className: string; testId: string }) {
  return (
    <p className={className} data-testid={testId}>
      {NO_TRAFFIC_TEXT}
    </p>
  );
}
