/**
 * Carries the Connection objects of unchanged sockets over from the previous
 * refresh, so that a refresh of an idle busy host builds almost nothing that
 * lives past the tick.
 *
 * WHY: every refresh parses 100k rows into new objects. They live until the next
 * refresh (the snapshot holds them), so V8 promotes them all to the old
 * generation, ~40 MB a tick with their id strings, and the resident size grows
 * by that much before a full GC runs. A parsed row equal to the previous
 * snapshot's row for the same socket is replaced by that old object as soon as
 * it is parsed (chunk by chunk), so the new one dies young; its id string and
 * address strings are kept too. The owner fields are checked after the fd scan:
 * an old object whose owner changed is copied, never written into (an earlier
 * snapshot still holds it, and the diff compares old with new objects).
 *
 * Rows are matched in table order (the kernel lists sockets in a stable order),
 * with an index by inode (or by key for inode-less TIME_WAIT rows) built only
 * when that order is broken.
 */
import { anchorShape } from './shape-anchor';
import { NO_PREVIOUS, ReusePass, type Previous, type SpareArrays } from './reuse-pass';

export class ConnectionReuse {
  private previous: Previous = NO_PREVIOUS;
  private readonly spare: SpareArrays = { tableUids: null, inodes: null, carried: null, origins: null, index: null };

  /** A pass over one refresh's rows (its state is its own, so an abandoned refresh leaves nothing behind). */
  start(): ReusePass {
    const spare = this.spare;
    // Anchored: its class's map outlives the refresh, and so does the code optimized for it (shape-anchor.ts).
    const pass = new ReusePass(
      this.previous,
      this.previous.rows.length + 64,
      (next, done) => {
        // The previous rows' uids are no row's any more; this pass's carried column and index are not needed either.
        if (this.previous.tableUids !== next.tableUids) spare.tableUids = this.previous.tableUids;
        if (this.previous.inodes !== next.inodes) spare.inodes = this.previous.inodes;
        spare.carried = done.carried;
        spare.origins = done.origins;
        if (done.index !== null) spare.index = done.index;
        this.previous = next;
      },
      spare,
    );
    return anchorShape(pass);
  }
}
