/**
 * File > Connect to Remote Agent...: the URL a `netscope serve` printed (with
 * its #token=, typically the local end of an SSH tunnel). The main process
 * holds the connection, so the page's CSP never allows another origin; the
 * dialog only sends the text and shows the answer (a wrong token, nothing
 * listening ...) in words.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useNetScopeStore } from '../store';
import { errorText } from '../store/types';
import { useEscape } from './useEscape';
import { useFocusTrap } from './useFocusTrap';

export function ConnectRemoteDialog() {
  const store = useNetScopeStore();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = (): void => store.getState().setConnectOpen(false);
  useEscape(close);
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusTrap(dialogRef, inputRef);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const r = await store.getState().connectRemote(url);
    setBusy(false);
    if (r.ok) close();
    else setError(errorText(r.error));
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Connect to Remote Agent"
        data-testid="connect-remote-dialog"
      >
        <h2>Connect to Remote Agent</h2>
        <form onSubmit={(e) => void submit(e)}>
          <label>
            The address <code>netscope serve</code> printed on the server, with its <code>#token=</code>
            <input
              ref={inputRef}
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="http://127.0.0.1:7870/#token=…"
              data-testid="connect-remote-url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <p className="panel-info">
            For a server elsewhere, keep it on 127.0.0.1 and open a tunnel:{' '}
            <code>ssh -L 7870:127.0.0.1:7870 server</code>.
          </p>
          {error && (
            <p className="panel-error" role="alert" data-testid="connect-remote-error">
              {error}
            </p>
          )}
          <div className="modal-buttons">
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button
              type="submit"
              className="btn primary"
              data-testid="connect-remote-confirm"
              disabled={busy || url.trim() === ''}
            >
              {busy ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
