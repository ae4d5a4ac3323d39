/**
 * The socket engine's status for platforms whose collectors do not report one
 * (Linux's connections collector does: netlink or procfs, see
 * collectors/linux/connections.ts). Tells the traffic columns why they are empty.
 */
import type { SocketEngineStatus } from '../../shared/model';

const SOURCES: Record<string, string> = {
  win32: 'iphlpapi',
  windows: 'iphlpapi',
  darwin: 'netstat+lsof',
  macos: 'netstat+lsof',
};

export function defaultSocketEngine(platform: string): SocketEngineStatus {
  return {
    name: SOURCES[platform] ?? platform,
    requested: null,
    fallbackReason: null,
    traffic: false,
    trafficNote: 'per-connection counters are not read on this OS yet',
  };
}
