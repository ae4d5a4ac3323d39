/**
 * Connections: the six inet socket tables of /proc/net, then each socket's
 * owning process from the fd scan (owner-scan.ts), with its details cached by
 * (pid, start time) (process-info.ts). Every read runs in a reading thread
 * (worker-lane.ts); this thread parses and assembles. Its helpers: the inode
 * batches sent to the owner source (inode-batcher.ts), and the engine status and
 * warnings it reports (connection-warnings.ts).
 */
import type { Connection } from '../../../shared/model';
import type { Collected, CollectContext, Collector } from '../types';
import type { OwnerScanStats } from './owner-scan';
import { ConnectionReuse } from './connection-reuse';
import type { ReusePass } from './reuse-pass';
import {
  ownerlessMeaning,
  ownersLine,
  pushOwnerWarnings,
  REFUSED_CODES,
  socketEngineStatus,
} from './connection-warnings';
import { InodeBatcher } from './inode-batcher';
import { InodeSet } from './inode-table';
import { pidNamespaceReader } from './pid-namespace';
import type { OwnerSource } from './owner-source';
import { errorCode, type ResolvedLinuxOptions, type SocketEngine, type SocketEngineChoice } from './proc-fs';
import type { ProcessInfoReader } from './process-info';
import { NetlinkRowBuilder, RecordMemory } from './netlink-rows';
import { readSockDiagTables, type SockDiagDump } from './sock-diag-tables';
import { settleRatesWhenDiffed } from '../../../shared/pending-rates';
import { RowOwners } from './row-owners';
import { readSocketTables } from './socket-tables';
import { anchorShape, releaseShape } from './shape-anchor';
import { TableReadMemory } from './proc-table-diff';
import { socketCountHint } from './socket-count-hint';
import type { UserNames } from './users';
import type { ProcLane } from './worker-lane';

export interface LinuxConnectionsCollector extends Collector<Connection[]> {
  /** What the owner scan did on the last collect() (for tests and the benchmark). */
  readonly lastScanStats: OwnerScanStats | null;
  /** Which engine read the TCP and UDP sockets on the last collect(), or null before the first. */
  readonly lastEngine: SocketEngine | null;
  /** Where the next collect() reads sockets: the user's choice, changeable while running. */
  socketEngine: SocketEngineChoice;
  /** Ends the owner-scan worker (a later collect() starts a new, cold one). */
  dispose(): Promise<void>;
}

