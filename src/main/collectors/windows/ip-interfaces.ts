/**
 * Per-adapter interfaces from GetIfTable2 (MIB_IF_ROW2): alias, description, type, operational status, MAC,
 * MTU, speed and the 64-bit counters, so rates and charts work per adapter as on Linux (the engine computes
 * rates from consecutive snapshots). Hidden pseudo-interfaces are left out by default, as Get-NetAdapter does.
 * Pure: rows in, interfaces out.
 */
import type { NetInterface } from '../../../shared/model';
import type { IfRow } from './mib-decode';

const IF_TYPE_SOFTWARE_LOOPBACK = 24;
const IF_TYPE_TUNNEL = 131;
const IF_OPER_STATUS_NOT_PRESENT = 6;

const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'other',
  6: 'ethernet',
  23: 'ppp',
  24: 'loopback',
  37: 'atm',
  71: 'wifi',
  131: 'tunnel',
  144: 'firewire',
  243: 'wwan',
  244: 'wwan',
};

const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'up',
  2: 'down',
  3: 'testing',
  4: 'unknown',
  5: 'dormant',
  6: 'not present',
  7: 'lower layer down',
};

/** Software adapters Windows marks hidden (NCF_HIDDEN, which GetIfTable2 does not return), known by description. */
const HIDDEN_SOFTWARE_ADAPTERS = /^WAN Miniport|Wi-Fi Direct Virtual Adapter|Kernel Debug Network Adapter/i;

/**
 * What Get-NetAdapter hides without -IncludeHidden: filter-driver layers (the "-WFP ... Filter-0000" rows), the
 * loopback pseudo-interface, software tunnels (Teredo, 6to4, IP-HTTPS, ISATAP), WAN Miniports, Wi-Fi Direct
 * virtual adapters, the kernel debugger's adapter, and adapters not present.
 */
export function isHiddenInterface(row: IfRow): boolean {
  if (row.filterInterface || row.type === IF_TYPE_SOFTWARE_LOOPBACK) return true;
  if (row.operStatus === IF_OPER_STATUS_NOT_PRESENT) return true;
  return !row.hardwareInterface && (row.type === IF_TYPE_TUNNEL || HIDDEN_SOFTWARE_ADAPTERS.test(row.description));
}

/** ULONG64 link speed in bit/s; 0 and the all-ones "unknown" become null. */
function speedMbps(bitsPerSecond: number): number | null {
  return bitsPerSecond > 0 && bitsPerSecond < 2 ** 63 ? bitsPerSecond / 1_000_000 : null;
}

export function interfaceFromRow(row: IfRow): NetInterface {
  const c = row.counters;
  return {
    name: row.alias || `interface ${row.interfaceIndex}`,
    description: row.description,
    kind: TYPE_NAMES[row.type] ?? `type ${row.type}`,
    status: STATUS_NAMES[row.operStatus] ?? `status ${row.operStatus}`,
    mac: row.mac,
    mtu: row.mtu === 0xffffffff ? null : row.mtu,
    up: row.operStatus === 1,
    speedMbps: speedMbps(Math.max(row.receiveLinkSpeed, row.transmitLinkSpeed)),
    counters: {
      rxBytes: c.inOctets,
      rxPackets: c.inUcastPkts + c.inNUcastPkts,
      rxErrors: c.inErrors,
      rxDrops: c.inDiscards,
      rxMulticast: c.inNUcastPkts,
      txBytes: c.outOctets,
      txPackets: c.outUcastPkts + c.outNUcastPkts,
      txErrors: c.outErrors,
      txDrops: c.outDiscards,
      txMulticast: c.outNUcastPkts,
    },
    rates: null,
  };
}

export function interfacesFromIfTable(
  rows: readonly IfRow[],
  options: { includeHidden?: boolean } = {},
): NetInterface[] {
  const out: NetInterface[] = [];
  for (const row of rows) if (options.includeHidden || !isHiddenInterface(row)) out.push(interfaceFromRow(row));
  return out;
}
