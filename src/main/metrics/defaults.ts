/**
 * The exporter's settable limits and DoS thresholds with their defaults. A
 * module of its own with no imports but the shared DoS rules', so the command-line parser can use them
 * without loading the metrics code at every `netscope` start.
 */

export interface MetricsLimits {
  /** Per-key series (processes, remote addresses, subnets) keep this many keys plus "(other)". */
  top: number;
  /** Listening sockets keep this many (protocol, family, address, port, process) keys plus "(other)". */
  maxListeners: number;
}

export const DEFAULT_LIMITS: MetricsLimits = { top: 50, maxListeners: 500 };

// The DoS thresholds are shared with the app's DoS view (a module with no imports too).
export { DEFAULT_DOS_RULES, type DosRules } from '../../shared/dos-rules';
