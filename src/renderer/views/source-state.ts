/**
 * What a view says when its table is empty or could not be read. WHY: the engine hands an empty list when a
 * collector fails (stale data shown as current would be a lie), so without this a failed read of the routing
 * table read "No routing table", and a failed socket read gave the DoS view's "No alarm": false reassurance.
 */
import type { Snapshot } from '../../shared/model';

/** The engine's collector names (src/main/collectors/*: the report's `name`). */
export type CollectorName = 'connections' | 'routes' | 'interfaces' | 'protocol-stats';

export interface CollectorProblem {
  /** The collector threw, timed out or was unavailable: its table is empty, not known to be empty. */
  error: string | null;
  /** It read, but not all of it (one family's file missing, lines skipped). */
  warnings: string[];
}

/** The problems of one collector in this snapshot; null when it read cleanly or did not run (an imported file). */
export function collectorProblem(snapshot: Pick<Snapshot, 'collectors'>, name: CollectorName): CollectorProblem | null {
  const report = snapshot.collectors.find((c) => c.name === name);
  if (!report) return null;
  const error = report.ok ? null : (report.error ?? 'it failed without saying why');
  if (error === null && report.warnings.length === 0) return null;
  return { error, warnings: [...report.warnings] };
}

/** True when the table could not be read at all this time. */
export function collectorFailed(snapshot: Pick<Snapshot, 'collectors'>, name: CollectorName): boolean {
  return (collectorProblem(snapshot, name)?.error ?? null) !== null;
}

export function isImported(snapshot: Pick<Snapshot, 'source'>): boolean {
  return snapshot.source.kind === 'import';
}

/**
 * The empty state of a view: a live snapshot's table is empty on this machine; an opened file simply holds none
 * (a `netstat -anob` has no routes), which is no fault of the machine.
 */
export function emptyTableText(snapshot: Pick<Snapshot, 'source'>, what: string): string {
  if (snapshot.source.kind === 'import') return `The opened file (${snapshot.source.file}) holds no ${what}.`;
  return `No ${what} on this machine.`;
}
