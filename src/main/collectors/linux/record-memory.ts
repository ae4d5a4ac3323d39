/**
 * What a netlink refresh remembers of its committed rows (netlink-rows.ts): each row's record fingerprint, whether
 * its rates are settled, and when its dump ended. Split from netlink-rows.ts, which builds the rows.
 */
/** A row with no fingerprint (not from a dump, or from a refresh that read procfs). */
export const NONE = -1;

/**
 * The fingerprints of the last committed refresh's rows (by row index), and when its dump ended. A builder
 * (NetlinkRowBuilder) writes the arriving refresh's fingerprints here; commit() makes them the ones to compare with.
 */
export class RecordMemory {
  private prints = new Float64Array(0);
  private arriving = new Float64Array(0);
  /**
   * calm[at] === 1: the committed row `at` has settled rates (no counters, or every rate 0), which no later write
   * changes (only rows with no rates yet are written, when diffed). WHY kept here: an unchanged socket's row is
   * carried as it is only when settled, and reading that from this column instead of the row's counters object
   * spares an idle refresh a read of ~2k objects that have left the CPU's caches since the last one (issue 11).
   */
  private calm = new Uint8Array(0);
  private arrivingCalm = new Uint8Array(0);
  private lastReadAt = 0;
  private lastGeneration = 0;

  get readAt(): number {
    return this.lastReadAt;
  }

  /** The dump whose rows were last committed (sock-diag-tables.ts), 0 for none: the next dump is compared with it. */
  get generation(): number {
    return this.lastGeneration;
  }

  /** The fingerprint of the committed row `at` (NONE when it had none). */
  printOf(at: number): number {
    return at < this.prints.length ? (this.prints[at] as number) : NONE;
  }

  /** Whether the committed row `at` is known to have settled rates (see `calm`; false: unknown). */
  calmOf(at: number): boolean {
    return at < this.calm.length && this.calm[at] === 1;
  }

  /** A new refresh starts: no row of it has a fingerprint yet. */
  restart(expectedRows = this.prints.length): void {
    // WHY the array is reused when big enough: the committed one becomes the next refresh's arriving one.
    if (this.arriving.length < expectedRows) this.arriving = new Float64Array(expectedRows + 64);
    this.arriving.fill(NONE);
    if (this.arrivingCalm.length !== this.arriving.length) this.arrivingCalm = new Uint8Array(this.arriving.length);
    else this.arrivingCalm.fill(0);
  }

  /** Row `i` of the arriving refresh shows a record with fingerprint `print`. */
  note(i: number, print: number): void {
    if (i >= this.arriving.length) {
      const grown = new Float64Array(Math.max(64, this.arriving.length * 2, i + 1)).fill(NONE);
      grown.set(this.arriving);
      this.arriving = grown;
      const calm = new Uint8Array(grown.length);
      calm.set(this.arrivingCalm.subarray(0, Math.min(this.arrivingCalm.length, grown.length)));
      this.arrivingCalm = calm;
    }
    this.arriving[i] = print;
  }

  /** Row `i` of the arriving refresh (noted already) has settled rates. */
  noteCalm(i: number): void {
    this.arrivingCalm[i] = 1;
  }

  /** The arriving refresh's rows were committed (its dump ended at `readAt`): compare with them from now on. */
  commit({ readAt, generation = 0 }: { readAt: number; generation?: number }): void {
    const committed = this.prints;
    this.prints = this.arriving;
    this.arriving = committed;
    const committedCalm = this.calm;
    this.calm = this.arrivingCalm;
    this.arrivingCalm = committedCalm;
    this.lastReadAt = readAt;
    this.lastGeneration = generation;
  }

  /** The committed rows did not come from netlink (procfs ran): nothing is known about them here. */
  forget(): void {
    this.prints = new Float64Array(0);
    this.calm = new Uint8Array(0);
    this.lastReadAt = 0;
    this.lastGeneration = 0;
  }
}
