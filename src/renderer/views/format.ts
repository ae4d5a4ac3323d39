/**
 * Human-readable numbers for the secondary views. Pure functions, no DOM, so
 * they are unit-tested and shared by every card and table.
 */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;
const SI_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P'] as const;
export const MISSING = '—';

/** Three significant digits: 1.23, 12.3, 123 — the width stays stable as values tick. */
function threeDigits(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function scaled(value: number, base: number, units: readonly string[], spaced: boolean): string {
  if (!Number.isFinite(value)) return MISSING;
  const sign = value < 0 ? '-' : '';
  let magnitude = Math.abs(value);
  let unit = 0;
  while (magnitude >= base && unit < units.length - 1) {
    magnitude /= base;
    unit++;
  }
  // 999.9 kB rounds to "1000 kB"; promote so it reads 1.00 MB instead (1023.9 KiB likewise in a base of 1024).
  if (unit > 0 && unit < units.length - 1 && Number(threeDigits(magnitude)) >= base) {
    magnitude /= base;
    unit++;
  }
  const number = unit === 0 ? String(Math.round(magnitude)) : threeDigits(magnitude);
  return `${sign}${number}${spaced ? ' ' : ''}${units[unit] ?? ''}`;
}

/**
 * 1536 -> "1.54 kB": powers of 1000, as the connection grid, Top talkers and the CLI print bytes and rates (and as
 * the filter reads `1M`). WHY not binary here: the Interfaces tab once said "43.2 MiB/s" beside "45.3 MB/s" for the
 * same traffic on the Connections tab, which reads as two numbers 5% apart.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return MISSING;
  return scaled(bytes, 1000, BYTE_UNITS, true);
}

export function formatByteRate(bytesPerSec: number | null | undefined): string {
  if (bytesPerSec === null || bytesPerSec === undefined || !Number.isFinite(bytesPerSec)) return MISSING;
  return `${formatBytes(bytesPerSec)}/s`;
}

/** 12345 -> "12.3k" (SI, for packet and counter counts). */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined) return MISSING;
  return scaled(count, 1000, SI_SUFFIXES, false);
}

/** Signed, for deltas: "+12", "-3", "0". */
export function formatDelta(delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return MISSING;
  return delta > 0 ? `+${formatCount(delta)}` : formatCount(delta);
}

/** Per-second rate of a counter: "0.50/s", "1.20k/s". */
export function formatPerSecond(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return MISSING;
  if (perSec !== 0 && Math.abs(perSec) < 1) return `${perSec.toFixed(2)}/s`;
  return `${formatCount(perSec)}/s`;
}

/** Link speed in Mbit/s -> "100 Mbit/s", "10 Gbit/s". */
export function formatLinkSpeed(mbps: number | null | undefined): string {
  if (mbps === null || mbps === undefined || !Number.isFinite(mbps) || mbps <= 0) return MISSING;
  if (mbps >= 1_000_000) return `${trimZeros(mbps / 1_000_000)} Tbit/s`;
  if (mbps >= 1000) return `${trimZeros(mbps / 1000)} Gbit/s`;
  return `${trimZeros(mbps)} Mbit/s`;
}

function trimZeros(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** "12.5%" with one decimal, for shares and link utilisation. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(1)}%`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock hh:mm:ss for chart time axes. */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** "10.0.0.0/8"; a bad prefix length prints the bare address rather than "/NaN". */
export function formatCidr(destination: string, prefixLength: number | null | undefined): string {
  if (prefixLength === null || prefixLength === undefined || !Number.isInteger(prefixLength) || prefixLength < 0) {
    return destination;
  }
  return `${destination}/${prefixLength}`;
}
