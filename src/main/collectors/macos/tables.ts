/** Routes, interface counters and protocol statistics, each from one netstat call. */
import type { NetInterface, ProtocolStats, Route } from '../../../shared/model';
import type { ParseResult } from '../../parsers/format';
import { parseNetstatS } from '../../parsers/linux-commands/netstat-s';
import { parseBsdNetstatI } from '../../parsers/macos/netstat-ibn';
import { parseBsdRoutes } from '../../parsers/macos/netstat-rn';
import type { Collected, CollectContext, Collector } from '../types';
import { commandText, skippedWarning, type MacosDeps } from './command-text';

function netstatCollector<T>(
  deps: MacosDeps,
  name: string,
  args: string[],
  parse: (text: string) => ParseResult,
  pick: (result: ParseResult) => T,
): Collector<T> {
  return {
    name,
    async collect({ signal }: CollectContext): Promise<Collected<T>> {
      const text = await commandText(deps, 'netstat', args, signal);
      const result = parse(text);
      return { data: pick(result), warnings: skippedWarning(`netstat ${args.join(' ')}`, result) };
    },
  };
}

export function createRoutesCollector(deps: MacosDeps): Collector<Route[]> {
  return netstatCollector(deps, 'routes', ['-rn'], parseBsdRoutes, (r) => r.data.routes ?? []);
}

export function createInterfacesCollector(deps: MacosDeps): Collector<NetInterface[]> {
  return netstatCollector(deps, 'interfaces', ['-ibn'], parseBsdNetstatI, (r) => r.data.interfaces ?? []);
}

export function createProtocolStatsCollector(deps: MacosDeps): Collector<ProtocolStats> {
  return netstatCollector(deps, 'protocol-stats', ['-s'], parseNetstatS, (r) => r.data.protocolStats ?? {});
}
