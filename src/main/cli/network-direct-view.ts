/**
 * Windows netstat -x in the CLI: NetworkDirect connections, listeners and shared endpoints (Snapshot.networkDirect),
 * as netstat prints them (Mode, IfIndex, Type, Local Address, Foreign Address, PID), or CSV. Pure.
 */
import { toCsv } from '../../shared/csv';
import type { NetworkDirectEndpoint } from '../../shared/network-direct';
import { cellText, formatTable } from './table';

export const NETWORK_DIRECT_TITLE = 'Active NetworkDirect connections, listeners, shared endpoints';

const HEADER = ['Mode', 'IfIndex', 'Type', 'Local Address', 'Foreign Address', 'PID'];

function endpoint(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export function networkDirectRows(endpoints: readonly NetworkDirectEndpoint[]): string[][] {
  return endpoints.map((e) => [
    e.mode,
    String(e.interfaceIndex),
    e.type,
    endpoint(e.localAddress, e.localPort),
    e.remoteAddress === null || e.remotePort === null ? '*' : endpoint(e.remoteAddress, e.remotePort),
    cellText(e.pid),
  ]);
}

export function renderNetworkDirect(endpoints: readonly NetworkDirectEndpoint[], csv: boolean): string {
  const rows = networkDirectRows(endpoints);
  return csv ? toCsv(HEADER, rows) : formatTable(HEADER, rows);
}
