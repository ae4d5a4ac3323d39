/**
 * The six inet socket tables of /proc/net: read in the reading thread (one
 * 'tables' job, so the thread reads the next chunk while this one parses the
 * last), parsed here piece by piece.
 *
 * A table that cannot be read (EACCES, EISDIR, a read that hangs) loses only
 * its own rows: the others are read, and a warning names it. A table whose
 * read hangs is skipped until that read returns.
 */
import { endianness } from 'node:os';
import type { Connection, Protocol } from '../../../shared/model';
import { parseProcNetSockets } from '../../parsers/linux/proc-net-sockets';
import type { SocketTableFile } from '../../parsers/linux/proc-net-sockstat';
import { SOCKSTAT_ITEM } from './proc-protocol';
import { decodeTableChunk, isDiffChunk, type TableReadMemory } from './proc-table-diff';
import { stillStuck } from './proc-reads';
import { StuckReadError, type ProcLane } from './worker-lane';

const TABLES: { file: SocketTableFile; protocol: Protocol }[] = [
  { file: 'tcp', protocol: 'tcp' },
  { file: 'tcp6', protocol: 'tcp' },
  { file: 'udp', protocol: 'udp' },
  { file: 'udp6', protocol: 'udp' },
  { file: 'raw', protocol: 'raw' },
  { file: 'raw6', protocol: 'raw' },
];

/** `onRows` sees each parsed piece (~3k rows) as soon as it is ready, in table order. */
export async function readSocketTables(
  io: ProcLane,
  procRoot: string,
  warnings: string[],
  onRows: (rows: Connection[]) => void,
  signal?: AbortSignal,
  /** Only these tables (the netlink engine reads TCP and UDP itself); all six by default. */
  only?: readonly SocketTableFile[],
  /**
   * With both: only the lines that changed since the last refresh's read are sent and parsed (proc-table-diff.ts);
   * `onUnchanged` gets the inode of each socket whose line is the same, in table order with the rows, and says
   * whether it holds that socket's previous row; when it does not (a line the parser could not read last time has
   * no row), the table is read whole next time.
   */
  unchanged?: { memory: TableReadMemory; onUnchanged: (inode: number) => boolean },
): Promise<void> {
  const generation = unchanged?.memory.begin();
  // No table asked for (the netlink engine, on a host without raw sockets): nothing to read, no sockstat either.
  if (only !== undefined && only.length === 0) return;
  const hostOrder = endianness() === 'LE' ? 'le' : 'be';
  const pathOf = (file: string): string => `${procRoot}/net/${file}`;
  const sockstatPaths = [pathOf('sockstat'), pathOf('sockstat6')];
  const missing = (file: string, why: string): void => {
    warnings.push(`${file} sockets are missing: ${why}`);
  };
  let useSockstat = !sockstatPaths.some((path) => io.isStuck(path));
  if (!useSockstat) warnings.push(`socket counts not used (every table is read): ${stillStuck(pathOf('sockstat'))}`);
  let todo = TABLES.filter((table) => {
    if (only !== undefined && !only.includes(table.file)) return false;
    const stuck = io.isStuck(pathOf(table.file));
    if (stuck) missing(table.file, stillStuck(pathOf(table.file)));
    return !stuck;
  });
  const skipped = new Map<SocketTableFile, number>();
  // Thrown after the job, never from inside the lane's message handler.
  let chunkFailed: unknown = null;
  // Tables with an unchanged socket whose previous row is not held: compared with nothing next time.
  const wholeNextTime = new Set<SocketTableFile>();
  while (todo.length > 0) {
    const tables = todo;
    try {
      const files = tables.map((t) => t.file);
      const diff =
        unchanged && generation !== undefined
          ? { generation, compareWith: files.map((file) => unchanged.memory.compareWith(file)) }
          : {};
      const outcome = await io.call(
        'tables',
        { procRoot, files, sockstat: useSockstat, ...diff },
        {
          signal,
          onChunk: (bytes, length, part) => {
            if (chunkFailed !== null) return;
            const table = tables[part] as (typeof tables)[number];
            try {
              const { unreadable, notHeld } = takeChunk(
                bytes,
                length,
                table.protocol,
                hostOrder,
                onRows,
                unchanged?.onUnchanged,
              );
              if (unreadable > 0) skipped.set(table.file, (skipped.get(table.file) ?? 0) + unreadable);
              if (notHeld > 0) wholeNextTime.add(table.file);
            } catch (error) {
              chunkFailed = error;
            }
          },
          describe: (item) => {
            const path =
              item >= SOCKSTAT_ITEM ? (sockstatPaths[item - SOCKSTAT_ITEM] ?? '') : pathOf(tables[item]?.file ?? '?');
            return { key: path, label: `reading ${path}` };
          },
        },
      );
      if (chunkFailed !== null) throw chunkFailed;
      if (unchanged && generation !== undefined)
        outcome.tables.forEach((result, i) => {
          const file = files[i] as SocketTableFile;
          if (result.read && !wholeNextTime.has(file)) unchanged.memory.read(file, generation);
        });
      if (outcome.sockstatProblem !== null)
        warnings.push(`socket counts not used (every table is read): ${outcome.sockstatProblem}`);
      outcome.tables.forEach((result, i) => {
        if (result.code !== null)
          missing((tables[i] as (typeof tables)[number]).file, `${pathOf(tables[i]?.file ?? '')}: ${result.code}`);
      });
      todo = [];
    } catch (error) {
      if (error === chunkFailed) throw error;
      if (!(error instanceof StuckReadError) || error.key === null || signal?.aborted) throw error;
      // The tables before the hung one were delivered; go on after it (or without sockstat) on a new thread.
      if (sockstatPaths.includes(error.key)) {
        warnings.push(`socket counts not used (every table is read): ${error.message}`);
        useSockstat = false;
        continue;
      }
      const at = tables.findIndex((t) => pathOf(t.file) === error.key);
      if (at < 0) throw error;
      missing((tables[at] as (typeof tables)[number]).file, error.message);
      todo = tables.slice(at + 1);
    }
  }
  for (const [file, count] of skipped) warnings.push(`${count} unreadable lines in /proc/net/${file}`);
}

