/**
 * Interface rates from counter deltas. A counter that went backwards was reset
 * (interface re-created, driver reload) or wrapped at 32 bits (older kernels,
 * Windows' 32-bit netstat -e counters): a wrap is recognised when the old value
 * was in the top quarter of the 32-bit range and the new one small; anything
 * else backwards is a reset, for which the rate is unknown (0), never negative.
 */
import type { InterfaceCounters, InterfaceRates, NetInterface } from '../../shared/model';

const WRAP_32 = 2 ** 32;

export function counterDelta(previous: number, current: number): number {
  if (current >= previous) return current - previous;
  if (previous >= WRAP_32 * 0.75 && previous < WRAP_32 && current < WRAP_32 * 0.25) return WRAP_32 - previous + current;
  return 0;
}

function perSecond(prev: InterfaceCounters, next: InterfaceCounters, key: keyof InterfaceCounters, seconds: number) {
  return counterDelta(prev[key], next[key]) / seconds;
}

export function computeRates(
  previous: InterfaceCounters,
  current: InterfaceCounters,
  elapsedMs: number,
): InterfaceRates {
  const seconds = elapsedMs / 1000;
  if (!(seconds > 0)) return { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0 };
  return {
    rxBytesPerSec: perSecond(previous, current, 'rxBytes', seconds),
    txBytesPerSec: perSecond(previous, current, 'txBytes', seconds),
    rxPacketsPerSec: perSecond(previous, current, 'rxPackets', seconds),
    txPacketsPerSec: perSecond(previous, current, 'txPackets', seconds),
  };
}

/** Returns the interfaces with rates filled from the previous tick (matched by name). */
export function withRates(
  previous: readonly NetInterface[] | null,
  current: NetInterface[],
  elapsedMs: number,
): NetInterface[] {
  if (!previous) return current.map((i) => ({ ...i, rates: null }));
  const byName = new Map(previous.map((i) => [i.name, i]));
  return current.map((i) => {
    const before = byName.get(i.name);
    return { ...i, rates: before ? computeRates(before.counters, i.counters, elapsedMs) : null };
  });
}
