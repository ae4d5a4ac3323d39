/**
 * Windows -x: NetworkDirect connections, listeners and shared endpoints. No IP Helper call lists them, so this
 * runs `netstat -x` (only when asked) and reads it with the pure parser.
 */
import type { NetworkDirectEndpoint } from '../../../shared/network-direct';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseNetstatX } from '../../parsers/windows/netstat-x';
import type { CommandRunner } from './run';

export interface NetworkDirectReading {
  endpoints: NetworkDirectEndpoint[];
  warnings: string[];
}

/** What the CLI asks of a platform's collectors for -x on Windows. */
export interface NetworkDirectSource {
  networkDirect(signal?: AbortSignal): Promise<NetworkDirectReading>;
}

export async function readNetworkDirect(run: CommandRunner, signal?: AbortSignal): Promise<NetworkDirectReading> {
  try {
    const result = await run('netstat', ['-x'], { signal, timeoutMs: 60_000 });
    const parsed = parseNetstatX(decodeConsoleOutput(result.stdout).text);
    const warnings = [...parsed.warnings];
    if (parsed.skipped.length > 0) warnings.push(`${parsed.skipped.length} netstat -x lines did not parse`);
    if (!parsed.recognised) warnings.push('netstat -x printed no NetworkDirect listing (this Windows has none)');
    return { endpoints: parsed.endpoints, warnings };
  } catch (error) {
    return {
      endpoints: [],
      warnings: [`netstat -x failed: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}
