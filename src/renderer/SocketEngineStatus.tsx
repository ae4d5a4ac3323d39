/**
 * The status bar's socket engine: which reader listed the sockets (netlink,
 * procfs, ...), why it fell back when it did, and whether the traffic columns
 * have counters (the tooltip says why not). Where the engine can switch
 * (Linux, live), a menu chooses it: netlink gives the traffic counters.
 * Beside the menu the item says only what the menu does not: the engine that
 * ran when it is not the one chosen (auto, a fallback), and "traffic". The
 * tooltip also says how the owners were read (the BPF fd iterator or /proc).
 */
import {
  describeSocketEngine,
  isSocketEngineChoice,
  SOCKET_ENGINE_CHOICES,
  socketEngineOf,
  trafficAbsentReason,
} from '../shared/traffic';
import { useShallow } from 'zustand/react/shallow';
import { useNetScope, useNetScopeStore } from './store';

const LABELS: Record<(typeof SOCKET_ENGINE_CHOICES)[number], string> = {
  procfs: 'procfs',
  netlink: 'netlink',
  auto: 'auto',
};

export function SocketEngineStatus() {
  const store = useNetScopeStore();
  // Compared field by field: each diff's snapshot brings its collectors' reports anew, the same engine in a new object,
  // which would render this item (and its menu) at every diff for nothing it shows.
  const engine = useNetScope(useShallow((s) => (s.snapshot ? socketEngineOf(s.snapshot) : null)));
  const absent = useNetScope((s) => trafficAbsentReason(s.snapshot));
  const choice = useNetScope((s) => s.status?.socketEngine);
  if (engine === null) return null;
  const lines = [`Sockets read by: ${describeSocketEngine(engine)}`];
  if (engine.requested !== null) lines.push(`Asked for: ${engine.requested}`);
  lines.push(absent === null ? 'Traffic counters: yes' : `Traffic counters: none (${absent})`);
  // Where the engine says (Linux): /proc's fd links, the BPF fd iterator for large processes, or why it is off.
  if (engine.owners !== undefined) lines.push(`Owners read by: ${engine.owners}`);
  const ranAsChosen = choice === engine.name && engine.fallbackReason === null;
  const ran = choice === undefined ? engine.name : ranAsChosen ? '' : `→ ${engine.name}`;
  const traffic = absent === null ? (ran === '' ? '· traffic' : ' · traffic') : '';
  const text = `${ran}${engine.fallbackReason === null ? '' : ' (fallback)'}${traffic}`;
  const item =
    text === '' ? null : (
      <span
        // status-fixed: never shrunk, the engine's name stays whole at every width (styles.css).
        className={`status-item status-fixed${engine.fallbackReason === null ? '' : ' warn'}`}
        data-testid="status-engine"
        title={lines.join('\n')}
      >
        {text}
      </span>
    );
  if (choice === undefined) return item;
  return (
    <>
      <select
        className="status-select"
        data-testid="socket-engine-select"
        aria-label="Socket engine (netlink reads traffic counters)"
        title={lines.join('\n')}
        value={choice}
        onChange={(e) => {
          if (isSocketEngineChoice(e.target.value)) void store.getState().setSocketEngine(e.target.value);
        }}
      >
        {SOCKET_ENGINE_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
      {item}
    </>
  );
}
