/**
 * `--socket-engine netlink|procfs|auto` for `netscope`, `netscope serve` and
 * `netscope top`: which reader lists the sockets on Linux. procfs
 * (/proc/net) has no traffic counters; netlink (sock_diag, as `ss`) has them
 * and says why when the kernel refuses it; auto (the default) is netlink
 * where allowed and procfs otherwise, quietly.
 * WHY through NETSCOPE_SOCKET_ENGINE: that variable is the switch the
 * collectors already read however they are created (the CLI, serve, the
 * reading threads), so the flag sets it for this process rather than
 * threading an option through every command.
 */
import { UsageError, type Flag } from './flag-table';

export const SOCKET_ENGINES = ['netlink', 'procfs', 'auto'] as const;
export type SocketEngineName = (typeof SOCKET_ENGINES)[number];

export function parseSocketEngine(value: string, spelled: string): SocketEngineName {
  const engine = SOCKET_ENGINES.find((e) => e === value.toLowerCase());
  if (engine === undefined)
    throw new UsageError(`${spelled} must be one of ${SOCKET_ENGINES.join(', ')} (got '${value}')`);
  return engine;
}

/** Sets the engine for this process; an engine already chosen in the environment stays unless the flag names one. */
export function chooseSocketEngine(engine: SocketEngineName, env: NodeJS.ProcessEnv = process.env): void {
  env.NETSCOPE_SOCKET_ENGINE = engine;
}

export function socketEngineFlag<T>(): Flag<T> {
  return {
    name: 'socket-engine',
    value: 'ENGINE',
    help: 'Linux: netlink (traffic counters, as ss -i), procfs or auto (netlink where allowed); default auto',
    apply: (_into, value, spelled) => chooseSocketEngine(parseSocketEngine(value, spelled)),
  };
}
