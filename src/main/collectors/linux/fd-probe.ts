/**
 * Reading every fd of a process without listing its fd directory first (owner-scan.ts, a process read in full).
 *
 * WHY: a cold scan of a busy host lists ~100k fds and then reads each link. Listing /proc/<pid>/fd is no small part
 * of it: the kernel formats each fd's name and looks up (or builds) its dentry for getdents64, and readlinkat then
 * looks it up again. Measured on 15k fds: listing + reading 54-75 ms of CPU, reading alone 33-47 ms. Where the kernel
 * gives the count of open fds (Linux 6.2 and later: the size of /proc/<pid>/fd), the numbers are probed from 0 up
 * until that many are found: a busy server's fds are dense, so few probes miss.
 *
 * Never fewer fds than the listing: the probe stops once it has found the count, or once its misses pass a budget
 * (a sparse table), and the rest of the directory, from the next number up, is then listed and read. So an fd open
 * from the start of the read to its end is always read: at or below the last number probed, the probe read it;
 * above, the listing names it. (Without that tail, an fd opened at a low number during the probe would make the
 * count while a higher one, open all along, went unread.) Fds opened or closed during the read may or may not be
 * seen, as with a listing.
 */
import type { FdLinks } from './fd-links';

/** Below this many fds a listing costs about as much as the misses and the extra calls of a probe: they are listed. */
export const PROBE_MIN_FDS = 64;

/** What readEveryFd found: every fd read, ascending, with the socket inode each held (0 for other files). */
export interface EveryFd {
  fds: Int32Array;
  inodes: Float64Array;
  /** Links read, misses included. */
  reads: number;
}

/** The scan's pacing (proc-fs.ts Pacer): due() counts one read, pause() lets the event loop run. */
export interface ReadPacing {
  due(): boolean;
  pause(): Promise<void>;
}

/** A sign of life for the watchdog every this many reads: a process with 100k+ fds takes a while. */
const BEAT_EVERY = 4096;

/** Where a probe of a process's fd numbers is: the next number, the fds found, the misses and how many it may miss. */
interface ProbeRun {
  fd: number;
  found: number;
  misses: number;
  readonly budget: number;
}

/** Why probeSome returned: done, a pause is due (before fd `run.fd`), or BEAT_EVERY numbers probed. */
const PROBED_ALL = 0;
const PAUSE_DUE = 1;
const BEAT_DUE = 2;

/**
 * Probes fd numbers from `run.fd` up into `fds` and `inodes` until all `fds.length` are found, the misses pass the
 * budget, a pause is due (`resumed`: the one due before `run.fd` was taken) or the next beat is.
 * WHY apart from readEveryFd, synchronous, with every call in it the same at each call: it runs 100k times on a cold
 * pass. Inside the async function, the loop was compiled again for each process (a new beat closure was a wrong call
 * target, the code after the loop had no type feedback yet): 7 compiles of ~15 ms each on V8's helper threads at 50k
 * connections, on the two cores the walk needs, with the walk in slower code between them.
 */
function probeSome(
  links: FdLinks,
  handle: number,
  fds: Int32Array,
  inodes: Float64Array,
  run: ProbeRun,
  pacing: ReadPacing,
  resumed: boolean,
): number {
  const open = fds.length;
  const budget = run.budget;
  let { fd, found, misses } = run;
  const beatAt = fd - (fd % BEAT_EVERY) + BEAT_EVERY;
  let stop = PROBED_ALL;
  let first = resumed;
  while (found < open && misses <= budget) {
    if (fd === beatAt) {
      stop = BEAT_DUE;
      break;
    }
    if (!first && pacing.due()) {
      stop = PAUSE_DUE;
      break;
    }
    first = false;
    const inode = links.probe(handle, fd);
    if (inode >= 0) {
      fds[found] = fd;
      inodes[found] = inode;
      found++;
    } else misses++;
    fd++;
  }
  run.fd = fd;
  run.found = found;
  run.misses = misses;
  return stop;
}

/**
 * Every fd of the open fd directory `handle` holding `open` fds (the kernel's count), or null when the process is
 * gone (its directory can no longer be listed). `beat`: the watchdog's heartbeat, called now and then.
 */
export async function readEveryFd(
  links: FdLinks,
  handle: number,
  open: number,
  pacing: ReadPacing,
  beat: () => void,
): Promise<EveryFd | null> {
  let fds: Int32Array<ArrayBuffer> = new Int32Array(open);
  let inodes: Float64Array<ArrayBuffer> = new Float64Array(open);
  const run: ProbeRun = { fd: 0, found: 0, misses: 0, budget: Math.max(PROBE_MIN_FDS, open >> 4) };
  let resumed = false;
  for (;;) {
    const stop = probeSome(links, handle, fds, inodes, run, pacing, resumed);
    resumed = false;
    if (stop === PROBED_ALL) break;
    if (stop === PAUSE_DUE) {
      await pacing.pause();
      resumed = true;
    } else beat();
  }
  let found = run.found;
  let reads = run.fd;
  const tail = links.listFrom(handle, run.fd);
  if (tail < 0) return null;
  if (tail > 0) {
    // Ascending, as the owner scan keeps them (a /proc listing already is).
    const more = links.fds.slice(0, tail).sort();
    if (found + tail > fds.length) {
      fds = grow(fds, found + tail);
      inodes = growFloat(inodes, found + tail);
    }
    for (let i = 0; i < tail; i++) {
      const next = more[i] as number;
      if (pacing.due()) await pacing.pause();
      if (i % BEAT_EVERY === BEAT_EVERY - 1) beat();
      fds[found] = next;
      inodes[found] = links.socketInode(handle, next);
      found++;
      reads++;
    }
  }
  // Exactly sized: the owner scan keeps these arrays until the process changes.
  return found === fds.length
    ? { fds, inodes, reads }
    : { fds: fds.slice(0, found), inodes: inodes.slice(0, found), reads };
}

function grow(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

function growFloat(array: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(length);
  grown.set(array);
  return grown;
}
