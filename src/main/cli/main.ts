/**
 * `netscope`: the command line on plain Node (no Electron). Parses argv, runs
 * the engine once or every interval, prints tables, JSON or CSV; `serve` and
 * `import` are subcommands. Exit codes: 0 ok, 1 runtime failure, 2 usage.
 */
import { runImport } from './import-command';
import { parseArgs, USAGE, UsageError } from './args';
import { runServe } from './serve-command';
import { runMeasure } from './measure-command';
import { runShow } from './show-command';
import { version } from '../../../package.json';

export async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`netscope: ${error.message}\nTry 'netscope --help'.\n`);
      return 2;
    }
    throw error;
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`netscope ${version}\n`);
      return 0;
    case 'show':
      return runShow(command);
    case 'serve':
      return runServe(command);
    case 'import':
      return runImport(command);
    case 'measure':
      return runMeasure(command);
    case 'exporter':
      // Loaded only here: prom-client and the metrics code stay out of every other command's start.
      return (await import('./exporter-command')).runExporter(command);
  }
}

// Piping into `head` closes stdout early: that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`netscope: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