/**
 * One chunk of a table: its rows to `onRows`, and with a diff chunk (proc-table-diff.ts) the unchanged sockets to
 * `onUnchanged`, in table order. Returns how many lines could not be read, and how many unchanged sockets had no
 * previous row (those are left out of this refresh: their lines could not be read last time either).
 */
function takeChunk(
  bytes: Uint8Array,
  length: number,
  protocol: Protocol,
  endianness: 'le' | 'be',
  onRows: (rows: Connection[]) => void,
  onUnchanged: ((inode: number) => boolean) | undefined,
): { unreadable: number; notHeld: number } {
  if (!isDiffChunk(bytes, length)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
    const result = parseProcNetSockets(text, { protocol, endianness });
    onRows(result.data.connections ?? []);
    return { unreadable: result.skipped.length, notHeld: 0 };
  }
  const chunk = decodeTableChunk(bytes, length);
  if (chunk === null || onUnchanged === undefined) throw new Error('a socket table chunk whose lengths do not add up');
  const result = chunk.text === '' ? null : parseProcNetSockets(chunk.text, { protocol, endianness });
  const rows = result?.data.connections ?? [];
  // Positions count changed lines; a line that could not be read made no row (then only the order may shift).
  let taken = 0;
  let notHeld = 0;
  chunk.inodes.forEach((inode, k) => {
    const before = Math.min(chunk.positions[k] as number, rows.length);
    if (before > taken) {
      onRows(rows.slice(taken, before));
      taken = before;
    }
    if (!onUnchanged(inode)) notHeld++;
  });
  if (taken < rows.length) onRows(taken === 0 ? rows : rows.slice(taken));
  return { unreadable: result?.skipped.length ?? 0, notHeld };
}
