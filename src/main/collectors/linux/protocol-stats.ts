/** Protocol counters: /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6, merged by group. */
import type { ProtocolStats } from '../../../shared/model';
import { mergeProtocolStats, parseProcNetSnmp, parseProcNetSnmp6 } from '../../parsers/linux/proc-net-snmp';
import type { ParseResult } from '../../parsers/format';
import type { Collected, Collector } from '../types';
import { readTextOrNull, type ResolvedLinuxOptions } from './proc-fs';

export function createProtocolStatsCollector(options: ResolvedLinuxOptions): Collector<ProtocolStats> {
  return {
    name: 'protocol-stats',
    async collect(): Promise<Collected<ProtocolStats>> {
      const warnings: string[] = [];
      const read = (file: string, parse: (text: string) => ParseResult): ProtocolStats | undefined => {
        const text = readTextOrNull(`${options.procRoot}/net/${file}`);
        if (text === null) return undefined;
        const result = parse(text);
        if (result.skipped.length > 0) warnings.push(`${result.skipped.length} unreadable lines in /proc/net/${file}`);
        warnings.push(...result.warnings.map((w) => `/proc/net/${file}: ${w}`));
        return result.data.protocolStats;
      };
      const snmp = read('snmp', parseProcNetSnmp);
      if (snmp === undefined) throw new Error(`${options.procRoot}/net/snmp does not exist`);
      const data = mergeProtocolStats(snmp, read('netstat', parseProcNetSnmp), read('snmp6', parseProcNetSnmp6));
      return { data, warnings };
    },
  };
}
