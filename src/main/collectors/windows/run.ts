/**
 * The command runner for the Windows collectors: the shared one, with exit
 * codes as results (netstat exits 1 on some errors while printing useful
 * text); only failing to start, a timeout or an abort reject. Output stays
 * bytes: decodeConsoleOutput handles the OEM code page (chcp does not matter).
 */
import { runCommand as runShared, type CommandOutput, type CommandRunner, type RunOptions } from '../run-command';

export type { CommandRunner, RunOptions };
export type CommandResult = CommandOutput;

export const runCommand: CommandRunner = (file, args, options = {}) =>
  runShared(file, args, { ...options, allowNonZeroExit: true });
