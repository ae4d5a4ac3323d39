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

/** How long MAC, MTU and link speed are taken as read; operstate and counters are read every time. */
export const STATIC_ATTRIBUTES_MS = 10_000;

interface StaticAttributes {
  mac: string | null;
  mtu: number | null;
  speedMbps: number | null;
  operstate: string | null;
  readAt: number;
}

export function createInterfacesCollector(
  options: ResolvedLinuxOptions,
  now: () => number = () => performance.now(),
): Collector<NetInterface[]> {
  // WHY: five /sys reads per interface every second is most of this collector's
  // cost, and MAC, MTU and speed rarely change; they are read again after
  // STATIC_ATTRIBUTES_MS, or at once when the interface goes up or down
  // (the speed is renegotiated then).
  let cache = new Map<string, StaticAttributes>();
  return {
    name: 'interfaces',
    async collect(): Promise<Collected<NetInterface[]>> {
      const warnings: string[] = [];
      const text = readTextOrNull(`${options.procRoot}/net/dev`);
      if (text === null) throw new Error(`${options.procRoot}/net/dev does not exist`);
      const { devices, skipped } = parseProcNetDevCounters(text);
      if (skipped.length > 0) warnings.push(`${skipped.length} unreadable lines in /proc/net/dev`);
      const at = now();
      const next = new Map<string, StaticAttributes>();
      const interfaces = devices.map((device): NetInterface => {
        const dir = `${options.sysRoot}/class/net/${device.name}`;
        const operstate = readTextQuietly(`${dir}/operstate`);
        let attributes = cache.get(device.name);
        if (!attributes || attributes.operstate !== operstate || at - attributes.readAt >= STATIC_ATTRIBUTES_MS) {
          const mac = readTextQuietly(`${dir}/address`)?.trim() ?? '';
          attributes = {
            mac: mac === '' ? null : mac,
            mtu: parsePositiveInt(readTextQuietly(`${dir}/mtu`)),
            speedMbps: parseSpeed(readTextQuietly(`${dir}/speed`)),
            operstate,
            readAt: at,
          };
        }
        next.set(device.name, attributes);
        // The flags only matter when operstate does not say (lo and many virtual devices: 'unknown').
        const state = operstate?.trim();
        const decided = state === 'up' || state === 'down' || state === 'lowerlayerdown' || state === 'notpresent';
        return {
          name: device.name,
          mac: attributes.mac,
          mtu: attributes.mtu,
          up: interfaceIsUp(operstate, decided ? null : readTextQuietly(`${dir}/flags`)),
          speedMbps: attributes.speedMbps,
          counters: device.counters,
          rates: null,
        };
      });
      cache = next;
      return { data: interfaces, warnings };
    },
  };
}
