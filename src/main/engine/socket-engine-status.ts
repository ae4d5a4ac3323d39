/**
 * The socket engine's status for a connections collector that does not report one (every platform's collector
 * does today: Linux netlink or procfs, Windows iphlpapi with EStats, macOS netstat+lsof with nettop; this is for a
 * collector that does not, such as a test's or a future platform's). Tells the traffic columns why they are empty,
 * without claiming anything about the OS. WHY not "not read on this OS yet" as before: Linux reads them, and a
 * status that fell through to here (session 27's UNIX toggle) told the user the opposite.
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
    trafficNote: 'this connections collector reads no per-connection counters',
  };
}
