/**
 * The toolbar's "UNIX sockets" switch: off by default (a server has thousands,
 * and listing them walks every process's fds), shown only where the engine can
 * list them (Linux, macOS, or an imported file that has them; the status
 * says). On, the rows join the grid as protocol 'unix' (filter `proto:unix`),
 * with their Socket Type, Inode and Peer Inode columns made visible.
 */
import { useState } from 'react';
import { useNetScope, useNetScopeStore } from './store';

export const UNIX_COLUMNS = ['unixType', 'inode', 'peerInode'] as const;

export function UnixToggle() {
  const available = useNetScope((s) => s.status?.unixSockets);
  const store = useNetScopeStore();
  // The click shows at once; the engine's answer (its status, or an error notice) then decides. Without this the
  // box stays as it was until the round trip ends, and reads as a click that did nothing.
  const [pending, setPending] = useState<boolean | null>(null);
  if (available === undefined) return null;

  const change = (on: boolean): void => {
    const state = store.getState();
    if (on) for (const id of UNIX_COLUMNS) state.setColumnVisible(id, true);
    setPending(on);
    void state.setUnixSockets(on).finally(() => setPending(null));
  };

  return (
    <label className="toggle" title="UNIX domain sockets: listed only while this is on (there may be thousands)">
      <input
        type="checkbox"
        data-testid="unix-sockets-toggle"
        checked={pending ?? available}
        onChange={(e) => change(e.target.checked)}
      />
      UNIX sockets
    </label>
  );
}
