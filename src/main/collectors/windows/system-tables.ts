/**
 * Routes (`route print`), interface totals (`netstat -e`) and protocol counters
 * (`netstat -s`): each runs the command, decodes its bytes and parses.
 */
import type { NetInterface, ProtocolStats, Route } from '../../../shared/model';
import type { ParseResult } from '../../parsers/format';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseNetstatE } from '../../parsers/windows/netstat-e';
import { parseNetstatS } from '../../parsers/windows/netstat-s';
import { parseRoutePrint } from '../../parsers/windows/route-print';
import type { Collected, Collector } from '../types';
import type { CommandRunner } from './run';

function commandCollector<T>(
  name: string,
  command: [string, string[]],
  parse: (text: string) => ParseResult,
  pick: (result: ParseResult) => T,
  run: CommandRunner,
): Collector<T> {
  return {
    name,
    async collect({ signal }): Promise<Collected<T>> {
      const [file, args] = command;
      const output = await run(file, args, { signal, timeoutMs: 30_000 });
      const decoded = decodeConsoleOutput(output.stdout);
      const result = parse(decoded.text);
      const warnings = [...result.warnings];
      if (output.code !== 0) warnings.push(`${file} ${args.join(' ')} exited with ${output.code}`);
      if (result.skipped.length > 0) warnings.push(`${result.skipped.length} lines of ${file} did not parse`);
      return { data: pick(result), warnings };
    },
  };
}

export function createRoutesCollector(run: CommandRunner): Collector<Route[]> {
  return commandCollector('routes', ['route', ['print']], parseRoutePrint, (r) => r.data.routes ?? [], run);
}

export function createInterfacesCollector(run: CommandRunner): Collector<NetInterface[]> {
  return commandCollector('interfaces', ['netstat', ['-e']], parseNetstatE, (r) => r.data.interfaces ?? [], run);
}

export function createProtocolStatsCollector(run: CommandRunner): Collector<ProtocolStats> {
  return commandCollector('protocol-stats', ['netstat', ['-s']], parseNetstatS, (r) => r.data.protocolStats ?? {}, run);
}