export function createConnectionsCollector(
  options: ResolvedLinuxOptions,
  io: ProcLane,
  owners: OwnerSource,
  processes: ProcessInfoReader,
  users: UserNames,
): LinuxConnectionsCollector {
  const reuse = new ConnectionReuse();
  const records = new RecordMemory();
  // The owner each committed row was given: a carried row whose owner is the same is not read (row-owners.ts).
  const rowOwners = new RowOwners();
  // Which /proc/net table reads the committed rows came from: later reads send only the lines that changed.
  const tableReads = new TableReadMemory();
  let lastEngine: SocketEngine | null = null;
  // Whether an unowned socket is held by no process depends on seeing every process (ownerlessMeaning).
  const pidNamespace = pidNamespaceReader(options.procRoot);
  // Netlink reads this machine's kernel: never with a test's /proc tree. Off for good once refused (REFUSED_CODES).
  // The user may switch engines while the app runs (setSocketEngine); each collect() reads the choice.
  let choice: SocketEngineChoice = options.socketEngine;
  let netlinkProblem: string | null = options.procRoot !== '/proc' ? 'a /proc tree other than /proc' : null;
  // Size the per-refresh lists (rows) and inode set (inode-bearing rows: no TIME_WAIT), so they rarely grow.
  let previousRows = 0;
  let previousInodes = 0;
  // The last refresh's inode set, emptied and filled again (a refresh running meanwhile takes a new one). WHY: its
  // 2 MB at 100k sockets outlives many event-loop turns, so a new one per refresh was freed only by a full GC.
  let spareSeen: InodeSet | null = null;
  const takeSeen = (expected: number): InodeSet => {
    const set = spareSeen ?? new InodeSet(expected);
    spareSeen = null;
    set.clear();
    return set;
  };
  return {
    name: 'connections',
    get lastScanStats() {
      return owners.lastStats;
    },
    get lastEngine() {
      return lastEngine;
    },
    get socketEngine() {
      return choice;
    },
    set socketEngine(next: SocketEngineChoice) {
      choice = next;
    },
    dispose: () => owners.dispose(),
    async collect(context: CollectContext): Promise<Collected<Connection[]>> {
      const warnings: string[] = [];
      // The fd side starts first so that it runs while this thread reads the tables.
      owners.begin();
      try {
        // Queued in the reading thread ahead of the tables; needed only once the owners are known.
        const namesReady = Promise.all([users.refresh(context.signal), processes.prepare(context.signal)]);
        namesReady.catch(() => undefined);
        // WHY piece by piece: the worker builds its set of table inodes while this
        // thread still parses, so little is left to do once the last table is read;
        // and rows equal to the previous refresh's are swapped for those before the
        // next piece is parsed, so the new objects die young (connection-reuse.ts).
        const batcher = new InodeBatcher((inodes) => owners.add(inodes));
        // WHY: a table read in several read() calls is not a consistent copy: when
        // sockets come and go between two calls the kernel's iterator can hand out
        // a row twice. One inode is one socket, so a repeat is dropped.
        // A cold pass has no last refresh to size it by: sockstat's counts instead (the set grew from empty, rehashing
        // as it doubled: ~40 ms of this thread at 100k sockets).
        const hint =
          previousRows > 0
            ? { rows: previousRows, inUse: previousInodes }
            : await socketCountHint(io, options.procRoot, warnings, context.signal);
        const expectedRows = hint.rows;
        // Sized from the hint on a cold pass, so the procfs path's list and columns do not double from 64 either (the
        // netlink path's builder reserves the same); a warm pass starts at the last refresh's size already.
        const startPass = (): ReusePass => {
          const started = reuse.start();
          started.reserve(expectedRows + 64);
          return started;
        };
        let pass = startPass();
        // Sized by the sockets that have an inode: TIME_WAIT rows are never added (socket-count-hint.ts).
        const seen = takeSeen(hint.inUse);
        const admit = (inode: number | null): boolean => {
          if (inode === null) return true;
          // One lookup: whether it was new.
          if (!seen.add(inode)) return false;
          batcher.add(inode);
          return true;
        };
        const onRows = (rows: Connection[]): void => {
          for (const c of rows) if (admit(c.inode)) pass.add(c);
        };
        let netlinkRows: SockDiagDump | null = null;
        let rowsToSettle: ArrayLike<number> = [];
        let failedThisTime: string | null = null;
        const wantNetlink = choice !== 'procfs';
        if (wantNetlink && netlinkProblem === null) {
          // WHY rows while the dump arrives (netlink-rows.ts), their inodes held back until it has all arrived:
          // a dump that fails half-way is read again from procfs, into a fresh pass. WHY not sent on at once (the
          // owner thread would answer them as they come, owner-index.ts): measured at 50k connections, the cold
          // snapshot took ~80 ms longer (the owner thread's work then competes with the dump for the two cores).
          // Anchored between refreshes, as the pass is (shape-anchor.ts): the code optimized for it stays.
          batcher.hold();
          const builder = anchorShape(new NetlinkRowBuilder(records, pass, admit, expectedRows));
          try {
            netlinkRows = await readSockDiagTables(io, context.signal, records.generation, (chunk) =>
              builder.takeChunk(chunk),
            );
            builder.finishAt(netlinkRows.readAt);
            rowsToSettle = builder.rowsToSettle;
            batcher.release();
          } catch (error) {
            netlinkRows = null;
            rowsToSettle = [];
            batcher.drop();
            pass = startPass();
            seen.clear();
            if (context.signal?.aborted) throw error;
            const code = errorCode(error);
            failedThisTime = error instanceof Error ? error.message : String(error);
            if (code !== undefined && !failedThisTime.includes(code)) failedThisTime += ` (${code})`;
            // A refusal stays (no kernel support, a sandbox); anything else (a hung or cut dump) is tried again next time.
            if (code !== undefined && REFUSED_CODES.has(code)) netlinkProblem = failedThisTime;
          }
        }
        // A builder holds its refresh's pass and rows: with no netlink refresh to replace it (procfs chosen, a
        // refusal, a failed dump) it would keep a stale refresh's rows for as long as the app runs.
        if (netlinkRows === null) releaseShape(NetlinkRowBuilder);
        lastEngine = netlinkRows === null ? 'procfs' : 'netlink';
        const problem = netlinkProblem ?? failedThisTime;
        // 'auto' asked for netlink only if it is there: its fallback is no warning (the status says it).
        if (choice === 'netlink' && problem !== null)
          warnings.push(`sockets read from /proc/net: netlink sock_diag is unavailable: ${problem}`);
        const engine = socketEngineStatus(choice, wantNetlink ? problem : null, netlinkRows !== null);
        await readSocketTables(
          io,
          options.procRoot,
          warnings,
          onRows,
          context.signal,
          netlinkRows === null ? undefined : netlinkRows.rawEmpty ? [] : ['raw', 'raw6'],
          {
            memory: tableReads,
            onUnchanged: (inode) => {
              // The line is the same as in the read this pass's previous rows came from (proc-table-diff.ts).
              const at = pass.previousOf(inode);
              if (at < 0) return false;
              if (admit(inode)) pass.carry(at);
              return true;
            },
          },
        );
        previousRows = pass.size;
        previousInodes = seen.size;
        batcher.flush();

        const [usersProblem] = await namesReady;
        const pidNamespaceNow = await pidNamespace();
        if (usersProblem !== null) warnings.push(usersProblem);
        const scan = await owners.finish(context.signal);
        processes.ingest(scan.processes);
        const startTicks = new Map<number, number>();
        for (let i = 0; i < scan.startPids.length; i++)
          startTicks.set(scan.startPids[i] as number, scan.startTicks[i] as number);
        const connections = pass.rows;
        rowOwners.begin(connections.length);
        let k = 0;
        for (let i = 0; i < connections.length; i++) {
          const pid = pass.hasInode(i) ? (scan.owners[k++] ?? 0) : 0;
          // The cached ProcessInfo: its strings are one instance per process, shared by all its sockets.
          const info = pid === 0 ? null : processes.get(pid, startTicks.get(pid) ?? null);
          let uid = pass.tableUid(i);
          let user: string | null = null;
          // The process's user (who holds the socket now) rather than the socket's creator.
          if (info && info.uid !== null) {
            uid = info.uid;
            user = info.user;
          } else if (uid !== null) user = users.nameOf(uid);
          rowOwners.note(i, pid, info, user);
          // A carried row given this owner last time has it (uid too: the same table line, the same process).
          const origin = pass.originOf(i);
          if (origin >= 0 && rowOwners.same(origin, pid, info, user)) continue;
          const c = connections[i] as Connection;
          const ownerPid = pid === 0 ? null : pid;
          const name = info?.name ?? null;
          const exePath = info?.exePath ?? null;
          const commandLine = info?.commandLine ?? null;
          if (!pass.isCarried(i)) {
            c.pid = ownerPid;
            c.processName = name;
            c.exePath = exePath;
            c.commandLine = commandLine;
            c.uid = uid;
            c.user = user;
          } else if (
            c.pid !== ownerPid ||
            c.uid !== uid ||
            c.user !== user ||
            c.processName !== name ||
            c.exePath !== exePath ||
            c.commandLine !== commandLine
          ) {
            // A carried-over object belongs to the previous snapshot too: a copy, never a write.
            pass.replace(i, { ...c, pid: ownerPid, processName: name, exePath, commandLine, uid, user });
          }
        }
        processes.prune(new Set(startTicks.keys()));

        const skipped = owners.skipped();
        pushOwnerWarnings(warnings, skipped, scan.unowned, scan.stats);
        engine.owners = ownersLine(scan.stats);
        const euid = process.geteuid?.() ?? null;
        const ownerless = ownerlessMeaning(euid, pidNamespaceNow, scan.stats, skipped.processes.length);
        pass.commit();
        rowOwners.commit();
        tableReads.commit();
        // First-seen rows carried over unchanged get rates 0 when this snapshot is diffed (netlink-rows.ts).
        settleRatesWhenDiffed(records, connections, rowsToSettle);
        spareSeen = seen;
        if (netlinkRows === null) records.forget();
        else records.commit(netlinkRows);
        return { data: connections, warnings, engine, ownerless };
      } finally {
        owners.idle();
      }
    },
  };
}
