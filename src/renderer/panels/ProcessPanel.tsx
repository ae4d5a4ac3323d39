/**
 * The process side panel: details of one PID and every socket it holds,
 * refreshed with each snapshot; 'Show in folder' and 'End process...' (with a
 * confirmation naming the process). API errors are shown here, typed.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ApiError, ProcessDetails } from '../../shared/api';
import { hasNoPeer } from '../../shared/columns';
import { protocolLabel } from '../../shared/model';
import { visibleText } from '../../shared/visible-text';
import { useNetScope, useNetScopeStore } from '../store';
import { useFocusGrid } from '../grid/grid-focus';
import { PATH_BREAKS, withBreaks } from '../views/break-points';
import { ConfirmDialog } from './ConfirmDialog';
import { ProcessTraffic } from './ProcessTraffic';
import { UnixSocketList } from './UnixSocketList';
import { useEscapeUnlessHandled } from './useEscape';

const ERROR_HINTS: Partial<Record<ApiError['code'], string>> = {
  'process-changed': 'The PID now belongs to another process; nothing was ended.',
  forbidden: 'Not allowed: NetScope lacks the rights for this, or actions are disabled.',
  'not-found': 'The process no longer exists.',
  unsupported: 'Not supported here.',
};

function describeError(e: ApiError): string {
  const hint = ERROR_HINTS[e.code];
  return hint ? `${hint} (${e.code}: ${e.message})` : `${e.code}: ${e.message}`;
}

const endpoint = (a: string, p: number): string => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);

/**
 * Focus for a panel that opens beside the grid: it stays where it was (the
 * grid, when opened from a row) or, when that was lost (the row menu closed),
 * goes to the panel's close button; when the panel closes with focus inside
 * it, focus goes back where it came from, else to the grid.
 */
