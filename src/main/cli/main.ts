/**
 * `netscope`: the command line on plain Node (no Electron). Parses argv, then
 * loads only the chosen command's code (a dynamic import each: `netscope -r`
 * never loads the server, the importers, prom-client or the connection
 * views), runs it and sets the exit code: 0 ok, 1 runtime failure, 2 usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { helpText, parseArgs, UsageError, type Command } from './args';
import { lowerBackgroundThreads } from './background-threads';
import { guardWrites, terminalSafeLines, terminalSafeOutput } from './terminal-text';
import { startThreadsAhead } from './threads-ahead';

/**
 * The version from the package.json above this file (out/cli or src/main/cli),
 * read only for --version: importing package.json would put all of it in every start.
 */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'netscope' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

async function run(command: Command): Promise<number> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${helpText(command.topic)}\n`);
      return 0;
    case 'version':
      process.stdout.write(`netscope ${packageVersion()}\n`);
      return 0;
    case 'show':
      return (await import('./show-command')).runShow(command);
    case 'serve':
      return (await import('./serve-command')).runServe(command);
    case 'import':
      return (await import('./import-command')).runImport(command);
    case 'measure':
      return (await import('./measure-command')).runMeasure(command);
    case 'exporter':
      return (await import('./exporter-command')).runExporter(command);
  }
}

export async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    // `netscope top` (src/main/cli/top.ts) parses its own flags.
    if (argv[0] === 'top') {
      startThreadsAhead('top');
      return await (await import('./top')).runTop(argv.slice(1));
    }
    command = parseArgs(argv);
    // A filter that cannot match is bad usage, found before any collection (show and import take --filter).
    if ('filter' in command && command.filter !== null) (await import('./filter-check')).checkFilter(command.filter);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // One hint, after the message.
    process.stderr.write(`netscope: ${error.message}\nTry 'netscope --help'.\n`);
    return 2;
  }
  // Before any thread of NetScope's own starts (they take the main thread's priority): see background-threads.ts.
  if (command.kind === 'serve' || command.kind === 'exporter') {
    const { problems } = lowerBackgroundThreads();
    if (problems.length > 0)
      process.stderr.write(`netscope: note: background threads keep their priority: ${problems[0]}\n`);
  }
  startThreadsAhead(command);
  try {
    return await run(command);
  } catch (error) {
    // A command may find a usage problem only when it runs (an unreadable --token-file).
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`netscope: ${error.message}\n`);
    return 2;
  }
}

/**
 * Everything said on stderr made terminal-safe in one place (terminal-text.ts): warnings quote a saved file's lines
 * and name processes and files, which are others' text. WHY here rather than at each message: there are dozens,
 * and stderr carries no data a program parses byte for byte (the tables and CSV go to stdout). Stdout too when it
 * is a terminal: CSV and JSON keep names as they are for programs, but a person reading them on a terminal must not
 * have an ESC in a process name drive it (JSON escapes C0 characters, not C1 or bidi ones; review, session 28).
 */
guardWrites(process.stderr, terminalSafeLines);
if (process.stdout.isTTY) guardWrites(process.stdout, terminalSafeOutput);

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
