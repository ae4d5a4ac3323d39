/**
 * Sockets with their owning processes from lsof (field output, numeric); when
 * lsof is missing or fails, from `netstat -anv`, which has PIDs but no names.
 * Per-connection traffic from nettop (traffic.ts), started beside lsof; the
 * rows never wait long for it, and never fail because of it.
 */
import { assignConnectionIds, type Connection } from '../../../shared/model';
import { parseLsofFields } from '../../parsers/macos/lsof';
import { parseBsdNetstat } from '../../parsers/macos/netstat-an';
import type { Collected, CollectContext, Collector } from '../types';
import { commandText, skippedWarning, type MacosDeps } from './command-text';
import type { MacosTraffic } from './traffic';

export const LSOF_ARGS = ['-nP', '-iTCP', '-iUDP', '-Tqs', '-F', 'pcuLfnPtT'] as const;

async function fromLsof(deps: MacosDeps, signal: AbortSignal): Promise<Collected<Connection[]>> {
  const text = await commandText(deps, 'lsof', LSOF_ARGS, signal, true);
  const result = parseLsofFields(text, { liveWildcards: true });
  const warnings = skippedWarning('lsof', result);
  if (!deps.isRoot()) {
    warnings.push("lsof shows only this user's sockets: run as root (sudo) to see every process");
  }
  return { data: result.data.connections ?? [], warnings };
}

async function fromNetstat(deps: MacosDeps, signal: AbortSignal): Promise<Collected<Connection[]>> {
  const data: Connection[] = [];
  const warnings: string[] = [];
  for (const proto of ['tcp', 'udp']) {
    const text = await commandText(deps, 'netstat', ['-anv', '-p', proto], signal);
    const result = parseBsdNetstat(text, { liveWildcards: true });
    // A loop, not push(...rows): a spread argument overflows the stack above ~120k rows.
    for (const connection of result.data.connections ?? []) data.push(connection);
    for (const warning of skippedWarning(`netstat -anv -p ${proto}`, result)) warnings.push(warning);
  }
  return { data, warnings };
}

export function createConnectionsCollector(deps: MacosDeps, traffic: MacosTraffic): Collector<Connection[]> {
  return {
    name: 'connections',
    async collect({ signal }: CollectContext): Promise<Collected<Connection[]>> {
      traffic.start();
      let collected: Collected<Connection[]>;
      let source = 'lsof';
      let fallbackReason: string | null = null;
      try {
        collected = await fromLsof(deps, signal);
      } catch (lsofError) {
        if (signal.aborted) throw lsofError;
        collected = await fromNetstat(deps, signal);
        const why = lsofError instanceof Error ? lsofError.message : String(lsofError);
        collected.warnings.unshift(
          `lsof failed (${why}): sockets read from netstat, without users (process names only where nettop lists the PID)`,
        );
        source = 'netstat';
        fallbackReason = `lsof failed: ${why}`;
      }
      assignConnectionIds(collected.data);
      const report = await traffic.apply(collected.data);
      for (const warning of report.warnings) collected.warnings.push(warning);
      collected.engine = {
        // Where the rows and, when there are counters, the traffic come from: 'lsof+nettop'.
        name: report.traffic ? `${source}+nettop` : source,
        requested: null,
        fallbackReason,
        traffic: report.traffic,
        trafficNote: report.trafficNote,
      };
      return collected;
    },
  };
}
