/** `netscope import FILE`: a saved netstat/ss/lsof/route output, printed or served read-only. */
import { basename } from 'node:path';
import { createBackend } from '../engine/backend';
import { importFile } from '../import';
import type { ImportCommand } from './args';
import { planImport } from './import-views';
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
    return serveBackend(backend, {
      host: '127.0.0.1',
      port: command.port,
      tokenFile: command.tokenFile,
      allowActions: false,
    });
  }
  const plan = planImport(command, outcome.snapshot, outcome.streamedRows);
  if (printer && outcome.streamedRows !== undefined) {
    // The rows went out as they were read; a file of UNIX sockets streamed none, and shows no connection table.
    if (plan.views.includes('connections')) printer.end();
    const rest = plan.views.filter((v) => v !== 'connections');
    if (rest.length > 0) printSnapshot(outcome.snapshot, { ...printOptions, views: rest });
    else printWarnings(outcome.snapshot, printOptions);
  } else printSnapshot(outcome.snapshot, { ...printOptions, views: plan.views });
  for (const note of plan.notes) process.stderr.write(`netscope: ${note}\n`);
  return 0;
}
