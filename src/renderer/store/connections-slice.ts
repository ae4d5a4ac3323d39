/**
 * The connections and the engine: the snapshot and row marks fed by the API's
 * pushes (rows.ts does the work), the engine status and capabilities, the
 * transport's state, and the engine commands. Every snapshot is also recorded
 * in the view history (history-slice) in the same update.
 */
import type { SocketEngineChoice } from '../../shared/traffic';
import type { ApiResult, Capabilities, EngineStatus, TransportState } from '../../shared/api';
import { DiffGapError, type SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { SnapshotHead } from '../../shared/wire-head';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';
import { errorText, type NetScopeState, type SliceCreator } from './types';

export interface ConnectionsSlice extends RowsState {
  status: EngineStatus | null;
  capabilities: Capabilities | null;
  /** The transport's state where it can drop (browser mode); null in Electron. */
  connection: TransportState | null;
  /** Why the server closed the connection, when it said (shown in the status bar). */
  connectionReason: string | null;
  resyncing: boolean;
  /**
   * The first screenful of the first snapshot, while the whole of it is on its
   * way (shared/wire-head.ts); null once a snapshot is held. `counts` then
   * hold the whole snapshot's counts.
   */
  head: SnapshotHead | null;

  handleHead(head: SnapshotHead): void;
  handleSnapshot(snapshot: Snapshot): void;
  handleDiff(diff: SnapshotDiff): void;
  handleStatus(status: EngineStatus): void;
  setCapabilities(capabilities: Capabilities): void;
  setConnection(connection: TransportState, reason?: string): void;
  resync(): Promise<void>;

  pause(): Promise<void>;
  resume(): Promise<void>;
  refreshNow(): Promise<void>;
  setIntervalMs(ms: number): Promise<void>;
  /** Lists UNIX domain sockets as rows (protocol 'unix') or stops. */
  setUnixSockets(enabled: boolean): Promise<void>;
  /** Windows: reads each TCP connection's template (netstat -y) while the Template column is shown, or stops. */
  setTcpTemplates(enabled: boolean): Promise<void>;
  /** Linux: which reader lists the sockets (netlink gives traffic counters); kept in the prefs for the next start. */
  setSocketEngine(engine: SocketEngineChoice): Promise<void>;
}

/** Runs fn once the next frame is painted (a task queued from requestAnimationFrame); a plain task without a DOM. */
function afterNextFrame(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

/** The rows update plus the history's, as one store update (one render per push). */
function withHistory(s: NetScopeState, next: RowsState): Partial<NetScopeState> {
  const recorded =
    next.snapshot !== null && next.snapshot !== s.snapshot && s.history.record(next.snapshot, next.snapshotChange);
  return recorded ? { ...next, historyVersion: s.historyVersion + 1 } : next;
}

/** Diffs kept while only a head is held; more than this and the snapshot is fetched again instead. */
const MAX_EARLY_DIFFS = 16;

export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = (set, get, api) => {
  /**
   * Diffs that came while only a head was held: applied once the snapshot
   * they follow arrives (the transport keeps the order, but a diff must never
   * be lost to one that does not).
   */
  let earlyDiffs: SnapshotDiff[] = [];
  /** The saved engine choice is asked for once, on the first status that offers a choice. */
  let engineChoiceRestored = false;

  /** Engine commands answer with the new status; failures become a notice, never a throw. */
  const command = async (run: () => Promise<ApiResult<EngineStatus>>): Promise<void> => {
    const r = await run();
    if (r.ok) get().handleStatus(r.value);
    else get().setNotice({ kind: 'error', text: errorText(r.error) });
  };

  return {
    ...EMPTY_ROWS,
    status: null,
    capabilities: null,
    connection: null,
    connectionReason: null,
    resyncing: false,
    head: null,

    handleHead(head) {
      // Only a page with nothing yet shows a head: a reconnect keeps its rows until the whole snapshot.
      if (get().snapshot !== null) return;
      set({ head, counts: { byProtocol: new Map(head.byProtocol), byState: new Map(head.byState) } });
    },

    handleSnapshot(snapshot) {
      const s = get();
      // A late answer to a resync must not roll a newer view back.
      if (
        s.snapshot &&
        snapshot.source.kind === 'live' &&
        s.snapshot.source.kind === 'live' &&
        snapshot.seq < s.snapshot.seq
      )
        return;
      set({ ...withHistory(s, receiveSnapshot(s, snapshot)), head: null });
      const early = earlyDiffs;
      earlyDiffs = [];
      for (const diff of early) get().handleDiff(diff);
      // The id index that makes diffs O(changes) is built after this snapshot's first frame, not before it.
      afterNextFrame(() => {
        const cur = get();
        if (cur.snapshot === snapshot) withIndex(cur);
      });
    },

    handleDiff(diff) {
      const s = get();
      if (s.resyncing) return;
      if (!s.snapshot) {
        if (s.head !== null && earlyDiffs.length < MAX_EARLY_DIFFS) earlyDiffs.push(diff);
        else void get().resync();
        return;
      }
      try {
        const next = receiveDiff(s, diff);
        if (next !== s) set(withHistory(s, next));
      } catch (e) {
        if (e instanceof DiffGapError) void get().resync();
        else throw e;
      }
    },

    handleStatus(status) {
      set({ status });
      if (engineChoiceRestored || status.socketEngine === undefined) return;
      engineChoiceRestored = true;
      const saved = get().prefs.socketEngine;
      // An engine named at launch wins over one saved in this page: the user who started it chose on purpose.
      if (saved !== null && saved !== status.socketEngine && status.socketEngineFromLaunch !== true)
        void command(() => api.setSocketEngine(saved));
    },
    setCapabilities: (capabilities) => set({ capabilities }),
    setConnection: (connection, reason) =>
      set({ connection, connectionReason: connection === 'closed' ? (reason ?? null) : get().connectionReason }),

    async resync() {
      if (get().resyncing) return;
      set({ resyncing: true });
      try {
        const r = await api.getSnapshot();
        if (r.ok) get().handleSnapshot(r.value);
        else get().setNotice({ kind: 'error', text: `Could not reload the snapshot: ${r.error.message}` });
      } finally {
        set({ resyncing: false });
      }
    },

    pause: () => command(() => api.pause()),
    resume: () => command(() => api.resume()),
    refreshNow: () => command(() => api.refreshNow()),
    setIntervalMs: (ms) => command(() => api.setInterval(ms)),
    setUnixSockets: (enabled) => command(() => api.setUnixSockets(enabled)),
    setTcpTemplates: (enabled) => command(() => api.setTcpTemplates(enabled)),
    setSocketEngine(engine) {
      engineChoiceRestored = true;
      set({ prefs: { ...get().prefs, socketEngine: engine } });
      return command(() => api.setSocketEngine(engine));
    },
  };
};
