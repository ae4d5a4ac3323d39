/**
 * Windows `netstat -x`: NetworkDirect (RDMA: SMB Direct and the like) connections, listeners and shared
 * endpoints, which the IP Helper socket tables do not hold. The documented layout: a title line, a header
 * (Mode, IfIndex, Type, Local Address, Foreign Address, PID; translated), then one line per endpoint:
 *   Kernel      12  Connection      192.168.10.11:445      192.168.10.12:49873    0
 * Mode (Kernel, User) and Type (Connection, Listener, SharedEndpoint) are the API's names in every display
 * language, so data lines are recognised by them, as netstat-connections.ts recognises TCP/UDP. A listener or
 * shared endpoint has no foreign endpoint: netstat prints a placeholder (NA, *:*, 0.0.0.0:0) there. Pure.
 */
import {
  NETWORK_DIRECT_TYPES,
  type NetworkDirectEndpoint,
  type NetworkDirectType,
} from '../../../shared/network-direct';
import type { ParseResult } from '../format';
import { parseEndpoint, splitLines, tokens } from './common';

export type { NetworkDirectEndpoint };

const MODES = /^(Kernel|User)$/i;
const TYPES = new Map<string, NetworkDirectType>(NETWORK_DIRECT_TYPES.map((t) => [t.toLowerCase(), t]));
const NO_PEER = new Set(['NA', 'N/A', '*:*', '-', '0.0.0.0:0', '[::]:0']);

/** A line starting with a mode word and an interface index: a data line (well formed or not). */
const DATA_START = /^\s*(Kernel|User)\s+\d+\s/i;

export function parseNetworkDirectLine(line: string): NetworkDirectEndpoint | null {
  const [mode, index, typeText, localText, remoteText, pidText, ...extra] = tokens(line);
  if (mode === undefined || !MODES.test(mode) || index === undefined || !/^\d+$/.test(index)) return null;
  const type = TYPES.get((typeText ?? '').toLowerCase());
  const local = localText === undefined ? null : parseEndpoint(localText);
  if (type === undefined || local === null || local.unresolvedPort || remoteText === undefined) return null;
  if (extra.length > 0 || (pidText !== undefined && !/^\d+$/.test(pidText))) return null;
  let remote: { address: string; port: number } | null = null;
  if (!NO_PEER.has(remoteText.toUpperCase())) {
    const parsed = parseEndpoint(remoteText);
    if (parsed === null || parsed.unresolvedPort) return null;
    remote = parsed;
  }
  const interfaceIndex = Number(index);
  const pid = pidText === undefined ? null : Number(pidText);
  if (!Number.isSafeInteger(interfaceIndex) || (pid !== null && !Number.isSafeInteger(pid))) return null;
  return {
    mode: mode[0]?.toUpperCase() + mode.slice(1).toLowerCase(),
    interfaceIndex,
    type,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: remote?.address ?? null,
    remotePort: remote?.port ?? null,
    pid,
  };
}

export interface NetworkDirectResult extends Omit<ParseResult, 'data'> {
  endpoints: NetworkDirectEndpoint[];
  /** The file had netstat -x's title (so an empty list means: none on that machine). */
  recognised: boolean;
}

export function parseNetstatX(text: unknown): NetworkDirectResult {
  const endpoints: NetworkDirectEndpoint[] = [];
  const skipped: string[] = [];
  let recognised = false;
  for (const line of splitLines(typeof text === 'string' ? text : '')) {
    if (/NetworkDirect/i.test(line)) recognised = true;
    if (!DATA_START.test(line)) continue;
    const endpoint = parseNetworkDirectLine(line);
    if (endpoint === null) skipped.push(line);
    else endpoints.push(endpoint);
  }
  return { endpoints, recognised: recognised || endpoints.length > 0, skipped, warnings: [] };
}

/** 0..1 for `netscope import`: the NetworkDirect title, or data lines of its shape. */
export function detectNetstatX(text: string): number {
  const head = typeof text === 'string' ? text.slice(0, 20_000) : '';
  if (/Active NetworkDirect Connections/i.test(head)) return 0.95;
  const lines = splitLines(head).filter((l) => l.trim().length > 0);
  const data = lines.filter((l) => parseNetworkDirectLine(l) !== null).length;
  return data === 0 ? 0 : Math.min(0.9, 0.5 + (0.4 * data) / lines.length);
}
