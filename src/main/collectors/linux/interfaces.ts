/**
 * Interfaces: counters from /proc/net/dev, and MAC, MTU, state and link speed
 * from /sys/class/net/<name>/.
 */
import type { NetInterface } from '../../../shared/model';
import { parseProcNetDevCounters } from '../../parsers/linux/proc-net-dev';
import type { Collected, Collector } from '../types';
import { readTextOrNull, readTextQuietly, type ResolvedLinuxOptions } from './proc-fs';

const IFF_UP = 0x1;

/**
 * operstate 'up'/'down' is the answer; 'unknown' (what lo and many virtual
 * devices report) falls back to the administrative IFF_UP flag.
 */
export function interfaceIsUp(operstate: string | null, flags: string | null): boolean | null {
  const state = operstate?.trim();
  if (state === 'up') return true;
  if (state === 'down' || state === 'lowerlayerdown' || state === 'notpresent') return false;
  const value = flags === null ? NaN : parseInt(flags.trim(), 16);
  return Number.isNaN(value) ? null : (value & IFF_UP) !== 0;
}

/** Mbit/s; the file is missing, EINVAL (virtual devices) or -1 (no link) when unknown. */
export function parseSpeed(text: string | null): number | null {
  const value = text === null ? NaN : Number(text.trim());
  return Number.isFinite(value) && value > 0 ? value : null;
}

function parsePositiveInt(text: string | null): number | null {
  const value = text === null ? NaN : Number(text.trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}

export function createInterfacesCollector(options: ResolvedLinuxOptions): Collector<NetInterface[]> {
  return {
    name: 'interfaces',
    async collect(): Promise<Collected<NetInterface[]>> {
      const warnings: string[] = [];
      const text = readTextOrNull(`${options.procRoot}/net/dev`);
      if (text === null) throw new Error(`${options.procRoot}/net/dev does not exist`);
      const { devices, skipped } = parseProcNetDevCounters(text);
      if (skipped.length > 0) warnings.push(`${skipped.length} unreadable lines in /proc/net/dev`);
      const interfaces = devices.map((device): NetInterface => {
        const dir = `${options.sysRoot}/class/net/${device.name}`;
        const mac = readTextQuietly(`${dir}/address`)?.trim() ?? '';
        return {
          name: device.name,
          mac: mac === '' ? null : mac,
          mtu: parsePositiveInt(readTextQuietly(`${dir}/mtu`)),
          up: interfaceIsUp(readTextQuietly(`${dir}/operstate`), readTextQuietly(`${dir}/flags`)),
          speedMbps: parseSpeed(readTextQuietly(`${dir}/speed`)),
          counters: device.counters,
          rates: null,
        };
      });
      return { data: interfaces, warnings };
    },
  };
}
