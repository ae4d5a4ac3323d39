/**
 * The DoS alarm's thresholds and their defaults: one set for the exporter, the
 * CLI's flags and the app's DoS view. No imports, so the command-line parser
 * can read the defaults without loading the verdict.
 */
export interface DosRules {
  /** Alarm when more than this many SYN_RECV sockets come from remote peers. */
  synRecv: number;
  /** Alarm when one remote address holds more than this fraction of the costly inbound connections... */
  share: number;
  /** ...provided there are at least this many of them (one peer of three is not an attack). */
  minConnections: number;
  /** Count this machine's own peers (loopback, its addresses) like any other; off by default: shown, not alarmed. */
  alarmLocalPeers?: boolean;
}

export const DEFAULT_DOS_RULES: DosRules = { synRecv: 100, share: 0.5, minConnections: 50 };
