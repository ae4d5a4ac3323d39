/**
 * The TCP template of each connection (netstat -y's "Template" column: Internet, Datacenter, Compat, ...).
 * Windows has no documented API that gives it per connection (Get-NetTCPConnection's AppliedSetting comes from
 * the same undocumented NSI call, through WMI, and costs a PowerShell start), so this runs `netstat -any` and
 * reads it with the pure parser; only when asked (the CLI's -y), since a netstat start costs far more than the
 * IP Helper tables.
 */
import type { Connection } from '../../../shared/model';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseWindowsNetstat } from '../../parsers/windows/netstat-connections';
import type { CommandRunner } from './run';
import { offloadKey } from './tcp-table2';

export interface TemplateReading {
  /** offloadKey (the 4-tuple) -> template name. */
  templates: Map<string, string>;
  warnings: string[];
}

/** What the CLI asks of a platform's collectors for -y (only the Windows ones have it). */
export interface TcpTemplateSource {
  tcpTemplates(signal?: AbortSignal): Promise<TemplateReading>;
}

export function templatesFromNetstat(text: string): TemplateReading {
  const parsed = parseWindowsNetstat(text);
  const templates = new Map<string, string>();
  for (const row of parsed.data.connections ?? []) {
    if (row.template !== undefined) templates.set(offloadKey(row), row.template);
  }
  const warnings: string[] = [];
  if ((parsed.data.connections ?? []).length > 0 && !parsed.extraColumns.includes('y'))
    warnings.push('netstat -any printed no Template column: templates unknown');
  return { templates, warnings };
}

export async function readTcpTemplates(run: CommandRunner, signal?: AbortSignal): Promise<TemplateReading> {
  try {
    const result = await run('netstat', ['-any'], { signal, timeoutMs: 60_000 });
    return templatesFromNetstat(decodeConsoleOutput(result.stdout).text);
  } catch (error) {
    return {
      templates: new Map(),
      warnings: [`netstat -any failed: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

/** Sets `template` on the TCP rows netstat -any named; returns how many rows got one. */
export function applyTemplates(connections: readonly Connection[], templates: ReadonlyMap<string, string>): number {
  let applied = 0;
  for (const c of connections) {
    if (c.protocol !== 'tcp') continue;
    const template = templates.get(offloadKey(c));
    if (template !== undefined) {
      c.template = template;
      applied++;
    }
  }
  return applied;
}
