/**
 * /proc/net/dev -> per-interface counters.
 *
 *   Inter-|   Receive                                                |  Transmit
 *    face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
 *       lo:   13222     152    0    0    0     0          0         0    13222     152    0 ...
 *
 * The name ends at the first ':' (the kernel forbids ':' in names) and may touch
 * the first number when it is wide ('eth0:1234567').
 */
import type { InterfaceCounters, NetInterface } from '../../../shared/model';
import type { ParseResult } from '../format';

export interface DeviceCounters {
  name: string;
  counters: InterfaceCounters;
}

export function parseProcNetDevCounters(text: string): { devices: DeviceCounters[]; skipped: string[] } {
  const devices: DeviceCounters[] = [];
  const skipped: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('Inter-|') || line.startsWith('face |')) continue;
    const colon = line.indexOf(':');
    // The kernel prints the name right-aligned ('%6s:'), so after the trim it starts the line and touches the colon.
    const name = line.slice(0, colon);
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (colon <= 0 || /\s/.test(name) || fields.length < 16 || !fields.every((f) => /^\d+$/.test(f))) {
      skipped.push(line);
      continue;
    }
    const n = fields.map(Number);
    devices.push({
      name,
      counters: {
        rxBytes: n[0] ?? 0,
        rxPackets: n[1] ?? 0,
        rxErrors: n[2] ?? 0,
        rxDrops: n[3] ?? 0,
        rxMulticast: n[7] ?? 0,
        txBytes: n[8] ?? 0,
        txPackets: n[9] ?? 0,
        txErrors: n[10] ?? 0,
        txDrops: n[11] ?? 0,
        // The kernel has no transmit multicast counter in this file.
        txMulticast: 0,
      },
    });
  }
  return { devices, skipped };
}

/** As an import: interfaces with counters only (no MAC, MTU or state in this file). */
export function parseProcNetDev(text: string): ParseResult {
  const { devices, skipped } = parseProcNetDevCounters(text);
  const interfaces: NetInterface[] = devices.map((d) => ({
    name: d.name,
    mac: null,
    mtu: null,
    up: null,
    speedMbps: null,
    counters: d.counters,
    rates: null,
  }));
  return { data: { interfaces }, skipped, warnings: [] };
}
