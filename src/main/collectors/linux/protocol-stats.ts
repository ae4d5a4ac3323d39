/**
 * Protocol counters: /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6,
 * read in the reading thread and merged by group. Without snmp the collector
 * fails; the other two only add a warning when they cannot be read.
 */
import type { ProtocolStats } from '../../../shared/model';
import {
  mergeProtocolStats,
  parseProcNetSnmp,
  parseProcNetSnmp6,
  SnmpPairMemo,
} from '../../parsers/linux/proc-net-snmp';
import type { ParseResult } from '../../parsers/format';
import type { Collected, CollectContext, Collector } from '../types';
import type { ResolvedLinuxOptions } from './proc-fs';
import { readFiles, type FileRead } from './proc-reads';
import type { ProcLane } from './worker-lane';

const FILES = ['snmp', 'netstat', 'snmp6'] as const;

export function createProtocolStatsCollector(options: ResolvedLinuxOptions, io: ProcLane): Collector<ProtocolStats> {
  const paths = FILES.map((file) => `${options.procRoot}/net/${file}`);
  // WHY: a file whose text did not change since the last refresh (snmp6 on a host with no IPv6 traffic, often all
  // three on an idle one) is not parsed again; its last parse is reused (parsed groups are never written to).
  const lastParse = new Map<string, { text: string; result: ParseResult }>();
  // A text that did change is parsed again only in its pairs of lines that did (proc-net-snmp.ts SnmpPairMemo).
  const snmpPairs = new SnmpPairMemo();
  const netstatPairs = new SnmpPairMemo();
  const parseOnce = (file: string, text: string, parser: (text: string) => ParseResult): ParseResult => {
    const last = lastParse.get(file);
    if (last !== undefined && last.text === text) return last.result;
    const result = parser(text);
    lastParse.set(file, { text, result });
    return result;
  };
  return {
    name: 'protocol-stats',
    async collect(context: CollectContext): Promise<Collected<ProtocolStats>> {
      const warnings: string[] = [];
      const [snmpFile, netstatFile, snmp6File] = await readFiles(io, paths, 'latin1', context.signal);
      const parse = (file: string, read: FileRead | undefined, parser: (text: string) => ParseResult) => {
        if (read?.problem) warnings.push(`/proc/net/${file} could not be read: ${read.problem}`);
        const text = read?.text ?? null;
        if (text === null) return undefined;
        const result = parseOnce(file, text, parser);
        if (result.skipped.length > 0) warnings.push(`${result.skipped.length} unreadable lines in /proc/net/${file}`);
        for (const warning of result.warnings) warnings.push(`/proc/net/${file}: ${warning}`);
        return result.data.protocolStats;
      };
      if ((snmpFile?.text ?? null) === null)
        throw new Error(
          `${paths[0]} ${snmpFile?.problem ? `could not be read: ${snmpFile.problem}` : 'does not exist'}`,
        );
      const snmp = parse('snmp', snmpFile, (text) => parseProcNetSnmp(text, snmpPairs));
      const data = mergeProtocolStats(
        snmp,
        parse('netstat', netstatFile, (text) => parseProcNetSnmp(text, netstatPairs)),
        parse('snmp6', snmp6File, parseProcNetSnmp6),
      );
      return { data, warnings };
    },
  };
}
