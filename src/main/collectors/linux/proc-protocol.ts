/**
 * The jobs that read /proc, /sys and /etc/passwd, and the messages that carry
 * them between a collector (main thread) and the thread that does the reading
 * (proc-worker.ts, or the calling thread where no worker bundle exists).
 *
 * WHY every read is a job: any of these reads can block for ever (a process
 * stuck on a hung NFS or FUSE mount blocks reads of its /proc/<pid> files); a
 * job runs where a watchdog can give up on it (worker-lane.ts), so the main
 * thread, its timers and the other collectors never wait on one.
 */
import type { SocketTableFile } from '../../parsers/linux/proc-net-sockstat';
import type { OwnerReply } from './owner-protocol';

/** One file of a 'read' job: its text, or null with the error code (null code: the file does not exist). */
export interface ReadOutcome {
  text: string | null;
  code: string | null;
  /**
   * With ReadOption.knownMtime only: the file's mtime (-1 when it cannot be stat'ed; then text is null), and
   * whether it equals knownMtime (then the file was not read: text is null).
   */
  mtime?: number;
  unchanged?: boolean;
}

/** How one file of a 'read' job is read, where it differs from the job's default. */
export interface ReadOption {
  encoding?: 'latin1' | 'utf8';
  /** Stat the file first, and read it only when its mtime differs from this (-1: never read). */
  knownMtime?: number;
}

/** Per table of a 'tables' job: whether it was read, and the error code when it could not be. */
export interface TablesOutcome {
  tables: { read: boolean; code: string | null }[];
  /** Why sockstat could not be read (then every table was), or null. */
  sockstatProblem: string | null;
}

/** Heartbeat items of a 'tables' job: a table's index, or these for the sockstat files. */
export const SOCKSTAT_ITEM = 1000;

/** What /proc/<pid> says about a process, unparsed (the main thread parses, with its user names). */
export interface RawProcess {
  pid: number;
  startTicks: number;
  comm: string | null;
  status: string | null;
  exe: string | null;
  cmdline: string | null;
}

/** What a 'sockDiag' job says besides its chunks. */
export interface SockDiagResult {
  /** Whether sockstat (read by the job before its dumps) showed no raw socket, IPv4 or IPv6. */
  rawEmpty: boolean;
}

/** One table of a 'sockDiag' job. */
export interface SockDiagQuery {
  family: 4 | 6;
  protocol: 'tcp' | 'udp';
}

export interface Jobs {
  /**
   * Whole small files. WHY `options`: the reads of one refresh by several collectors go as one job (proc-reads.ts),
   * and /etc/passwd among them is read as UTF-8 and only when its mtime changed.
   */
  read: {
    args: { paths: string[]; encoding: 'latin1' | 'utf8'; options?: (ReadOption | null)[] };
    result: ReadOutcome[];
  };
  /**
   * Socket tables, one after another, sent as chunks of whole lines (tagged
   * with the table's index in `files`); a table that sockstat shows to be
   * empty is not read (unless `sockstat` is false: then every table is).
   */
  tables: {
    args: {
      procRoot: string;
      files: SocketTableFile[];
      sockstat: boolean;
      /**
       * This read's name: then each chunk is a diff chunk (proc-table-diff.ts) against read `compareWith[i]` of
       * table i, where that is the one this thread holds (else every line is sent). Without: the text as it is.
       */
      generation?: number;
      compareWith?: number[];
    };
    result: TablesOutcome;
  };
  /** /proc/<pid>/{stat,comm,status,exe,cmdline}; null when the process is gone. */
  processInfo: { args: { procRoot: string; pid: number }; result: RawProcess | null };
  /**
   * TCP and UDP sockets through netlink sock_diag, one dump per query, sent as
   * chunks (sock-diag-diff.ts: the records of the sockets that changed since
   * dump `compareWith`, the inodes of those that did not) tagged with the
   * query's index; this dump is then known as `generation`. Fails (with the
   * errno's name as code) when the socket cannot be opened, a dump fails or a
   * message is malformed.
   */
  sockDiag: { args: { queries: SockDiagQuery[]; generation: number; compareWith: number }; result: SockDiagResult };
  /** Owner scan phase 1 (no reply): processes, fd listings, new fd links. */
  ownerList: { args: { procRoot: string; skipPids: number[] }; result: null };
  /** Table inodes for the owner scan, piece by piece (no reply; the array is transferred). */
  ownerInodes: { args: { inodes: Float64Array }; result: null };
  /**
   * Owner scan phase 2: the owner of every inode sent, and the details of owners not sent before. `inodes`: the
   * last piece of table inodes, sent with it rather than in an 'ownerInodes' message of its own.
   */
  ownerResolve: {
    /** `list`: the 'ownerList' arguments, when that message was left out (see OwnerResolveReply.listNotNeeded). */
    args: { skipInfoPids: number[]; inodes?: Float64Array; list?: JobArgs<'ownerList'> };
    result: OwnerResolveReply;
  };
}

export type JobName = keyof Jobs;
export type JobArgs<J extends JobName> = Jobs[J]['args'];
export type JobResult<J extends JobName> = Jobs[J]['result'];

export interface OwnerResolveReply extends OwnerReply {
  /** Details of owning processes this thread had not sent since it started (each (pid, start time) once). */
  processes: RawProcess[];
  /**
   * Whether the next pass's listing will wait for the tables anyway (owner-quiet.ts mayDefer, with no process
   * skipped): the next refresh may then leave out its 'ownerList' message, and the pass opens with its first piece.
   */
  listNotNeeded: boolean;
}

export interface JobRequest {
  /** 0 for a job whose answer nobody waits for. */
  id: number;
  job: JobName;
  args: unknown;
}

export type JobMessage =
  | { id: number; kind: 'chunk'; bytes: ArrayBuffer; length: number; part: number }
  | { id: number; kind: 'done'; result: unknown }
  | { id: number; kind: 'error'; message: string; code: string | null };

/**
 * A worker's heartbeat, in shared memory so that it costs no message:
 * [BEAT] grows with every unit of work, [ITEM] and [PHASE] say what it is
 * reading now (a path index or a PID), so a watchdog can name what hangs,
 * and [BUSY] is 1 while a job runs (a worker between jobs is never stuck,
 * even when its answer still waits for a busy main thread to read it).
 */
export const BEAT = 0;
export const ITEM = 1;
export const PHASE = 2;
export const BUSY = 3;
export const HEARTBEAT_SLOTS = 4;

/** PHASE values. */
export const PHASE_FILE = 0;
/** Listing or reading a process's fds (/proc/<pid>/stat, fd/): the whole process is skipped after a hang. */
export const PHASE_PROCESS_FDS = 1;
/** Reading a process's details (cmdline, status ...): only its details are skipped after a hang. */
export const PHASE_PROCESS_INFO = 2;

/** What a job reports as it goes (the heartbeat, and chunks of a 'table' job). */
export interface JobContext {
  beat(item: number, phase: number): void;
  /** A chunk of the `part`-th table of a 'tables' job: a view valid only until this returns. */
  chunk(bytes: Uint8Array, length: number, part: number): void;
}
