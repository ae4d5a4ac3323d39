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
import { ownersFromNetstat, type ElevatedOwner } from './owners';
import type { CommandRunner } from './run';

/** The full result; the engine sees the contract's ElevationOutcome (a count) made from it in index.ts. */
export type ElevationResult =
  | { kind: 'accepted'; owners: Map<number, ElevatedOwner>; warnings: string[] }
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

export function elevatedCommandLine(dir: string): string {
  const owners = `${dir}\\owners.txt`;
  const paths = `${dir}\\paths.txt`;
  const listPaths =
    'Get-CimInstance Win32_Process | Select-Object ProcessId,ExecutablePath | ConvertTo-Csv -NoTypeInformation';
  return `netstat -anob > "${owners}" 2>&1 & powershell -NoProfile -NonInteractive -Command "${listPaths}" > "${paths}"`;
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
    return { kind: 'accepted', owners: ownersFromNetstat(rows, paths), warnings };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    if (dir !== null) await deps.removeDir(dir).catch(() => undefined);
  }
}

/** sudo-prompt's callback API; its refusal message is a fixed English string. */
export type SudoExec = (
  command: string,
  options: { name: string },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;

export function sudoPromptRunner(exec: SudoExec): ElevationDeps['runElevated'] {
  return (commandLine) =>
    new Promise((resolve) => {
      exec(commandLine, { name: 'NetScope' }, (error) => {
        if (!error) resolve({ kind: 'ok' });
        else if (/did not grant permission/i.test(error.message)) resolve({ kind: 'declined' });
        else resolve({ kind: 'failed', message: error.message });
      });
    });
}

/** ERROR_CANCELLED: the UAC prompt was refused. PowerShell's message is localized, the code is not. */
const ERROR_CANCELLED = 1223;

export function powershellRunAsScript(commandLine: string): string {
  const args = `/d /s /c "${commandLine}"`.replace(/'/g, "''");
  return [
    `try { Start-Process -FilePath 'cmd.exe' -ArgumentList '${args}' -Verb RunAs -Wait -WindowStyle Hidden -ErrorAction Stop; exit 0 }`,
    `catch { $e = $_.Exception; while ($e) { if ($e.NativeErrorCode -eq ${ERROR_CANCELLED}) { exit ${ERROR_CANCELLED} }; $e = $e.InnerException }; exit 2 }`,
  ].join(' ');
}

export function powershellRunAsRunner(run: CommandRunner): ElevationDeps['runElevated'] {
  return async (commandLine) => {
    try {
      const result = await run(
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-Command', powershellRunAsScript(commandLine)],
        {
          timeoutMs: 10 * 60_000,
        },
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
