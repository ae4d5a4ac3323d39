/**
 * Routes: /proc/net/route (IPv4 main table) and /proc/net/ipv6_route, read in
 * the reading thread. One family that cannot be read leaves the other's routes
 * with a warning; both failing is an error.
 */
import { endianness } from 'node:os';
import type { Route } from '../../../shared/model';
import { withFibTrie } from '../../parsers/linux/proc-net-fib-trie';
import { parseProcNetIpv6Route, parseProcNetRoute } from '../../parsers/linux/proc-net-route';
import type { ParseResult } from '../../parsers/format';
import type { Collected, CollectContext, Collector } from '../types';
import type { ResolvedLinuxOptions } from './proc-fs';
import { readFiles, type FileRead } from './proc-reads';
import type { ProcLane } from './worker-lane';

export function createRoutesCollector(options: ResolvedLinuxOptions, io: ProcLane): Collector<Route[]> {
  const v4Path = `${options.procRoot}/net/route`;
  const v6Path = `${options.procRoot}/net/ipv6_route`;
  // The local table and route types (/proc/net/route has neither): what a lookup needs to answer as the kernel.
  const triePath = `${options.procRoot}/net/fib_trie`;
  // WHY: routes rarely change, and the kernel gives no cheap sign that they did (the files' mtime stays put). The
  // files are read every time (three small reads), but the same three texts are not parsed again: the last answer
  // is the answer. The scheduler's diff then gets the same array and compares it without a walk.
  let last: { texts: (string | null)[]; routes: Route[]; warnings: string[] } | null = null;
  return {
    name: 'routes',
    async collect(context: CollectContext): Promise<Collected<Route[]>> {
      const [v4, v6, trie] = await readFiles(io, [v4Path, v6Path, triePath], 'latin1', context.signal);
      const texts = [v4?.text ?? null, v6?.text ?? null, trie?.text ?? null];
      const readWell = !v4?.problem && !v6?.problem && !trie?.problem;
      if (readWell && last !== null && texts.every((text, i) => text === last?.texts[i]))
        return { data: last.routes, warnings: [...last.warnings] };
      const { data, warnings } = parseRoutes(v4, v6, trie);
      // Only a whole read is kept: a family that failed this time is read and parsed again next time.
      last = readWell ? { texts, routes: data, warnings: [...warnings] } : null;
      return { data, warnings };
    },
  };

  function parseRoutes(v4?: FileRead, v6?: FileRead, trie?: FileRead): Collected<Route[]> {
    const warnings: string[] = [];
    const routes: Route[] = [];
    const add = (file: string, result: ParseResult): void => {
      // A loop, not push(...): a full BGP table is ~1M routes, past the stack's limit for spread arguments.
      for (const route of result.data.routes ?? []) routes.push(route);
      if (result.skipped.length > 0) warnings.push(`${result.skipped.length} unreadable lines in ${file}`);
    };
    if (v4?.text !== undefined && v4.text !== null) {
      const parsed = parseProcNetRoute(v4.text, { endianness: endianness() === 'LE' ? 'le' : 'be' });
      // Without fib_trie (an older kernel, a trimmed /proc) the main table alone, as before.
      const main = parsed.data.routes ?? [];
      if (typeof trie?.text === 'string') parsed.data.routes = withFibTrie(main, trie.text);
      add('/proc/net/route', parsed);
    } else if (v4?.problem) warnings.push(`IPv4 routes are missing: ${v4Path}: ${v4.problem}`);
    else warnings.push('/proc/net/route is missing: no IPv4 routes');
    // Absent when IPv6 is disabled: not worth a warning.
    if (v6?.text !== undefined && v6.text !== null) add('/proc/net/ipv6_route', parseProcNetIpv6Route(v6.text));
    else if (v6?.problem) warnings.push(`IPv6 routes are missing: ${v6Path}: ${v6.problem}`);
    if (v4?.problem && v6?.problem) throw new Error(`${v4Path}: ${v4.problem}; ${v6Path}: ${v6.problem}`);
    return { data: routes, warnings };
  }
}
