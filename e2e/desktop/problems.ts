/**
 * Everything the desktop harness saw go wrong that the page would not show by
 * itself: console errors, uncaught page errors, CSP reports, failed requests,
 * a preload that required a forbidden module, an IPC channel with no handler,
 * an unexpected dialog. Each test ends by expecting the list to be empty.
 */
export class Problems {
  private readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }

  all(): readonly string[] {
    return this.list;
  }

  /** Removes and returns the problems a test provoked on purpose (a blocked inline script, say). */
  take(pattern: RegExp): string[] {
    const taken = this.list.filter((p) => pattern.test(p));
    for (const p of taken) this.list.splice(this.list.indexOf(p), 1);
    return taken;
  }
}
