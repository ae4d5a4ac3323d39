/** The status bar: counts by protocol and state, refresh time, live/paused, import, warnings. */
import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { snapshotWarnings } from '../shared/model';
import { importReadAs } from '../shared/snapshot-source';
import type { LiveView, ViewRows } from './grid/live-view';
import { useLiveText, type LiveText } from './live-text';
import { useEscapeUnlessHandled } from './panels/useEscape';
import { useNetScope, type NetScopeState } from './store';
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

/** UNIX sockets (rows only while their toggle is on) are counted apart from the inet sockets. */
const unixOf = (s: NetScopeState): number => s.counts.byProtocol.get('unix') ?? 0;

/** "40 of 100000 shown · TCP ...": the grid's view against the store's counts (kept per diff, O(changes)). */
function countsText(s: NetScopeState, view: ViewRows): LiveText {
  // Before the first snapshot, its first screenful (store head) says how many rows it holds. After, the snapshot's
  // rows are the store's rows less the closed ones shown once more: reading snapshot.connections instead would have
  // the store cut that 100k-row list for every diff (store/rows.ts).
  const rows = s.snapshot ? s.rows.length - s.closed.length : (s.head?.total ?? 0);
  const text = socketCountsText(view.openCount, rows, s.counts.byProtocol);
  return { text, title: text };
}

const unixText = (s: NetScopeState): LiveText => ({ text: `UNIX ${unixOf(s)}` });

function statesLine(s: NetScopeState): LiveText {
  const states = statesByCount(s.counts.byState);
  return { text: statesText(states), title: statesText(states, ': ', '\n') };
}

function refreshText(s: NetScopeState): LiveText {
  const snapshot = s.snapshot;
  if (snapshot === null) return { text: '' };
  return { text: `${new Date(snapshot.takenAt).toLocaleTimeString()} · ${Math.round(snapshot.tookMs)} ms` };
}

/**
 * The warnings of the snapshot as one string, the same from one diff to the next while they are (a selector's array
 * would be new each time). Joined by NUL, which no warning holds: a collector's error may span lines.
 */
const WARNINGS_JOIN = '\u0000';
const warningsOf = (s: NetScopeState): string => (s.snapshot ? snapshotWarnings(s.snapshot).join(WARNINGS_JOIN) : '');

/**
 * `live`: the grid's view, whose open rows the counts say are shown. WHY memo: its props never change, and what it
 * renders changes only with the status and the connection; the counts, states and time of each diff are written by
 * useLiveText.
 */
export const StatusBar = memo(function StatusBar({ live }: { live: LiveView }) {
  // A file's source only (its name and formats); a live snapshot's says nothing shown here.
  const source = useNetScope((s) => (s.snapshot?.source.kind === 'import' ? s.snapshot.source : null));
  // The status's fields, not the status: the engine sends a new one after every refresh (its seq), which would render
  // the bar at each diff for nothing it shows.
  const paused = useNetScope((s) => s.status?.paused === true);
  const readOnly = useNetScope((s) => s.status?.readOnly === true);
  const unixShown = useNetScope((s) => s.status?.unixSockets === true);
  const remote = useNetScope(useShallow((s) => s.status?.remote ?? null));
  const connection = useNetScope((s) => s.connection);
  const connectionReason = useNetScope((s) => s.connectionReason);
  const warningsJoined = useNetScope(warningsOf);
  const refreshShown = useNetScope((s) => s.snapshot !== null && s.snapshot.takenAt > 0);
  const countsRef = useLiveText(live, countsText);
  const unixRef = useLiveText(live, unixText);
  const statesRef = useLiveText(live, statesLine);
  const refreshRef = useLiveText(live, refreshText);
  const warnings = warningsJoined === '' ? [] : warningsJoined.split(WARNINGS_JOIN);
  let mode = paused ? 'Paused' : 'Live';
  if (readOnly || source?.kind === 'import') mode = 'Read-only';

  return (
    <footer className="status-bar" data-testid="status-bar" role="status" aria-live="off">
      <span className={`badge ${mode === 'Live' ? 'live' : 'paused'}`} data-testid="status-mode">
        {mode}
      </span>
      {remote && (
        <span className="status-item" data-testid="status-remote" title={`Remote agent at ${remote.address}`}>
          Agent: {remote.hostName ?? remote.address}
          {remote.state === 'open' ? '' : ' (reconnecting…)'}
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
      <span className="status-item status-counts" data-testid="status-counts" ref={countsRef} />
      {unixShown && (
        <span
          className="status-item"
          data-testid="status-unix"
          title="UNIX domain sockets, apart from the inet sockets"
          ref={unixRef}
        />
      )}
      <span className="status-item states" ref={statesRef} />
      <span className="spacer" />
      <SocketEngineStatus />
      {refreshShown && <span className="status-item status-fixed" data-testid="status-refresh" ref={refreshRef} />}
      {warnings.length > 0 && <WarningsButton warnings={warnings} />}
    </footer>
  );
});
