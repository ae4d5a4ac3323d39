/**
 * The status bar's socket engine: which reader listed the sockets (netlink,
 * procfs, ...), why it fell back when it did, and whether the traffic columns
 * have counters (the tooltip says why not).
 */
import { describeSocketEngine, socketEngineOf, trafficAbsentReason } from '../shared/traffic';
import { useNetScope } from './store';

export function SocketEngineStatus() {
  const engine = useNetScope((s) => (s.snapshot ? socketEngineOf(s.snapshot) : null));
  const absent = useNetScope((s) => trafficAbsentReason(s.snapshot));
  if (engine === null) return null;
  const lines = [`Sockets read by: ${describeSocketEngine(engine)}`];
  if (engine.requested !== null) lines.push(`Asked for: ${engine.requested}`);
  lines.push(absent === null ? 'Traffic counters: yes' : `Traffic counters: none (${absent})`);
  return (
    <span
      className={`status-item${engine.fallbackReason === null ? '' : ' warn'}`}
      data-testid="status-engine"
      title={lines.join('\n')}
    >
      {engine.name}
      {engine.fallbackReason === null ? '' : ' (fallback)'}
      {absent === null ? ' · traffic' : ''}
    </span>
  );
}
