/**
 * Routes and interfaces from IP Helper (ip-routes.ts, ip-interfaces.ts), falling back to `route print` and
 * `netstat -e` when the calls fail; protocol counters from `netstat -s`. Each console command runs, its bytes are
 * decoded (OEM code page) and parsed; the fallbacks are also what imports of those outputs go through.
 */
import type { NetInterface, ProtocolStats, Route } from '../../../shared/model';
import type { ParseResult } from '../../parsers/format';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseNetstatE } from '../../parsers/windows/netstat-e';
import { parseNetstatS } from '../../parsers/windows/netstat-s';
import { parseRoutePrint } from '../../parsers/windows/route-print';
import type { Collected, Collector } from '../types';
import { interfacesFromIfTable } from './ip-interfaces';
import { PERSISTENT_ROUTES_KEY, parsePersistentRoutes, routesFromTables, type PersistentRoute } from './ip-routes';
import {
  decodeForwardTable,
  decodeIfTable2,
  decodeIpInterfaceTable,
  decodeUnicastTable,
  type DecodedRows,
} from './mib-decode';
import type { MibTableName, MibTables } from './mib-native';
import type { CommandRunner } from './run';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runAndParse<T>(
  command: [string, string[]],
  parse: (text: string) => ParseResult,
  pick: (result: ParseResult) => T,
  run: CommandRunner,
  signal: AbortSignal,
): Promise<Collected<T>> {
  const [file, args] = command;
  const output = await run(file, args, { signal, timeoutMs: 30_000 });
  const result = parse(decodeConsoleOutput(output.stdout).text);
  const warnings = [...result.warnings];
  if (output.code !== 0) warnings.push(`${file} ${args.join(' ')} exited with ${output.code}`);
  if (result.skipped.length > 0) warnings.push(`${result.skipped.length} lines of ${file} did not parse`);
  return { data: pick(result), warnings };
}

/** Reads and decodes one table, adding a warning for rows the bytes did not hold or could not be used. */
function readDecoded<T>(
  mib: MibTables,
  table: MibTableName,
  decode: (bytes: Uint8Array) => DecodedRows<T>,
  warnings: string[],
): T[] {
  const decoded = decode(mib.read(table));
  if (decoded.truncated) warnings.push(`${table} table was shorter than its row count said: read what was there`);
  if (decoded.skipped > 0) warnings.push(`${decoded.skipped} ${table} rows had an unknown address family`);
  return decoded.rows;
}

/** A table the result can do without: null and a warning when its call fails. */
function optional<T>(read: () => T[], warnings: string[], consequence: string): T[] | null {
  try {
    return read();
  } catch (error) {
    warnings.push(`${errorText(error)}: ${consequence}`);
    return null;
  }
}

async function persistentRoutes(
  run: CommandRunner,
  signal: AbortSignal,
  warnings: string[],
): Promise<PersistentRoute[]> {
  try {
    const output = await run('reg', ['query', PERSISTENT_ROUTES_KEY], { signal, timeoutMs: 10_000 });
    // reg.exe exits 1 when the key does not exist: no persistent routes, nothing to say.
    return output.code === 0 ? parsePersistentRoutes(decodeConsoleOutput(output.stdout).text) : [];
  } catch (error) {
    warnings.push(`persistent routes not read (${errorText(error)})`);
    return [];
  }
}

/**
 * How long a registry read of the persistent routes is reused. WHY: they change only through `route -p`, and
 * reading them starts reg.exe, which every refresh (1 s) would be a process start per second for nothing.
 */
export const PERSISTENT_ROUTES_TTL_MS = 30_000;

type PersistentReader = (signal: AbortSignal, warnings: string[]) => Promise<PersistentRoute[]>;

function cachedPersistentRoutes(run: CommandRunner, now: () => number): PersistentReader {
  let cache: { at: number; routes: PersistentRoute[] } | null = null;
  return async (signal, warnings) => {
    if (cache !== null && now() - cache.at < PERSISTENT_ROUTES_TTL_MS) return cache.routes;
    const readWarnings: string[] = [];
    const routes = await persistentRoutes(run, signal, readWarnings);
    for (const warning of readWarnings) warnings.push(warning);
    // A failed read is retried on the next refresh rather than remembered.
    cache = readWarnings.length === 0 ? { at: now(), routes } : null;
    return routes;
  };
}

async function routesFromIpHelper(
  mib: MibTables,
  readPersistent: PersistentReader,
  signal: AbortSignal,
): Promise<Collected<Route[]>> {
  const warnings: string[] = [];
  const forward = readDecoded(mib, 'forward', decodeForwardTable, warnings);
  const ipInterfaces = optional(
    () => readDecoded(mib, 'ipInterface', decodeIpInterfaceTable, warnings),
    warnings,
    'metrics are the routes’ own, without the interface metric',
  );
  const unicast = optional(
    () => readDecoded(mib, 'unicast', decodeUnicastTable, warnings),
    warnings,
    'no interface addresses',
  );
  const interfaces = optional(
    () => readDecoded(mib, 'ifTable', decodeIfTable2, warnings),
    warnings,
    'interfaces shown by number',
  );
  const persistent = await readPersistent(signal, warnings);
  return { data: routesFromTables({ forward, ipInterfaces, unicast, interfaces, persistent }), warnings };
}

export function createRoutesCollector(
  run: CommandRunner,
  mibTables: () => Promise<MibTables>,
  now: () => number = Date.now,
): Collector<Route[]> {
  const readPersistent = cachedPersistentRoutes(run, now);
  return {
    name: 'routes',
    async collect({ signal }) {
      let reason: string;
      try {
        return await routesFromIpHelper(await mibTables(), readPersistent, signal);
      } catch (error) {
        reason = errorText(error);
      }
      const fallback = await runAndParse(
        ['route', ['print']],
        parseRoutePrint,
        (r) => r.data.routes ?? [],
        run,
        signal,
      );
      return {
        data: fallback.data,
        warnings: [`IP Helper routes unavailable (${reason}): read route print instead`, ...fallback.warnings],
      };
    },
  };
}

export interface InterfaceOptions {
  /** Also list what Get-NetAdapter hides (filter layers, loopback, software tunnels). */
  includeHidden?: boolean;
}

export function createInterfacesCollector(
  run: CommandRunner,
  mibTables: () => Promise<MibTables>,
  options: InterfaceOptions = {},
): Collector<NetInterface[]> {
  return {
    name: 'interfaces',
    async collect({ signal }) {
      let reason: string;
      try {
        const warnings: string[] = [];
        const rows = readDecoded(await mibTables(), 'ifTable', decodeIfTable2, warnings);
        return { data: interfacesFromIfTable(rows, options), warnings };
      } catch (error) {
        reason = errorText(error);
      }
      const fallback = await runAndParse(
        ['netstat', ['-e']],
        parseNetstatE,
        (r) => r.data.interfaces ?? [],
        run,
        signal,
      );
      return {
        data: fallback.data,
        warnings: [
          `IP Helper interfaces unavailable (${reason}): machine-wide totals from netstat -e (32-bit counters: they wrap past 4 GiB)`,
          ...fallback.warnings,
        ],
      };
    },
  };
}

export function createProtocolStatsCollector(run: CommandRunner): Collector<ProtocolStats> {
  return {
    name: 'protocol-stats',
    collect: ({ signal }) =>
      runAndParse(['netstat', ['-s']], parseNetstatS, (r) => r.data.protocolStats ?? {}, run, signal),
  };
}
