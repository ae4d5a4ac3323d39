/**
 * Keeps the newest instance of each per-refresh class reachable between refreshes.
 *
 * WHY: a refresh makes a few objects of its own (the reuse pass, the netlink row builder, the dump's diff encoder)
 * and drops them when it ends, so between two refreshes no instance of their class is alive. V8 holds the hidden
 * class (map) that those instances end up with only weakly, through the transitions from the class's first map;
 * the idle "memory reducer" full GC, which runs exactly then, collects it, and every optimized function that checks
 * for that map is thrown away ("marking dependent code ... reason: weak objects" under --trace-deopt). The next
 * refreshes run those functions unoptimized and the compiler threads optimize them again: ~12 functions, ~100 ms of
 * compiler CPU per full GC (one every ~8 s) in an idle `netscope measure --idle` at 2k sockets, most of the "V8
 * helpers" column of bench/idle-refresh.mjs. One live instance keeps the map, and the optimized code, alive.
 *
 * What it costs: one object per class, replaced by the next refresh's. A class anchored here must not hold large
 * per-refresh data after its refresh ends (its rows are the snapshot's anyway; its buffers are handed on as spares).
 */
const newest = new Map<unknown, object>();

/** Remembers `instance` as the newest of its class (the previous one may then be collected); returns it. */
export function anchorShape<T extends object>(instance: T): T {
  newest.set(instance.constructor, instance);
  return instance;
}

/**
 * Lets go of the instance held for `type`: for a class whose newest instance holds its refresh's data until the next
 * one replaces it, when no next one may come (netlink's row builder once the engine is procfs).
 */
export function releaseShape(type: abstract new (...args: never[]) => object): void {
  newest.delete(type);
}

/** The instance anchorShape() holds for `type` (for tests). */
export function anchoredOf(type: abstract new (...args: never[]) => object): object | undefined {
  return newest.get(type);
}
