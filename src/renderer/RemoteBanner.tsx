/**
 * The desktop app showing a remote agent that went away: a banner says which
 * agent, why and when the next try is (the main process reconnects with
 * backoff). The window keeps the last data and stays usable meanwhile.
 */
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNetScope } from './store';

export const RemoteBanner = memo(function RemoteBanner() {
  // Field by field: the engine's status comes anew after every refresh, the same agent in a new object.
  const remote = useNetScope(useShallow((s) => s.status?.remote ?? null));
  if (!remote || remote.state === 'open') return null;
  return (
    <div className="notice error" role="alert" data-testid="remote-banner">
      <span>
        Lost the remote agent {remote.message ?? remote.address}. Showing its last data; File &gt; Back to This Computer
        returns.
      </span>
    </div>
  );
});
