/**
 * What the connections collector (connections.ts) tells the user besides its rows: the socket engine's status, whether
 * a netlink failure is a lasting refusal, and the warnings about sockets left without an owner. Split out of
 * connections.ts so that it holds the refresh itself; these are its messages and the rules for them.
 */
import type { OwnerlessMeaning, SocketEngineStatus } from '../../../shared/model';
import type { OwnerScanStats } from './owner-scan';
import { INITIAL_PID_NAMESPACE } from './pid-namespace';
import type { SocketEngineChoice } from './proc-fs';

/** What the status bar and `--json` say about the engine that ran, and why counters are missing when they are. */
export function socketEngineStatus(
  requested: SocketEngineChoice,
  netlinkProblem: string | null,
  netlinkRan: boolean,
): SocketEngineStatus {
  return {
    name: netlinkRan ? 'netlink' : 'procfs',
    requested,
    fallbackReason: netlinkProblem === null ? null : `netlink sock_diag unavailable: ${netlinkProblem}`,
    traffic: netlinkRan,
    trafficNote: netlinkRan
      ? null
      : netlinkProblem === null
        ? 'counters need the netlink engine (--socket-engine netlink)'
        : 'counters need the netlink engine, which is unavailable here',
  };
}

const PROC_LINKS = '/proc/<pid>/fd links';

/**
 * How the owners were read (SocketEngineStatus.owners), from the owner scan's stats. WHY say it: the BPF fd reader
 * (fd-bpf.ts) loads a program into the kernel, only for processes of 8192+ fds and only where allowed; without this
 * line nothing showed whether it ran, or why it did not once a process was large enough to ask for it.
 */
export function ownersLine(stats: Pick<OwnerScanStats, 'bpfProcesses' | 'bpfOff'>): string {
  const { bpfProcesses: n, bpfOff } = stats;
  const bpf = n === 0 ? PROC_LINKS : `BPF fd iterator (${n} ${n === 1 ? 'process' : 'processes'}) + ${PROC_LINKS}`;
  return bpfOff === null ? bpf : `${bpf}; BPF fd iterator off: ${bpfOff}`;
}

/**
 * What a socket without an owner means in this refresh (shared/model.ts OwnerlessMeaning): held by no process only
 * when every process's fds were read, which needs root (`euid` 0; with /proc mounted hidepid, a user's scan does not
 * even see the processes it cannot read, so no count of refusals proves it saw every one) in the initial PID
 * namespace (`pidNamespace`, pid-namespace.ts: a container's root with the host's network sees the host's sockets and
 * none of its other processes, and is refused nothing), and no process was refused or skipped as hung.
 */
export function ownerlessMeaning(
  euid: number | null,
  pidNamespace: string | null,
  stats: Pick<OwnerScanStats, 'unreadableProcesses'>,
  skippedProcesses: number,
): OwnerlessMeaning {
  return euid === 0 &&
    pidNamespace === INITIAL_PID_NAMESPACE &&
    stats.unreadableProcesses === 0 &&
    skippedProcesses === 0
    ? 'held-by-none'
    : 'maybe-unreadable';
}

/** Errors that mean netlink sock_diag is not there for this process (and will not be on the next refresh). */
export const REFUSED_CODES: ReadonlySet<string> = new Set([
  'EACCES',
  'EPERM',
  'EPROTONOSUPPORT',
  'EAFNOSUPPORT',
  'ESOCKTNOSUPPORT',
  'ENOENT',
  'EOPNOTSUPP',
  'ENOKOFFI',
]);

/**
 * Adds to `warnings` why some sockets have no owner or no details: processes whose /proc reads hang (skipped by the
 * owner source), and sockets no readable process holds.
 */
export function pushOwnerWarnings(
  warnings: string[],
  skipped: { processes: number[]; details: number[] },
  unowned: number,
  stats: OwnerScanStats,
): void {
  if (skipped.processes.length > 0)
    warnings.push(
      `process ${skipped.processes.join(', ')}: reading its /proc files hangs (a hung mount?); ` +
        'its sockets are shown without an owner until that read returns',
    );
  if (skipped.details.length > 0)
    warnings.push(
      `process ${skipped.details.join(', ')}: reading its details (cmdline, status) hangs (a hung mount?); ` +
        'its sockets show the PID only until that read returns',
    );
  if (unowned > 0) {
    warnings.push(
      stats.unreadableProcesses > 0
        ? `${socketCount(unowned, 'belongs', 'belong')} to processes this user cannot read: run as root to see their owners`
        : `${socketCount(unowned, 'has', 'have')} no owning process that /proc shows ` +
            '(not yet accepted by their listener, kernel sockets, held in another PID namespace, or closed during the scan)',
    );
  }
}

/** '1 socket has', '3 sockets have'. */
function socketCount(count: number, singularVerb: string, pluralVerb: string): string {
  return count === 1 ? `1 socket ${singularVerb}` : `${count} sockets ${pluralVerb}`;
}