function useReturnFocus(panel: RefObject<HTMLElement | null>, fallbackInside: RefObject<HTMLElement | null>): void {
  const focusGrid = useFocusGrid();
  useLayoutEffect(() => {
    const from = document.activeElement;
    const el = panel.current;
    const lost = !from || from === document.body;
    if (lost) fallbackInside.current?.focus();
    return () => {
      if (!el?.contains(document.activeElement)) return;
      if (!lost && from instanceof HTMLElement && from.isConnected) from.focus();
      else focusGrid();
    };
    // Once per panel (App keys it by PID).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

export function ProcessPanel({ pid }: { pid: number }) {
  const store = useNetScopeStore();
  const seq = useNetScope((s) => s.snapshot?.seq ?? 0);
  const caps = useNetScope((s) => s.capabilities);
  const [details, setDetails] = useState<ProcessDetails | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  // An action's answer (End process, Show in folder) stays until the next action: the reload on each refresh
  // below must not wipe why an action was refused before the user could read it.
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const error = actionError ?? loadError;
  const [info, setInfo] = useState<string | null>(null);
  // In the UI store, so 'End process...' from the context menu opens it even when this panel is already open.
  const confirming = useNetScope((s) => s.confirmEnd);
  const setConfirming = (confirmEnd: boolean): void => store.getState().setConfirmEnd(confirmEnd);
  const [ending, setEnding] = useState(false);
  const panelRef = useRef<HTMLElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  // Refetch on every snapshot so the socket list stays live; stale answers are dropped.
  useEffect(() => {
    let current = true;
    void store
      .getState()
      .getProcessDetails(pid)
      .then((r) => {
        if (!current) return;
        if (r.ok) {
          setDetails(r.value);
          setLoadError(null);
        } else {
          setLoadError(r.error);
        }
      });
    return () => {
      current = false;
    };
  }, [store, pid, seq]);

  const close = (): void => store.getState().openProcess(null);
  // Escape closes the panel (after any dialog on it), and focus goes back where it came from.
  useEscapeUnlessHandled(close);
  useReturnFocus(panelRef, closeRef);
  const name = details?.name ?? 'process';
  const canEnd = caps?.canEndProcess === true;

  const endProcess = async (): Promise<void> => {
    setEnding(true);
    const r = await store.getState().endProcess({ pid, startTime: details?.startTime ?? null });
    setEnding(false);
    setConfirming(false);
    setActionError(r.ok ? null : r.error);
    if (r.ok) setInfo(`Ended ${name} (PID ${pid}).`);
  };

  const reveal = async (path: string): Promise<void> => {
    const r = await store.getState().revealFile(path);
    setActionError(r.ok ? null : r.error);
  };

  // The engine lists the process's UNIX sockets too (from the grid's rows, or one listing when they are off there).
  const inet = details?.connections.filter((c) => c.protocol !== 'unix') ?? [];
  const unix = details?.connections.filter((c) => c.protocol === 'unix') ?? [];

  const fields: [string, string][] = [
    ['PID', String(pid)],
    // Shown as what they are (shared/visible-text.ts): a bidi override in a name would reorder what it shows.
    ['Name', visibleText(details?.name ?? '')],
    ['Path', visibleText(details?.exePath ?? '')],
    ['Command line', visibleText(details?.commandLine ?? '')],
    ['User', visibleText(details?.user ?? '')],
    ['Started', typeof details?.startTime === 'number' ? new Date(details.startTime).toLocaleString() : ''],
  ];

  return (
    <aside ref={panelRef} className="side-panel" data-testid="process-panel" aria-label={`Process ${pid}`}>
      <header className="panel-header">
        <h2>
          {details?.name ? visibleText(details.name) : 'Process'} <span className="muted">PID {pid}</span>
        </h2>
        <button ref={closeRef} type="button" className="icon-btn" aria-label="Close (Escape)" onClick={close}>
          ×
        </button>
      </header>
      <dl className="details">
        {fields.map(([k, v]) => (
          <div key={k} className="detail">
            <dt>{k}</dt>
            <dd className={k === 'Path' || k === 'Command line' ? 'mono wrap-at-separators' : undefined}>
              {v ? withBreaks(v, PATH_BREAKS) : '—'}
            </dd>
          </div>
        ))}
      </dl>
      <div className="panel-buttons">
        <button
          type="button"
          className="btn"
          data-testid="process-show-in-grid"
          title={`Filter the connection grid to this process (pid:${pid})`}
          onClick={() => store.getState().showInGrid(`pid:${pid}`)}
        >
          Show in grid
        </button>
        {caps?.canRevealFile && details?.exePath && (
          <button type="button" className="btn" onClick={() => void reveal(details.exePath ?? '')}>
            Show in folder
          </button>
        )}
        <button
          type="button"
          className="btn danger"
          disabled={!canEnd || !details}
          title={canEnd ? undefined : 'Ending processes is not enabled here'}
          onClick={() => setConfirming(true)}
        >
          End process...
        </button>
      </div>
      {error && (
        <p className="panel-error" role="alert" data-testid="process-error" data-code={error.code}>
          {describeError(error)}
        </p>
      )}
      {info && <p className="panel-info">{info}</p>}
      <ProcessTraffic pid={pid} />
      <h3>Sockets ({inet.length})</h3>
      <table className="mini-table">
        <thead>
          <tr>
            <th>Proto</th>
            <th>Local</th>
            <th>Remote</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {inet.map((c) => (
            <tr key={c.id} data-testid="process-socket-row" data-row-id={c.id}>
              <td>{protocolLabel(c)}</td>
              <td className="mono">{endpoint(c.localAddress, c.localPort)}</td>
              <td className="mono">{hasNoPeer(c) ? '*' : endpoint(c.remoteAddress, c.remotePort)}</td>
              <td>{c.state === 'NONE' ? '' : c.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unix.length > 0 && <UnixSocketList sockets={unix} />}
      {confirming && details && canEnd && (
        <ConfirmDialog
          message={`End process ${name} (PID ${pid})?`}
          confirmLabel="End process"
          busy={ending}
          onConfirm={() => void endProcess()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </aside>
  );
}
