/** Pure helpers for the interface cards and totals. */
import type { NetInterface } from '../../shared/model';

/** Fraction of link capacity in use by the busier direction, when the speed is known. */
export function linkUtilisation(iface: Pick<NetInterface, 'rates' | 'speedMbps'>): number | null {
  if (!iface.rates || iface.speedMbps === null || iface.speedMbps <= 0) return null;
  const bitsPerSec = Math.max(iface.rates.rxBytesPerSec, iface.rates.txBytesPerSec) * 8;
  return bitsPerSec / (iface.speedMbps * 1_000_000);
}

export function interfaceProblems(iface: Pick<NetInterface, 'counters'>): number {
  const c = iface.counters;
  return c.rxErrors + c.txErrors + c.rxDrops + c.txDrops;
}

/** Loopback by the usual names; used only to offer hiding it. */
export function isLoopbackName(name: string): boolean {
  return /^(lo\d*|loopback.*|Loopback Pseudo-Interface.*)$/i.test(name);
}
