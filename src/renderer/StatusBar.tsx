/** The status bar: counts by protocol and state, refresh time, live/paused, import, warnings. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { snapshotWarnings } from '../shared/model';
import { importReadAs } from '../shared/snapshot-source';
import { useEscapeUnlessHandled } from './panels/useEscape';
import { useNetScope } from './store';
import { SocketEngineStatus } from './SocketEngineStatus';
import { socketCountsText, statesByCount, statesText } from './status-text';

/**
 * The warnings: a short count in the bar (it never clips a sentence at 1280 px)
 * that opens the full list above it. Escape or a click outside closes the list
 * and focus returns to the button.
 */
function WarningsButton({ warnings }: { warnings: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLSpanElement>(null);
  useEscapeUnlessHandled(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, open);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event): void => {
      if (e.target instanceof Node && wrapRef.current?.contains(e.target)) return;
      setOpen(false);
    };
    window.addEventListener('mousedown', close, true);
    return () => window.removeEventListener('mousedown', close, true);
  }, [open]);
  const label = warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`;
  return (
    <span className="status-warnings" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="link warn"
        data-testid="status-warnings-button"
        aria-expanded={open}
        aria-controls="status-warning-list"
        onClick={() => setOpen(!open)}
        title={warnings.join('\n')}
      >
        ⚠ {label}
      </button>
      {open && (
        <ul id="status-warning-list" className="warning-list" data-testid="status-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </span>
  );
}

/** "/tmp/dir/" of "/tmp/dir/file.txt" (with its last separator, / or \\), "" for a bare name. */
function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function StatusBar({ shown }: { shown: number }) {
  const snapshot = useNetScope((s) => s.snapshot);
  const status = useNetScope((s) => s.status);
  const connection = useNetScope((s) => s.connection);
  const connectionReason = useNetScope((s) => s.connectionReason);
  // Kept up to date per diff by the store (O(changes)), not recounted over 100k rows per refresh.
  const counts = useNetScope((s) => s.counts);
  const warnings = useMemo(() => (snapshot ? snapshotWarnings(snapshot) : []), [snapshot]);
  const source = snapshot?.source;
  // UNIX sockets (rows only while their toggle is on) are counted apart from the inet sockets.
  const unix = counts.byProtocol.get('unix') ?? 0;
  // Before the first snapshot, its first screenful (store head) says how many rows it holds.
  const headTotal = useNetScope((s) => s.head?.total ?? 0);
  // The snapshot's rows are the store's rows less the closed ones shown once more: reading
  // snapshot.connections instead would have the store cut that 100k-row list for every diff (store/rows.ts).
  const open = useNetScope((s) => s.rows.length - s.closed.length);
  const total = (snapshot ? open : headTotal) - unix;

  const states = statesByCount(counts.byState);
  const countsText = socketCountsText(shown, total + unix, counts.byProtocol);
  let mode = status?.paused ? 'Paused' : 'Live';
  if (status?.readOnly || source?.kind === 'import') mode = 'Read-only';

  return (
    <footer className="status-bar" data-testid="status-bar" role="status" aria-live="off">
      <span className={`badge ${mode === 'Live' ? 'live' : 'paused'}`} data-testid="status-mode">
        {mode}
      </span>
      {status?.remote && (
        <span className="status-item" data-testid="status-remote" title={`Remote agent at ${status.remote.address}`}>
          Agent: {status.remote.hostName ?? status.remote.address}
          {status.remote.state === 'open' ? '' : ' (reconnecting…)'}
        </span>
      )}
      {source?.kind === 'import' && (
        // What the file was read as beside its name (the CLI says it too): "netstat -ano" or "-b" tells which
        // columns to expect. The ids stay in the tooltip for a bug report.
        <span
          className="status-item status-source"
          data-testid="status-source"
          title={`${source.file}: read as ${importReadAs(source)} (formats: ${source.formats.join(', ')})`}
        >
          {/* Three parts that give way in turn (styles.css): the folders, then the name; the format stays whole. */}
          <span className="status-source-dir">{folderOf(source.file)}</span>
          <span className="status-source-name">{source.file.slice(folderOf(source.file).length)}</span>
          <span className="status-source-as"> · {importReadAs(source)}</span>
        </span>
      )}
      {connection && connection !== 'open' && (
        <span className="status-item warn" data-testid="status-connection">
          {connection === 'connecting' ? 'Connecting…' : 'Disconnected, retrying…'}
          {connectionReason && ` (server: ${connectionReason})`}
        </span>
      )}
      <span className="status-item status-counts" data-testid="status-counts" title={countsText}>
        {countsText}
      </span>
      {status?.unixSockets === true && (
        <span
          className="status-item"
          data-testid="status-unix"
          title="UNIX domain sockets, apart from the inet sockets"
        >
          UNIX {unix}
        </span>
      )}
      <span className="status-item states" title={statesText(states, ': ', '\n')}>
        {statesText(states)}
      </span>
      <span className="spacer" />
      <SocketEngineStatus />
      {snapshot && snapshot.takenAt > 0 && (
        <span className="status-item status-fixed" data-testid="status-refresh">
          {new Date(snapshot.takenAt).toLocaleTimeString()} · {Math.round(snapshot.tookMs)} ms
        </span>
      )}
      {warnings.length > 0 && <WarningsButton warnings={warnings} />}
    </footer>
  );
}
