/**
 * The 'sockDiag' job of proc-jobs.ts: netlink sock_diag dumps in the reading
 * thread. The netlink socket stays open between refreshes; one that failed is
 * closed and opened again next time. Each message becomes a record
 * (sock-diag-record.ts), and the main thread gets only the records of the
 * sockets that changed since the dump it last used (sock-diag-diff.ts).
 */
import { tableIsEmpty } from '../../parsers/linux/proc-net-sockstat';
import { RECEIVE_BYTES, SockDiagSocket } from './netlink-socket';
import { DiffEncoder, InodePrints } from './sock-diag-diff';
import { compactSockDiagChunk } from '../../parsers/linux/netlink-sock-diag';
import { recordBytesFor } from '../../parsers/linux/sock-diag-record';
import { readSockstat } from './proc-file-jobs';
import { anchorShape } from './shape-anchor';
import { PHASE_FILE, type JobArgs, type JobContext, type SockDiagResult } from './proc-protocol';

/** sockstat's counts of the sockets a 'sockDiag' job lists with an inode. */
const DIAG_IN_USE = ['TCP inuse', 'TCP6 inuse', 'UDP inuse', 'UDP6 inuse'];

/** Where a 'sockDiag' job writes the records of one recv() (jobs run one at a time in a thread). */
let sockDiagBuffer: Buffer | null = null;

export class SockDiagJob {
  private netlink: SockDiagSocket | null = null;
  /** The fingerprints of the last whole sock_diag dump, and the generation the main thread gave it (0: none). */
  private diagPrints = new InodePrints();
  private diagSpare = new InodePrints();
  private diagGeneration = 0;

  run({ queries, generation, compareWith }: JobArgs<'sockDiag'>, context: JobContext): SockDiagResult {
    const socket = (this.netlink ??= SockDiagSocket.open());
    // One recv()'s records (RECEIVE_BYTES of messages at most), before the encoder sorts them.
    const records = (sockDiagBuffer ??= Buffer.allocUnsafeSlow(recordBytesFor(RECEIVE_BYTES)));
    let malformed = 0;
    // As for /proc/net: a TCP dump walks the kernel's whole TCP hash even when the family has no socket (~1.3 ms
    // of CPU a dump with 262k buckets, every refresh); sockstat (same network namespace) says which are empty.
    const { counts } = readSockstat('/proc', context);
    const wanted = queries.map(
      ({ family, protocol }) => !tableIsEmpty(family === 6 ? `${protocol}6` : protocol, counts),
    );
    // Both TCP families: one compat dump walks the TCP hash once for both (netlink-socket.ts dumpTcp), not twice.
    const bothTcp = queries.filter(({ protocol }, part) => protocol === 'tcp' && wanted[part]).length === 2;
    const last = compareWith !== 0 && compareWith === this.diagGeneration ? this.diagPrints : null;
    // Forgotten until this dump has all gone out: a dump that fails is compared with by nobody.
    this.diagGeneration = 0;
    // WHY two maps swapped: a new 100k-socket map each refresh is ~4 MB more for this thread's GC to free.
    const next = this.diagSpare;
    // Sized like the last dump, or cold by sockstat's sockets in use (those with an inode), so it rarely grows.
    next.reset(
      Math.max(
        this.diagPrints.size,
        DIAG_IN_USE.reduce((sum, key) => sum + (counts.get(key) ?? 0), 0),
      ),
    );
    let part = 0;
    // Anchored between dumps (shape-anchor.ts): the code optimized for the encoder outlives the job.
    const encoder = anchorShape(new DiffEncoder(last, next, (bytes, length) => context.chunk(bytes, length, part)));
    try {
      queries.forEach(({ family, protocol }, index) => {
        if (!wanted[index] || (bothTcp && protocol === 'tcp' && family === 6)) return;
        part = index;
        context.beat(part, PHASE_FILE);
        const dump =
          bothTcp && protocol === 'tcp' ? socket.dumpTcp.bind(socket) : socket.dump.bind(socket, family, protocol);
        dump((bytes, n) => {
          context.beat(part, PHASE_FILE);
          const compact = compactSockDiagChunk(bytes, n, protocol, records, 0);
          malformed += compact.malformed;
          encoder.add(records, compact.records);
        });
        encoder.flush();
      });
      if (malformed > 0) throw new Error(`netlink sock_diag: ${malformed} malformed messages`);
    } catch (error) {
      socket.close();
      this.netlink = null;
      throw error;
    }
    this.diagSpare = this.diagPrints;
    this.diagPrints = next;
    this.diagGeneration = generation;
    // WHY: the raw tables, which the caller reads from /proc/net next, are empty on most hosts; said here from the
    // sockstat this job read, they cost no second job (a round trip, and sockstat read again) each refresh.
    return { rawEmpty: tableIsEmpty('raw', counts) && tableIsEmpty('raw6', counts) };
  }
}
