/**
 * The exporter's settable limits and DoS thresholds with their defaults. A
 * module of its own with no imports, so the command-line parser can use them
 * without loading the metrics code at every `netscope` start.
 */

export interface MetricsLimits {
  /** Per-key series (processes, remote addresses, subnets) keep this many keys plus "(other)". */
  top: number;
  /** Listening sockets keep this many (protocol, family, address, port, process) keys plus "(other)". */
  maxListeners: number;
}

export const DEFAULT_LIMITS: MetricsLimits = { top: 50, maxListeners: 500 };

export interface DosRules {
  /** Alarm when more than this many SYN_RECV sockets come from remote peers. */
  synRecv: number;
  /** Alarm when one remote address holds more than this fraction of the costly inbound connections... */
  share: number;
  /** ...provided there are at least this many of them (one peer of three is not an attack). */
  minConnections: number;
}

export const DEFAULT_DOS_RULES: DosRules = { synRecv: 100, share: 0.5, minConnections: 50 };
