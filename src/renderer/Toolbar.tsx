/** The toolbar: engine controls, the quick filter, columns, export, elevation. */
import { memo, useEffect, useId, useState, type CSSProperties } from 'react';
import { REFRESH_INTERVAL_CHOICES_MS } from '../shared/refresh';
import { importReadAs } from '../shared/snapshot-source';
import { FilterBox } from './FilterBox';
import { ColumnChooser } from './grid/ColumnChooser';
import { useNetScope, useNetScopeStore } from './store';
import { useEscapeUnlessHandled } from './panels/useEscape';
import { UnixToggle } from './UnixToggle';

/** The menu's choices, in seconds (src/shared/refresh.ts holds the one list). */
const INTERVALS_S: number[] = REFRESH_INTERVAL_CHOICES_MS.map((ms) => ms / 1000);

/*
 * Inline, not in styles.css: the first screen draws these controls as three toolbar items; the app's are one item
 * of the same width (the same 6px gaps inside), over which an opened file's name is written.
 */
const ROOM: CSSProperties = { position: 'relative', display: 'flex', alignItems: 'center', gap: 6 };
const UNSEEN: CSSProperties = { ...ROOM, position: 'static', visibility: 'hidden' };
const OVER: CSSProperties = { position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', minWidth: 0 };
const CLIP: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
/**
 * An opened file's label: its name over when it was read, two lines in the room of the live controls. WHY: on one
 * line the 283 px room cut a 22-character name's time ("opened 1:12:11 P…") at 1280 and 800 px alike (the room is
 * the controls' width, not the window's), and the room cannot grow without moving the grid under the first screen.
 * Two lines in the buttons' height hold both (a name of ~40 characters); the label is over the room, so the
 * toolbar keeps its height.
 */
const STACK: CSSProperties = {
  ...OVER,
  flexDirection: 'column',
  alignItems: 'stretch',
  justifyContent: 'center',
  lineHeight: 1.1,
};
const WHEN: CSSProperties = { ...CLIP, fontSize: 11, color: 'var(--fg-muted)' };
/** The label's details, shown under it while it is hovered or focused (no gap: the pointer crosses onto it). */
const TIP: CSSProperties = {
  position: 'absolute',
  top: '100%',
  left: 0,
  zIndex: 20,
  maxWidth: 480,
  padding: '4px 8px',
  background: 'var(--bg)',
  color: 'var(--fg)',
  border: '1px solid var(--border)',
  borderRadius: 4,
  boxShadow: '0 2px 6px rgba(0, 0, 0, 0.2)',
  whiteSpace: 'normal',
  overflowWrap: 'anywhere',
};
/** Out of sight but read by a screen reader (the label's description, and in reading order). */
const OFFSCREEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
};

/**
 * The file shown, where the live controls would be, and when it was read; its whole path and formats in a tooltip.
 * WHY a focusable label with its own tooltip, not a title: a title is shown on mouse hover only, and a screen reader
 * may not read it; here Tab reaches the label, which shows the details while focused or hovered (Escape hides them)
 * and has them as its accessible description.
 *
 * WHY one element, kept while the page is live (empty, out of sight, not focusable): it is a live region (role
 * status), and a screen reader announces a live region's changes, not its arrival; kept, it announces the file when
 * one is opened (the desktop app's File > Open replaces a live view). What it announces is its text, so its name is
 * that text too (aria-labelledby itself): a name of other words ("Opened file: ...", as it had) was what a screen
 * reader said on Tab, while the announcement and the screen said "name · opened 12:11:36".
 */
function SourceLabel({ opened }: { opened: boolean }) {
  const source = useNetScope((s) => (s.snapshot?.source.kind === 'import' ? s.snapshot.source : null));
  // The snapshot's takenAt is when NetScope read the file: the formats it reads carry no capture time. Only a file's:
  // a live view's changes with every diff, which would render this label each time for nothing it shows.
  const readAt = useNetScope((s) => (s.snapshot?.source.kind === 'import' ? s.snapshot.takenAt : 0));
  const labelId = useId();
  const tipId = useId();
  // Hover and focus apart: a mouse leaving a label that Tab focused must not hide its details.
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  // Escape hides the details until the label is hovered or focused again (WCAG 1.4.13: dismissible).
  const [dismissed, setDismissed] = useState(false);
  const file = opened ? source : null;
  const shown = file !== null && (hovered || focused) && !dismissed;
  useEscapeUnlessHandled(() => setDismissed(true), shown);
  const read = new Date(readAt);
  // The name without its folders (the status bar and the tooltip have the whole path): the room is ~280 px.
  const name = file ? file.file.split(/[\\/]/).pop() || file.file : '';
  const details = file
    ? `${file.file}: an opened file (${importReadAs(file)}), read at ${read.toLocaleString()}. It does not refresh.`
    : '';
  const style = !opened ? OFFSCREEN : file !== null && readAt > 0 ? STACK : OVER;
  return (
    // display: contents keeps the layout of the two (the label over the controls' room, the tooltip under it) and
    // makes them one for the mouse: the pointer can move onto the tooltip (to read or select a long path) without
    // leaving.
    <span
      style={{ display: 'contents' }}
      onMouseEnter={() => {
        setHovered(true);
        setDismissed(false);
      }}
      onMouseLeave={() => setHovered(false)}
    >
      <span
        id={labelId}
        style={style}
        data-testid={opened ? 'toolbar-source' : undefined}
        // WHY focusable only with a file: its details are the keyboard's to read; empty or read-only, nothing is.
        tabIndex={file !== null ? 0 : undefined}
        // A focusable span is "generic", which a screen reader announces as nothing (axe: focus-order-semantics);
        // a status is what it is. Its name: its own text (see above).
        role="status"
        aria-labelledby={file !== null ? labelId : undefined}
        aria-describedby={file !== null ? tipId : undefined}
        onFocus={() => {
          setFocused(true);
          setDismissed(false);
        }}
        onBlur={() => setFocused(false)}
      >
        {opened && file === null && <span style={CLIP}>Read-only: does not refresh</span>}
        {file !== null && <span style={CLIP}>{name}</span>}
        {file !== null && readAt > 0 && (
          <span style={WHEN}>
            {/* Read, not seen: a screen reader reads "name · opened 12:11:36" as one line did. */}
            <span style={OFFSCREEN}> · </span>
            opened {read.toLocaleTimeString()}
          </span>
        )}
      </span>
      {file !== null && (
        <span id={tipId} role="tooltip" data-testid="toolbar-source-details" style={shown ? TIP : OFFSCREEN}>
          {details}
        </span>
      )}
    </span>
  );
}

