/**
 * "Resolve owners as administrator": runs `netstat -anob` elevated, once, when
 * the user asks (never on a timer: each run is a UAC prompt). The elevated
 * command writes to files in a temp folder so we read the bytes ourselves (the
 * OEM code page), and also lists executable paths via Win32_Process.
 * Outcomes: accepted (owners per PID), declined (the user said no: a message,
 * not an error) or failed.
 */
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseWindowsNetstat } from '../../parsers/windows/netstat-connections';
import { splitCsvLine } from '../../parsers/windows/tasklist';
import { encodedEnableScript, parseEnabledCount } from './estats-elevated';
import { ownersFromNetstat, type ElevatedOwner } from './owners';
import type { CommandRunner } from './run';
import { system32, systemProgram } from './system-programs';

/** The full result; the engine sees the contract's ElevationOutcome (a count) made from it in index.ts. */
export type ElevationResult =
  | {
      kind: 'accepted';
      owners: Map<number, ElevatedOwner>;
      warnings: string[];
      /** Connections whose traffic counters were switched on; null when that step printed no count. */
      countersSwitchedOn: number | null;
    }
  | { kind: 'declined'; message: string }
  | { kind: 'failed'; message: string };

export type ElevatedRun = { kind: 'ok' } | { kind: 'declined' } | { kind: 'failed'; message: string };

export interface ElevationDeps {
  /** Runs a cmd.exe command line elevated, resolving when it has finished. */
  runElevated(commandLine: string): Promise<ElevatedRun>;
  makeTempDir(): Promise<string>;
  /** Rejects when the file does not exist. */
  readFile(path: string): Promise<Uint8Array>;
  removeDir(path: string): Promise<void>;
}

export const DECLINED_MESSAGE = 'Administrator rights were not granted: process owners stay as they were.';

/**
 * The cmd.exe command line run elevated. Every program by its full path under System32 (never a bare name
 * that cmd.exe would look up in the current folder first), and no `cd` into a user folder.
 */
export function elevatedCommandLine(dir: string, env?: Readonly<Record<string, string | undefined>>): string {
  const owners = `${dir}\\owners.txt`;
  const paths = `${dir}\\paths.txt`;
  const listPaths =
    'Get-CimInstance Win32_Process | Select-Object ProcessId,ExecutablePath | ConvertTo-Csv -NoTypeInformation';
  const netstat = systemProgram('netstat', env);
  const powershell = systemProgram('powershell', env);
  const counters = `${dir}\\estats.txt`;
  return (
    `"${netstat}" -anob > "${owners}" 2>&1 & "${powershell}" -NoProfile -NonInteractive -Command "${listPaths}" > "${paths}"` +
    // Per-connection traffic: switch EStats collection on for the open connections (estats-elevated.ts).
    ` & "${powershell}" -NoProfile -NonInteractive -EncodedCommand ${encodedEnableScript()} > "${counters}" 2>&1`
  );
}

/** `"ProcessId","ExecutablePath"` CSV from Win32_Process: pid -> path (empty paths skipped). */
export function parseProcessPathsCsv(text: string): Map<number, string> {
  const paths = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const [pidText, path] = splitCsvLine(line.trim());
    if (pidText && /^\d+$/.test(pidText) && path) paths.set(Number(pidText), path);
  }
  return paths;
}

export async function resolveOwnersElevated(deps: ElevationDeps): Promise<ElevationResult> {
  let dir: string | null = null;
  try {
    dir = await deps.makeTempDir();
    const run = await deps.runElevated(elevatedCommandLine(dir));
    if (run.kind === 'declined') return { kind: 'declined', message: DECLINED_MESSAGE };
    if (run.kind === 'failed') return { kind: 'failed', message: `elevated netstat -anob failed: ${run.message}` };
    let ownersBytes: Uint8Array;
    try {
      ownersBytes = await deps.readFile(`${dir}\\owners.txt`);
    } catch {
      return { kind: 'failed', message: 'elevated netstat -anob wrote no output' };
    }
    const parsed = parseWindowsNetstat(decodeConsoleOutput(ownersBytes).text);
    const rows = parsed.data.connections ?? [];
    if (rows.length === 0) return { kind: 'failed', message: 'elevated netstat -anob printed no connections' };
    const warnings = [...parsed.warnings];
    let paths = new Map<number, string>();
    try {
      paths = parseProcessPathsCsv(decodeConsoleOutput(await deps.readFile(`${dir}\\paths.txt`)).text);
    } catch {
      warnings.push('executable paths were not listed (PowerShell unavailable?): names only');
    }
    let countersSwitchedOn: number | null = null;
    try {
      countersSwitchedOn = parseEnabledCount(decodeConsoleOutput(await deps.readFile(`${dir}\\estats.txt`)).text);
    } catch {
      // No file: the step did not run; the count stays unknown.
    }
    if (countersSwitchedOn === null)
      warnings.push('per-connection traffic counters could not be switched on (see the traffic columns)');
    return { kind: 'accepted', owners: ownersFromNetstat(rows, paths), warnings, countersSwitchedOn };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    if (dir !== null) await deps.removeDir(dir).catch(() => undefined);
  }
}

/** ERROR_CANCELLED: the UAC prompt was refused. PowerShell's message is localized, the code is not. */
const ERROR_CANCELLED = 1223;

/**
 * The PowerShell that asks for elevation: Start-Process of cmd.exe by its full path, with System32 as the elevated
 * process's working folder, waiting for it; exit 1223 when the prompt was refused.
 */
export function powershellRunAsScript(commandLine: string, env?: Readonly<Record<string, string | undefined>>): string {
  const quote = (text: string): string => text.replace(/'/g, "''");
  const args = quote(`/d /s /c "${commandLine}"`);
  const cmd = quote(systemProgram('cmd', env));
  const workingFolder = quote(system32(env));
  return [
    `try { Start-Process -FilePath '${cmd}' -WorkingDirectory '${workingFolder}' -ArgumentList '${args}' -Verb RunAs -Wait -WindowStyle Hidden -ErrorAction Stop; exit 0 }`,
    `catch { $e = $_.Exception; while ($e) { if ($e.NativeErrorCode -eq ${ERROR_CANCELLED}) { exit ${ERROR_CANCELLED} }; $e = $e.InnerException }; exit 2 }`,
  ].join(' ');
}

/** `run` is the System32 runner (run.ts): 'powershell' starts System32's powershell.exe from System32. */
export function powershellRunAsRunner(
  run: CommandRunner,
  env?: Readonly<Record<string, string | undefined>>,
): ElevationDeps['runElevated'] {
  return async (commandLine) => {
    try {
      const result = await run(
        'powershell',
        ['-NoProfile', '-NonInteractive', '-Command', powershellRunAsScript(commandLine, env)],
        { timeoutMs: 10 * 60_000 },
      );
      if (result.code === 0) return { kind: 'ok' };
      if (result.code === ERROR_CANCELLED) return { kind: 'declined' };
      const stderr = decodeConsoleOutput(result.stderr).text.trim();
      return { kind: 'failed', message: stderr || `PowerShell exited with ${result.code}` };
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  };
}
