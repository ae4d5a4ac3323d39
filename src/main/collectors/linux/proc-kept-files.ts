/**
 * Descriptors of /proc/net files kept open by the reading thread between refreshes, each read again from offset 0
 * (pread). WHY: an idle refresh reads the same ~15 /proc/net files (sockstat for the dump, routes, statistics, dev,
 * and the socket tables on procfs) every second; each open walks the path (/proc/net is a link to /proc/self/net) and
 * each close frees what the open built: about half of those files' CPU in the reading thread (bench/results/
 * idle-refresh.md, session 23). A /proc/net file is a seq_file: a read at offset 0 generates it afresh, and reads
 * that carry on where the last one ended continue it, so a kept descriptor reads what a new one would.
 *
 * Only paths under /proc/net/ of the real /proc: they do not go away while the process lives (its network namespace
 * does not change). Not /sys (an interface renamed, and another given the old name, would be read through the old
 * one's descriptor) nor /proc/<pid> (a PID reused), nor a test tree (a file replaced by a new one would still be read
 * through the old descriptor).
 */
import { closeSync, openSync } from 'node:fs';

const KEPT_PREFIX = '/proc/net/';
/** More than any refresh reads: past it every descriptor is closed (a caller asking for ever new paths). */
const MAX_KEPT = 64;

export class KeptFiles {
  private readonly open = new Map<string, number>();

  /** Whether `path` is read through a kept descriptor. */
  keeps(path: string): boolean {
    return path.startsWith(KEPT_PREFIX);
  }

  /** The kept descriptor of `path`, opened now if it is not (throws as openSync does). */
  descriptor(path: string): number {
    const kept = this.open.get(path);
    if (kept !== undefined) return kept;
    if (this.open.size >= MAX_KEPT) this.closeAll();
    const fd = openSync(path, 'r');
    this.open.set(path, fd);
    return fd;
  }

  /** Closes `path`'s descriptor (after a read that failed through it: the next read opens the path again). */
  forget(path: string): void {
    const fd = this.open.get(path);
    if (fd === undefined) return;
    this.open.delete(path);
    try {
      closeSync(fd);
    } catch {
      // Closed already: nothing to release.
    }
  }

  closeAll(): void {
    for (const path of [...this.open.keys()]) this.forget(path);
  }

  get size(): number {
    return this.open.size;
  }
}

/** The reading thread's kept files (its jobs run one at a time). */
export const keptFiles = new KeptFiles();
