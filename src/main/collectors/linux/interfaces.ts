/**
 * Interfaces: counters from /proc/net/dev, and MAC, MTU, state and link speed
 * from /sys/class/net/<name>/.
 */
import type { NetInterface } from '../../../shared/model';
import { parseProcNetDevCounters } from '../../parsers/linux/proc-net-dev';
import type { Collected, CollectContext, Collector } from '../types';
import type { ResolvedLinuxOptions } from './proc-fs';
import { readFiles, type FileRead } from './proc-reads';
import type { ProcLane } from './worker-lane';

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
  io: ProcLane,
  now: () => number = () => performance.now(),
): Collector<NetInterface[]> {
  // WHY: five /sys reads per interface every second is most of this collector's
  // cost, and MAC, MTU and speed rarely change; they are read again after
  // STATIC_ATTRIBUTES_MS, or at once when the interface goes up or down
  // (the speed is renegotiated then).
  let cache = new Map<string, StaticAttributes>();
  /** The devices /proc/net/dev named last time, in its order. */
  let knownNames: string[] = [];
  const devPath = `${options.procRoot}/net/dev`;
  return {
    name: 'interfaces',
    async collect(context: CollectContext): Promise<Collected<NetInterface[]>> {
      const warnings: string[] = [];
      const signal = context.signal;
      // WHY the last refresh's devices' operstate and flags in the same read as /proc/net/dev: they are read every
      // time, and waiting for dev to name the devices first cost a second round trip to the reading thread every
      // refresh. They are used only when dev names the same devices in the same order; else they are read again.
      const guessedDirs = knownNames.map((name) => `${options.sysRoot}/class/net/${name}`);
      const [dev, ...guessed] = await readFiles(io, [devPath, ...guessedDirs.flatMap(liveFiles)], 'latin1', signal);
      const devText = dev?.text ?? null;
      if (devText === null)
        throw new Error(`${devPath} ${dev?.problem ? `could not be read: ${dev.problem}` : 'does not exist'}`);
      const { devices, skipped } = parseProcNetDevCounters(devText);
      if (skipped.length > 0) warnings.push(`${skipped.length} unreadable lines in /proc/net/dev`);
      const at = now();
      const dirs = devices.map((device) => `${options.sysRoot}/class/net/${device.name}`);
      const sameDevices = devices.length === knownNames.length && devices.every((d, i) => d.name === knownNames[i]);
      knownNames = devices.map((device) => device.name);
      // Round 1: what is read every time (operstate, and the flags for when operstate does not say).
      const live = sameDevices
        ? quietly(guessed, warnings)
        : await readQuietly(io, dirs.flatMap(liveFiles), signal, warnings);
      const operstates = devices.map((_, i) => live[2 * i] ?? null);
      // Round 2: the slow-changing attributes of interfaces whose cached ones are stale.
      const stale = devices.flatMap((device, i) => {
        const cached = cache.get(device.name);
        return !cached || cached.operstate !== operstates[i] || at - cached.readAt >= STATIC_ATTRIBUTES_MS ? [i] : [];
      });
      const attributeFiles = stale.flatMap((i) => STATIC_FILES.map((file) => `${dirs[i] as string}/${file}`));
      const read = attributeFiles.length === 0 ? [] : await readQuietly(io, attributeFiles, signal, warnings);
      const next = new Map<string, StaticAttributes>();
      stale.forEach((i, k) => {
        const [address, mtu, speed] = STATIC_FILES.map((_, f) => read[k * STATIC_FILES.length + f] ?? null);
        const mac = address?.trim() ?? '';
        next.set((devices[i] as { name: string }).name, {
          mac: mac === '' ? null : mac,
          mtu: parsePositiveInt(mtu ?? null),
          speedMbps: parseSpeed(speed ?? null),
          operstate: operstates[i] ?? null,
          readAt: at,
        });
      });
      const interfaces = devices.map((device, i): NetInterface => {
        const attributes = next.get(device.name) ?? (cache.get(device.name) as StaticAttributes);
        next.set(device.name, attributes);
        return {
          name: device.name,
          mac: attributes.mac,
          mtu: attributes.mtu,
          up: interfaceIsUp(operstates[i] ?? null, live[2 * i + 1] ?? null),
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

const STATIC_FILES = ['address', 'mtu', 'speed'] as const;

/**
 * /sys attributes, any failure as null (EINVAL from an attribute the driver
 * lacks is common); only a read that hangs is worth a warning.
 */
async function readQuietly(
  io: ProcLane,
  paths: string[],
  signal: AbortSignal,
  warnings: string[],
): Promise<(string | null)[]> {
  return quietly(await readFiles(io, paths, 'latin1', signal), warnings);
}

function quietly(files: readonly FileRead[], warnings: string[]): (string | null)[] {
  return files.map((file) => {
    if (file.problem !== null && !/^E[A-Z]+$/.test(file.problem)) warnings.push(file.problem);
    return file.text;
  });
}

/** What is read of a device every refresh, in the order `live` holds them (two entries per device). */
function liveFiles(dir: string): string[] {
  return [`${dir}/operstate`, `${dir}/flags`];
}
