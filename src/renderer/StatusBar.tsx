/** The status bar: counts by protocol and state, refresh time, live/paused, import, warnings. */
import { useMemo, useState } from 'react';
import { snapshotWarnings } from '../shared/model';
import { useNetScope } from './store';

export function StatusBar({ shown }: { shown: number }) {
  const snapshot = useNetScope((s) => s.snapshot);
  const status = useNetScope((s) => s.status);
  const connection = useNetScope((s) => s.connection);
  const connectionReason = useNetScope((s) => s.connectionReason);
  const [showWarnings, setShowWarnings] = useState(false);
  // Kept up to date per diff by the store (O(changes)), not recounted over 100k rows per refresh.
  const counts = useNetScope((s) => s.counts);
  const warnings = useMemo(() => (snapshot ? snapshotWarnings(snapshot) : []), [snapshot]);
  const source = snapshot?.source;
  const total = snapshot?.connections.length ?? 0;

  const states = [...counts.byState.entries()].sort((a, b) => b[1] - a[1]);
  let mode = status?.paused ? 'Paused' : 'Live';
  if (status?.readOnly || source?.kind === 'import') mode = 'Read-only';

  return (
    <footer className="status-bar" data-testid="status-bar" role="status" aria-live="off">
      <span className={`badge ${mode === 'Live' ? 'live' : 'paused'}`} data-testid="status-mode">
        {mode}
      </span>
      {source?.kind === 'import' && (
        <span className="status-item" title={`Formats: ${source.formats.join(', ')}`}>
          {source.file}
        </span>
      )}
      {connection && connection !== 'open' && (
        <span className="status-item warn" data-testid="status-connection">
          {connection === 'connecting' ? 'Connecting…' : 'Disconnected, retrying…'}
          {connectionReason && ` (server: ${connectionReason})`}
        </span>
      )}
      <span className="status-item" data-testid="status-counts">
        {shown === total ? `${total} sockets` : `${shown} of ${total} shown`}
        {' · '}
        {[...counts.byProtocol.entries()].map(([p, n]) => `${p} ${n}`).join(' · ')}
      </span>
      <span className="status-item states" title={states.map(([s, n]) => `${s}: ${n}`).join('\n')}>
        {states.map(([s, n]) => `${s} ${n}`).join(' · ')}
      </span>
      <span className="spacer" />
      {snapshot && snapshot.takenAt > 0 && (
        <span className="status-item" data-testid="status-refresh">
          {new Date(snapshot.takenAt).toLocaleTimeString()} · {Math.round(snapshot.tookMs)} ms
        </span>
      )}
      {warnings.length > 0 && (
        <span className="status-warnings">
          <button
            type="button"
            className="link warn"
            onClick={() => setShowWarnings(!showWarnings)}
            title={warnings.join('\n')}
          >
            ⚠ {warnings.length === 1 ? warnings[0] : `${warnings.length} warnings`}
          </button>
          {showWarnings && (
            <ul className="warning-list" data-testid="status-warnings">
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </span>
      )}
    </footer>
  );
}
