/**
 * Every Windows program NetScope starts is named by its full path under %SystemRoot%\System32 and started with
 * that folder as its working folder. WHY: cmd.exe (and libuv's PATH search) look in the current folder first,
 * so a bare `netstat` run from a user's Downloads folder could start a planted netstat.bat, and as administrator
 * when elevated.
 */

/** Programs under System32, by the name the code uses. */
export const SYSTEM_PROGRAMS = {
  cmd: 'cmd.exe',
  netstat: 'netstat.exe',
  route: 'route.exe',
  reg: 'reg.exe',
  tasklist: 'tasklist.exe',
  powershell: 'WindowsPowerShell\\v1.0\\powershell.exe',
} as const;

export type SystemProgram = keyof typeof SYSTEM_PROGRAMS;

const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';

/**
 * %SystemRoot% from the environment when it is a plain local folder (drive letter, no quotes or cmd.exe
 * metacharacters, since it ends up inside an elevated command line), else C:\Windows.
 */
export function systemRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return value !== undefined && /^[A-Za-z]:\\[^"%&|<>^\r\n]*$/.test(value)
    ? value.replace(/\\+$/, '')
    : DEFAULT_SYSTEM_ROOT;
}

export function system32(env?: Readonly<Record<string, string | undefined>>): string {
  return `${systemRoot(env)}\\System32`;
}

export function systemProgram(name: SystemProgram, env?: Readonly<Record<string, string | undefined>>): string {
  return `${system32(env)}\\${SYSTEM_PROGRAMS[name]}`;
}
