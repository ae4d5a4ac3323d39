/**
 * The backend's "UNIX sockets" switch (API setUnixSockets): off at start. Live,
 * it makes the connections collector add UNIX socket rows (unix-rows.ts); for
 * an imported file that has UNIX sockets (ss -x, netstat -x, /proc/net/unix) it
 * adds the file's. Also a process's UNIX sockets for the process panel while
 * the grid has none.
 */
import { assignConnectionIds, type Connection, type Snapshot } from '../../shared/model';
import type { UnixSocket } from '../../shared/unix-socket';
import type { Collector, PlatformCollectors } from '../collectors/types';
import { unixSocketRows, withUnixRows, type UnixRowsSwitch } from './unix-rows';

/** How long the process panel's listing of UNIX sockets is reused (the panel asks on every refresh). */
export const LISTING_REUSE_MS = 5000;

export class UnixSocketsSwitch {
  private readonly state: UnixRowsSwitch = { enabled: false };
  private readonly imported: Connection[] | null;
  private fixedWithRows: Snapshot | null = null;
  /** The process panel's last listing: it asks on every refresh, a listing walks every process's fds. */
  private recent: { at: number; sockets: Promise<UnixSocket[] | null> } | null = null;

  /**
   * @param live the platform's UNIX socket collector, or null (Windows, an imported file)
   * @param fixed the imported file's snapshot, or null when live
   * @param now the clock that ages the process panel's listing (a fake one in tests)
   */
  constructor(
    private readonly live: Collector<UnixSocket[]> | null,
    fixed: Snapshot | null,
    private readonly now: () => number = Date.now,
  ) {
    const sockets = fixed?.unixSockets;
    this.imported = sockets?.length ? assignConnectionIds(unixSocketRows(sockets)) : null;
  }

  get available(): boolean {
    return this.live !== null || this.imported !== null;
  }

  get enabled(): boolean {
    return this.state.enabled;
  }

  /** Whether it changed. */
  set(enabled: boolean): boolean {
    if (this.state.enabled === enabled) return false;
    this.state.enabled = enabled;
    return true;
  }

  /** The collectors the scheduler runs: with UNIX rows while on, where the platform lists them. */
  collectors(platform: PlatformCollectors): PlatformCollectors {
    return this.live ? withUnixRows(platform, this.live, this.state) : platform;
  }

  /** The imported snapshot as shown: with its UNIX rows while on. */
  shown(fixed: Snapshot): Snapshot {
    if (!this.imported || !this.state.enabled) return fixed;
    this.fixedWithRows ??= { ...fixed, connections: fixed.connections.concat(this.imported) };
    return this.fixedWithRows;
  }

  /** The status field: absent where nothing can be listed. */
  status(): { unixSockets?: boolean } {
    return this.available ? { unixSockets: this.state.enabled } : {};
  }

  /**
   * A process's UNIX sockets while the grid does not list them; none otherwise.
   * One listing serves every call for LISTING_REUSE_MS.
   */
  async rowsOf(pid: number): Promise<Connection[]> {
    const live = this.live;
    if (!live || this.state.enabled) return [];
    const at = this.now();
    if (!this.recent || at - this.recent.at >= LISTING_REUSE_MS) {
      const sockets = live
        .collect({ signal: AbortSignal.timeout(10_000) })
        .then((listed) => listed.data)
        .catch(() => null);
      this.recent = { at, sockets };
    }
    const sockets = (await this.recent.sockets) ?? [];
    return assignConnectionIds(unixSocketRows(sockets.filter((s) => s.pid === pid)));
  }
}
