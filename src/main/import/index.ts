/**
 * `netscope import`: a saved netstat / ss / lsof / route / /proc/net output
 * becomes a read-only snapshot. The format is recognised from the content
 * (the file name is only used in messages).
 */
import { readFile } from 'node:fs/promises';
import type { FormatSpec } from '../parsers/format';
import { LINUX_PROC_FORMATS } from '../parsers/linux/formats';
import { LINUX_COMMAND_FORMATS } from '../parsers/linux-commands/formats';
import { MACOS_FORMATS } from '../parsers/macos/formats';
import { decodeConsoleOutput } from '../parsers/windows/codepage';
import { WINDOWS_FORMATS } from '../parsers/windows/formats';
import { importBytesWith, type ImportOutcome } from './import-core';

export type { ImportOutcome } from './import-core';

/** Every format `netscope import` knows, all platforms. */
export function allFormats(): FormatSpec[] {
  return [...WINDOWS_FORMATS, ...MACOS_FORMATS, ...LINUX_COMMAND_FORMATS, ...LINUX_PROC_FORMATS];
}

export function importBytes(bytes: Uint8Array, fileName: string, formats: FormatSpec[] = allFormats()): ImportOutcome {
  return importBytesWith(bytes, fileName, { formats, decode: (b) => decodeConsoleOutput(b) });
}

export async function importFile(path: string, formats?: FormatSpec[]): Promise<ImportOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error)?.message;
    return { ok: false, error: `cannot read ${path}: ${why}` };
  }
  return importBytes(bytes, path, formats);
}
