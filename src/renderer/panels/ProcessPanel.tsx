/**
 * The process side panel: details of one PID and every socket it holds,
 * refreshed with each snapshot; 'Show in folder' and 'End process...' (with a
 * confirmation naming the process). API errors are shown here, typed.
 */
import { useEffect, useState } from 'react';
import type { ApiError, ProcessDetails } from '../../shared/api';
import { protocolLabel } from '../../shared/model';
import { useNetScope, useNetScopeStore } from '../store';
import { ConfirmDialog } from './ConfirmDialog';

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

  const fields: [string, string][] = [
    ['PID', String(pid)],
    ['Name', details?.name ?? ''],
    ['Path', details?.exePath ?? ''],
    ['Command line', details?.commandLine ?? ''],
    ['User', details?.user ?? ''],
    ['Started', typeof details?.startTime === 'number' ? new Date(details.startTime).toLocaleString() : ''],
  ];

  return (
    <aside className="side-panel" data-testid="process-panel" aria-label={`Process ${pid}`}>
      <header className="panel-header">
        <h2>
          {details?.name ?? 'Process'} <span className="muted">PID {pid}</span>
        </h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={close}>
          ×
        </button>
      </header>
      <dl className="details">
        {fields.map(([k, v]) => (
          <div key={k} className="detail">
            <dt>{k}</dt>
            <dd className={k === 'Path' || k === 'Command line' ? 'mono' : undefined}>{v || '—'}</dd>
          </div>
        ))}
      </dl>
      <div className="panel-buttons">
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
      <h3>Sockets ({details?.connections.length ?? 0})</h3>
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
          {details?.connections.map((c) => (
            <tr key={c.id} data-testid="process-socket-row" data-row-id={c.id}>
              <td>{protocolLabel(c)}</td>
              <td className="mono">{endpoint(c.localAddress, c.localPort)}</td>
              <td className="mono">{endpoint(c.remoteAddress, c.remotePort)}</td>
              <td>{c.state === 'NONE' ? '' : c.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
