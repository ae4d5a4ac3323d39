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

export class UnixSocketsSwitch {
  private readonly state: UnixRowsSwitch = { enabled: false };
  private readonly imported: Connection[] | null;
  private fixedWithRows: Snapshot | null = null;

  /**
   * @param live the platform's UNIX socket collector, or null (Windows, an imported file)
   * @param fixed the imported file's snapshot, or null when live
   */
  constructor(
    private readonly live: Collector<UnixSocket[]> | null,
    private readonly fixed: Snapshot | null,
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

  /** A process's UNIX sockets while the grid does not list them (one listing); none otherwise. */
  async rowsOf(pid: number): Promise<Connection[]> {
    if (!this.live || this.state.enabled) return [];
    const listed = await this.live.collect({ signal: AbortSignal.timeout(10_000) }).catch(() => null);
    return assignConnectionIds(unixSocketRows(listed?.data.filter((s) => s.pid === pid) ?? []));
  }
}
