/**
 * The status bar's counts as text, shared by the status bar and the page's
 * first screen (boot/first-screen.ts, drawn before React loads), so both
 * say the same thing for the same numbers.
 */

/** UNIX sockets are counted apart from the inet sockets (their rows exist only while their toggle is on). */
const UNIX = 'unix';

/**
 * "100000 sockets · TCP 99000 · UDP 1000", or "40 of 100000 shown · ..." when
 * the view holds fewer rows than the snapshot. `rows` counts every row (UNIX
 * sockets too), `shown` the view's.
 */
export function socketCountsText(shown: number, rows: number, byProtocol: Iterable<readonly [string, number]>): string {
  // Loops, not find/filter/map arrows: this runs on every diff, and closures made per call are what V8 compiles
  // again after each major GC, on the pool threads the diff's frame waits behind (bench/diff-deopt-probe.mjs).
  let unix = 0;
  let perProtocol = '';
  for (const [p, n] of byProtocol) {
    if (p === UNIX) unix = n;
    else perProtocol += ` · ${p} ${n}`;
  }
  const total = rows - unix;
  const head = shown === rows ? `${total} sockets` : `${shown} of ${rows} shown`;
  return head + perProtocol;
}

/** Most first. Module-level, as the loops here, for the reason in socketCountsText. */
const byCountDown = (a: [string, number], b: [string, number]): number => b[1] - a[1];

/** The states by count, most first. */
export function statesByCount(byState: Iterable<readonly [string, number]>): [string, number][] {
  const states: [string, number][] = [];
  for (const [s, n] of byState) states.push([s, n]);
  return states.sort(byCountDown);
}

/** "ESTABLISHED 12 · LISTEN 3", or with `pair` and `between` another spelling ("ESTABLISHED: 12" a line each). */
export function statesText(states: readonly (readonly [string, number])[], pair = ' ', between = ' · '): string {
  let text = '';
  for (const [s, n] of states) text += `${text === '' ? '' : between}${s}${pair}${n}`;
  return text;
}
