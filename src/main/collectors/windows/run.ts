/**
 * Runs a Windows command and returns its raw bytes: console programs write in
 * the OEM code page, so decoding is left to decodeConsoleOutput (chcp does not
 * matter). A non-zero exit still resolves (netstat exits 1 on some errors while
 * printing useful text); only failing to start or timing out rejects.
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

const MAX_BUFFER = 256 * 1024 * 1024;

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return typeof value === 'string' ? Buffer.from(value) : new Uint8Array();
}

export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        encoding: 'buffer',
        windowsHide: true,
        maxBuffer: MAX_BUFFER,
        timeout: options.timeoutMs ?? 30_000,
        signal: options.signal,
      },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 0;
        if (error && (code === 0 || error.killed)) {
          reject(new Error(`${file} ${args.join(' ')}: ${error.message}`));
          return;
        }
        resolve({ code, stdout: toBytes(stdout), stderr: toBytes(stderr) });
      },
    );
  });
