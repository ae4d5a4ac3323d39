/** A view's banner for a collector that failed (an alert: the view's numbers are empty, not zero) or read in part. */
import type { Snapshot } from '../../shared/model';
import { collectorProblem, type CollectorName } from './source-state';

export function CollectorBanner({
  snapshot,
  collector,
  what,
  consequence,
  showWarnings = true,
}: {
  snapshot: Snapshot;
  collector: CollectorName;
  /** What the collector reads, in words: "the routing table". */
  what: string;
  /** What the failure means for this view, when more than an empty table ("no DoS verdict"). */
  consequence?: string;
  /** False where the warnings are not about this view (the socket reader's owner notes in the DoS view). */
  showWarnings?: boolean;
}) {
  const problem = collectorProblem(snapshot, collector);
  if (!problem) return null;
  if (problem.error !== null) {
    return (
      <div className="nsv-banner nsv-banner-alarm" role="alert" data-testid="collector-failed">
        <strong>Could not read {what}</strong>: {problem.error.replace(/\.$/, '')}.{' '}
        {consequence ?? 'What this view shows is empty because of it, not because there is nothing.'} NetScope tries
        again at the next refresh.
      </div>
    );
  }
  if (!showWarnings) return null;
  return (
    <div className="nsv-banner nsv-banner-warn" role="status" data-testid="collector-warnings">
      {what[0]?.toUpperCase()}
      {what.slice(1)} may be incomplete:
      <ul>
        {problem.warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
