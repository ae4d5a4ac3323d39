/** A fake API and small builders for the store's tests (not imported by the app). */
import { vi } from 'vitest';
import type { ApiResult, EngineStatus, NetScopeApi } from '../../shared/api';
import type { SnapshotDiff } from '../../shared/diff';
import {
  assignConnectionIds,
  blankConnection,
  emptySnapshot,
  type Connection,
  type Snapshot,
} from '../../shared/model';
import type { PrefsStorage } from './prefs';

export function conn(
  localPort: number,
  state: Connection['state'] = 'ESTABLISHED',
  pid: number | null = 1,
): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state,
    pid,
  });
}

export function snap(seq: number, connections: Connection[]): Snapshot {
  return emptySnapshot({ seq, host: 'h', connections: assignConnectionIds(connections) });
}

export class FakeApi {
  snapshotListeners = new Set<(s: Snapshot) => void>();
  diffListeners = new Set<(d: SnapshotDiff) => void>();
  statusListeners = new Set<(s: EngineStatus) => void>();
  current: Snapshot = snap(10, [conn(1)]);
  getSnapshot = vi.fn(async (): Promise<ApiResult<Snapshot>> => ({ ok: true, value: this.current }));
  status: EngineStatus = { intervalMs: 1000, paused: false, seq: 10, readOnly: false, title: 'h' };
  setTcpTemplates = vi.fn(async (enabled: boolean): Promise<ApiResult<EngineStatus>> => ({
    ok: true,
    value: { ...this.status, tcpTemplates: enabled ? 'first-read' : 'off' },
  }));

  asApi(): NetScopeApi {
    const fail = async () => ({ ok: false as const, error: { code: 'unsupported' as const, message: 'no' } });
    return {
      getSnapshot: this.getSnapshot,
      getStatus: async () => ({ ok: true, value: this.status }),
      getCapabilities: async () => ({
        ok: true,
        value: { mode: 'browser', canEndProcess: false, canRevealFile: false, canElevate: false, platform: 'linux' },
      }),
      setInterval: async (ms) => ({ ok: true, value: { ...this.status, intervalMs: ms } }),
      setUnixSockets: async (enabled) => ({ ok: true, value: { ...this.status, unixSockets: enabled } }),
      setTcpTemplates: this.setTcpTemplates,
      setSocketEngine: async (engine) => ({ ok: true, value: { ...this.status, socketEngine: engine } }),
      pause: async () => ({ ok: true, value: { ...this.status, paused: true } }),
      resume: async () => ({ ok: true, value: this.status }),
      refreshNow: fail,
      exportCsv: fail,
      getProcessDetails: fail,
      endProcess: fail,
      revealFile: fail,
      resolveHost: fail,
      elevateOwners: fail,
      connectRemote: fail,
      onSnapshot: (l) => (this.snapshotListeners.add(l), () => this.snapshotListeners.delete(l)),
      onDiff: (l) => (this.diffListeners.add(l), () => this.diffListeners.delete(l)),
      onStatus: (l) => (this.statusListeners.add(l), () => this.statusListeners.delete(l)),
      onCommand: () => () => undefined,
    };
  }
  pushDiff(d: SnapshotDiff): void {
    this.diffListeners.forEach((l) => l(d));
  }
}

export function memoryStorage(initial: Record<string, string> = {}): PrefsStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void (data[k] = v),
    removeItem: (k) => void Reflect.deleteProperty(data, k),
  };
}

/**
 * A snapshot of these rows with their ids assigned on copies (assignConnectionIds writes ids into the rows it is
 * given), keeping the first row of each id, as the engine never sends two rows with one id.
 */
export function uniqueSnapshot(cs: Connection[], seq: number): Snapshot {
  const seen = new Set<string>();
  const connections = assignConnectionIds(cs.map((c) => ({ ...c }))).filter((c) => !seen.has(c.id) && seen.add(c.id));
  return emptySnapshot({ seq, host: 'h', connections });
}
