/** `netscope import FILE`: a saved netstat/ss/lsof/route output, printed or served read-only. */
import { basename } from 'node:path';
import { createBackend } from '../engine/backend';
import { importFile } from '../import';
import type { Snapshot } from '../../shared/model';
import type { ImportCommand, View } from './args';
import { connectionRowPrinter, printSnapshot, printWarnings, type PrintOptions } from './output';
import { serveBackend } from './serve-command';

export async function runImport(command: ImportCommand): Promise<number> {
  const printOptions: PrintOptions = {
    ...command,
    repeating: false,
    out: (text) => process.stdout.write(`${text}\n`),
    write: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(`${text}\n`),
  };
  // A big connection table is printed as it is read, never held whole (see importFile's onRow).
  const printer = command.serve ? null : connectionRowPrinter(printOptions);
  const outcome = await importFile(command.file, {
    maxBytes: command.maxBytes,
    onRow: printer ? (row) => printer.row(row) : undefined,
  });
  if (!outcome.ok) {
    process.stderr.write(`netscope: ${outcome.error}\n`);
    return 2;
  }
  process.stderr.write(`netscope: ${basename(command.file)}: read as ${outcome.format.label}\n`);
  if (command.serve) {
    const backend = createBackend({ mode: 'browser', allowEndProcess: false, fixedSnapshot: outcome.snapshot });
    return serveBackend(backend, { host: '127.0.0.1', port: 7870, allowActions: false });
  }
  const views = viewsOfImport(command, outcome.snapshot);
  if (printer && outcome.streamedRows !== undefined) {
    printer.end();
    if (views.includes('unix')) printSnapshot(outcome.snapshot, { ...printOptions, views: ['unix'] });
    else printWarnings(outcome.snapshot, printOptions);
  } else printSnapshot(outcome.snapshot, { ...printOptions, views });
  return 0;
}

/**
 * A file with UNIX sockets (/proc/net/unix, ss -x, netstat -x or -a) shows them without -x:
 * the user asked for the file, not for a subset. Only the UNIX table when the file has no
 * inet sockets and none were asked for (a /proc/net/unix file is not an empty connection table).
 */
export function viewsOfImport(command: Pick<ImportCommand, 'views' | 'sockets'>, snapshot: Snapshot): View[] {
  const defaultView = command.views.length === 1 && command.views[0] === 'connections' && command.sockets === null;
  // A Windows netstat -x file (NetworkDirect) is shown in the same place, even with none listed.
  const others = (snapshot.unixSockets?.length ?? 0) > 0 || snapshot.networkDirect !== undefined;
  if (!defaultView || !others) return command.views;
  return snapshot.connections.length === 0 ? ['unix'] : ['connections', 'unix'];
}
