/** The Windows formats `netscope import` recognises. */
import type { Connection } from '../../../shared/model';
import type { FormatSpec, ParseResult } from '../format';
import { detectGetNetTcpConnection, parseGetNetTcpConnection } from './get-nettcpconnection';
import { nameKernelOwner } from './kernel-pids';
import {
  detectWindowsNetstat,
  parseWindowsNetstat,
  WindowsNetstatReader,
  type NetstatConnectionsResult,
} from './netstat-connections';
import { detectNetstatE, parseNetstatE } from './netstat-e';
import { detectNetstatS, parseNetstatS } from './netstat-s';
import { detectNetstatX, parseNetstatX } from './netstat-x';
import { detectRoutePrint, parseRoutePrint } from './route-print';

const FLAVOR_LABELS = { an: 'netstat -an', ano: 'netstat -ano', anob: 'netstat -anob', b: 'netstat -b' } as const;

/**
 * PID 4 and 0 named where the file names no owner (kernel-pids.ts). WHY here and not in the parsers: the live
 * collector and "Resolve owners as administrator" parse netstat too, and there an empty name means the lookup
 * failed; only an imported file is read as TCPView shows it.
 */
function withKernelNames<T extends ParseResult>(result: T): T {
  result.data.connections?.forEach(nameKernelOwner);
  return result;
}

/**
 * The flavour read (netstat -anob, -ano -t, ...) as the import's label; the table's title counts the rows. Names the
 * kernel's PIDs in `result`'s own rows, in place (withKernelNames), before copying the result with its label.
 */
function withFlavor(result: NetstatConnectionsResult): ParseResult {
  withKernelNames(result);
  return {
    ...result,
    label: `Windows ${FLAVOR_LABELS[result.flavor]}${result.extraColumns.map((c) => ` -${c}`).join('')}`,
  };
}

export const WINDOWS_FORMATS: FormatSpec[] = [
  {
    id: 'windows-netstat-an',
    label: 'Windows netstat -an / -ano / -anob / -b (with -t or -y)',
    detect: detectWindowsNetstat,
    parse: (text) => withFlavor(parseWindowsNetstat(text)),
    stream: (onRow) => {
      // Streamed rows go to onRow and never pass through withFlavor's list: named on their way out.
      const named = onRow
        ? (row: Connection) => {
            nameKernelOwner(row);
            onRow(row);
          }
        : undefined;
      const reader = new WindowsNetstatReader(named);
      return { line: (text) => reader.line(text), finish: () => withFlavor(reader.finish()) };
    },
  },
  { id: 'windows-route-print', label: 'Windows route print', detect: detectRoutePrint, parse: parseRoutePrint },
  {
    id: 'windows-netstat-x',
    label: 'Windows netstat -x (NetworkDirect)',
    detect: detectNetstatX,
    parse: (text) => {
      const result = parseNetstatX(text);
      return { data: { networkDirect: result.endpoints }, skipped: result.skipped, warnings: result.warnings };
    },
  },
  { id: 'windows-netstat-e', label: 'Windows netstat -e', detect: detectNetstatE, parse: parseNetstatE },
  { id: 'windows-netstat-s', label: 'Windows netstat -s (or -e -s)', detect: detectNetstatS, parse: parseNetstatS },
  {
    id: 'windows-get-nettcpconnection',
    label: 'PowerShell Get-NetTCPConnection | ConvertTo-Json',
    detect: detectGetNetTcpConnection,
    parse: (text) => withKernelNames(parseGetNetTcpConnection(text)),
  },
];
