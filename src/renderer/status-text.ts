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
  const protocols = [...byProtocol];
  const unix = protocols.find(([p]) => p === UNIX)?.[1] ?? 0;
  const total = rows - unix;
  const head = shown === rows ? `${total} sockets` : `${shown} of ${rows} shown`;
  const perProtocol = protocols.filter(([p]) => p !== UNIX).map(([p, n]) => `${p} ${n}`);
  return [head, ...perProtocol].join(' · ');
}

/** The states by count, most first. */
export function statesByCount(byState: Iterable<readonly [string, number]>): [string, number][] {
  return [...byState].map(([s, n]): [string, number] => [s, n]).sort((a, b) => b[1] - a[1]);
}

export function statesText(states: readonly (readonly [string, number])[]): string {
  return states.map(([s, n]) => `${s} ${n}`).join(' · ');
}