/**
 * WHY memo and one selector per field shown: the App re-renders on every diff (it holds the grid's view), and
 * the engine status is a new object with every refresh; the toolbar shows neither, so it renders only when a
 * field it shows changes.
 */
export const Toolbar = memo(function Toolbar() {
  const hasStatus = useNetScope((s) => s.status !== null);
  const readOnly = useNetScope((s) => s.status?.readOnly === true);
  const paused = useNetScope((s) => s.status?.paused === true);
  // An opened file: shown read-only by the engine (status), or an import snapshot before the status has come.
  const opened = useNetScope((s) => s.status?.readOnly === true || s.snapshot?.source.kind === 'import');
  const intervalMs = useNetScope((s) => s.status?.intervalMs ?? 1000);
  const hideTimeWait = useNetScope((s) => s.prefs.hideTimeWait);
  const canElevate = useNetScope((s) => s.capabilities?.canElevate === true);
  const [elevating, setElevating] = useState(false);
  const storeApi = useNetScopeStore();
  // Actions are stable functions; reading them from the current state is enough.
  const store = storeApi.getState();
  const intervalS = intervalMs / 1000;
  const intervals = INTERVALS_S.includes(intervalS) ? INTERVALS_S : [...INTERVALS_S, intervalS].sort((a, b) => a - b);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') || (e.key === '/' && !inField)) {
        e.preventDefault();
        storeApi.getState().focusFilter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [storeApi]);

  const elevate = async (): Promise<void> => {
    setElevating(true);
    await store.elevateOwners();
    setElevating(false);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="NetScope">
      {/*
        An opened file does not refresh: its live controls hold their room, unseen, inert and hidden from assistive
        technology, and the file's name is written over them. WHY keep the room: the first screen (boot/first-screen.ts)
        draws the toolbar before the page knows what it shows; a narrower toolbar would wrap elsewhere and move the grid
        when the app replaces it.
      */}
      <span style={ROOM}>
        <span style={opened ? UNSEEN : ROOM} {...(opened ? { 'aria-hidden': true, inert: true } : {})}>
          <button
            type="button"
            className="btn"
            data-testid="pause-toggle"
            disabled={readOnly || !hasStatus}
            aria-pressed={paused}
            onClick={() => void (paused ? store.resume() : store.pause())}
          >
            {/*
              WHY not only paused: an opened file's engine has no scheduler and says paused; the unseen button must keep
              the first screen's '❚❚ Pause' width (boot/first-screen.ts draws that), or the room and the wrap move.
            */}
            {paused && !opened ? '▶ Resume' : '❚❚ Pause'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="refresh-now"
            disabled={readOnly}
            onClick={() => void store.refreshNow()}
          >
            ⟳ Refresh
          </button>
          <label className="interval">
            Every
            <select
              data-testid="interval-select"
              aria-label="Refresh interval"
              disabled={readOnly}
              value={String(intervalS)}
              onChange={(e) => void store.setIntervalMs(Math.round(Number(e.target.value) * 1000))}
            >
              {intervals.map((s) => (
                <option key={s} value={String(s)}>
                  {s} s
                </option>
              ))}
            </select>
          </label>
        </span>
        <SourceLabel opened={opened} />
      </span>
      <FilterBox />
      <label className="toggle" title="TIME_WAIT: connections already closed, kept by the kernel for a while">
        <input
          type="checkbox"
          data-testid="hide-time-wait"
          checked={hideTimeWait}
          onChange={(e) => store.setHideTimeWait(e.target.checked)}
        />
        Hide TIME_WAIT
      </label>
      <UnixToggle />
      <ColumnChooser />
      <button type="button" className="btn" data-testid="export-csv" onClick={() => store.setExportOpen(true)}>
        Export CSV…
      </button>
      {canElevate && (
        <button
          type="button"
          className="btn"
          data-testid="elevate-owners"
          disabled={elevating}
          onClick={() => void elevate()}
        >
          Resolve owners as administrator
        </button>
      )}
    </div>
  );
});
