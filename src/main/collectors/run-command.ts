/**
 * Runs an external command and returns its raw bytes (decoding is the caller's
 * business: Windows consoles write OEM code pages, macOS tools UTF-8). Behind
 * the CommandRunner interface so collectors can be tested with recorded output.
 * A missing binary, a timeout, an abort or a non-zero exit reject with a
 * CommandError that says which command failed and keeps what it printed;
 * with `allowNonZeroExit` an exit code is a result, not an error (Windows
 * netstat exits 1 on some errors while still printing useful text).
 */
import { execFile } from 'node:child_process';

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Resolve with the exit code instead of rejecting when the command exits non-zero. */
  allowNonZeroExit?: boolean;
  /** Working folder (Windows runs its system programs from System32, never from the user's folder). */
  cwd?: string;
}

export interface CommandOutput {
  stdout: Uint8Array;
  stderr: Uint8Array;
  code: number;
}

export type CommandRunner = (cmd: string, args: readonly string[], options?: RunOptions) => Promise<CommandOutput>;

export class CommandError extends Error {
  constructor(
    message: string,
    /** Exit code, or null when the command did not run to an exit (missing, killed, aborted). */
    readonly code: number | null,
    readonly stdout: Uint8Array,
    readonly stderr: Uint8Array,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const MAX_BUFFER = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

function bytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array();
}

function firstLine(data: Uint8Array): string {
  return new TextDecoder().decode(data.subarray(0, 400)).split('\n')[0]?.trim() ?? '';
}

export const runCommand: CommandRunner = (cmd, args, options = {}) =>
  new Promise((resolve, reject) => {
    const label = [cmd, ...args].join(' ');
    execFile(
      cmd,
      [...args],
      {
        encoding: 'buffer',
        windowsHide: true,
        maxBuffer: MAX_BUFFER,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        signal: options.signal,
        cwd: options.cwd,
      },
      (error, stdout, stderr) => {
        const out = bytes(stdout);
        const err = bytes(stderr);
        if (!error) {
          resolve({ stdout: out, stderr: err, code: 0 });
          return;
        }
        const info = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (info.code === 'ENOENT') {
          reject(new CommandError(`${cmd} was not found (is it installed and on PATH?)`, null, out, err));
        } else if (info.name === 'AbortError') {
          reject(new CommandError(`${label}: aborted`, null, out, err));
        } else if (info.killed) {
          reject(
            new CommandError(`${label}: timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, null, out, err),
          );
        } else if (typeof info.code === 'number' && options.allowNonZeroExit) {
          resolve({ stdout: out, stderr: err, code: info.code });
        } else if (typeof info.code === 'number') {
          const detail = firstLine(err);
          reject(
            new CommandError(
              `${label} exited with code ${info.code}${detail ? `: ${detail}` : ''}`,
              info.code,
              out,
              err,
            ),
          );
        } else {
          reject(new CommandError(`${label}: ${error.message}`, null, out, err));
        }
      },
    );
  });
