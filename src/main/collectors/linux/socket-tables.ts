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
): Promise<void> {
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
  while (todo.length > 0) {
    const tables = todo;
    try {
      const outcome = await io.call(
        'tables',
        { procRoot, files: tables.map((t) => t.file), sockstat: useSockstat },
        {
          signal,
          onChunk: (bytes, length, part) => {
            const table = tables[part] as (typeof tables)[number];
            const text = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
            const result = parseProcNetSockets(text, { protocol: table.protocol, endianness: hostOrder });
            onRows(result.data.connections ?? []);
            if (result.skipped.length > 0)
              skipped.set(table.file, (skipped.get(table.file) ?? 0) + result.skipped.length);
          },
          describe: (item) => {
            const path =
              item >= SOCKSTAT_ITEM ? (sockstatPaths[item - SOCKSTAT_ITEM] ?? '') : pathOf(tables[item]?.file ?? '?');
            return { key: path, label: `reading ${path}` };
          },
        },
      );
      if (outcome.sockstatProblem !== null)
        warnings.push(`socket counts not used (every table is read): ${outcome.sockstatProblem}`);
      outcome.tables.forEach((result, i) => {
        if (result.code !== null)
          missing((tables[i] as (typeof tables)[number]).file, `${pathOf(tables[i]?.file ?? '')}: ${result.code}`);
      });
      todo = [];
    } catch (error) {
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
