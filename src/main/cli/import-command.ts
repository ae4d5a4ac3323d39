/** `netscope import FILE`: a saved netstat/ss/lsof/route output, printed or served read-only. */
import { basename } from 'node:path';
import { createBackend } from '../engine/backend';
import { importFile } from '../import';
import type { ImportCommand } from './args';
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
  if (printer && outcome.streamedRows !== undefined) {
    printer.end();
    printWarnings(outcome.snapshot, printOptions);
  } else printSnapshot(outcome.snapshot, printOptions);
  return 0;
}
