/**
 * The command runner for the Windows collectors. Callers name a program by its short name ('netstat',
 * 'tasklist', ...); this runner starts only the programs listed in SYSTEM_PROGRAMS, by their full path under
 * %SystemRoot%\System32, with System32 as the working folder (see system-programs.ts for why). Exit codes are
 * results (netstat exits 1 on some errors while printing useful text); only failing to start, a timeout or an
 * abort reject. Output stays bytes: decodeConsoleOutput handles the OEM code page (chcp does not matter).
 */
import { runCommand as runShared, type CommandOutput, type CommandRunner, type RunOptions } from '../run-command';
import { SYSTEM_PROGRAMS, system32, systemProgram, type SystemProgram } from './system-programs';

export type { CommandRunner, RunOptions };
export type CommandResult = CommandOutput;

function isSystemProgram(name: string): name is SystemProgram {
  return Object.prototype.hasOwnProperty.call(SYSTEM_PROGRAMS, name);
}

export function systemProgramRunner(
  run: CommandRunner = runShared,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CommandRunner {
  return (name, args, options = {}) => {
    if (!isSystemProgram(name)) {
      return Promise.reject(new Error(`${name} is not one of the System32 programs NetScope runs`));
    }
    return run(systemProgram(name, env), args, { ...options, cwd: system32(env), allowNonZeroExit: true });
  };
}

export const runCommand: CommandRunner = systemProgramRunner();
