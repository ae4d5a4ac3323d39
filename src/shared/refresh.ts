/**
 * The refresh interval's limits and the choices offered for it: one list for
 * the engine's scheduler, the argument validator, the CLI, the menu and the
 * toolbar.
 */
export const REFRESH_INTERVAL_MIN_MS = 200;
/** One hour: a slower refresh is a paused view. */
export const REFRESH_INTERVAL_MAX_MS = 3_600_000;
export const REFRESH_INTERVAL_DEFAULT_MS = 1000;
/** What the View menu and the toolbar offer (netstat's own interval is any whole number of seconds). */
export const REFRESH_INTERVAL_CHOICES_MS = [500, 1000, 2000, 5000, 10_000] as const;

/** NaN and the infinities fail the range check itself. */
export function isRefreshInterval(ms: unknown): ms is number {
  return typeof ms === 'number' && ms >= REFRESH_INTERVAL_MIN_MS && ms <= REFRESH_INTERVAL_MAX_MS;
}
