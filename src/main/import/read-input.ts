/**
 * Opening a file to import, safely: only a regular file (after following links),
 * never more than a size cap, and never blocking on the open.
 *
 * WHY: `netscope import /dev/zero` (or a customer's file that is a symlink to it)
 * grew to 24 GB, and a FIFO with no writer hung forever on open(). So we stat the
 * path first (stat follows links), refuse anything but a regular file, open with
 * O_NONBLOCK (a FIFO swapped in after the stat cannot block the open), check the
 * opened descriptor again with fstat, and read in chunks that stop at the cap even
 * if the file grows while we read it.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';

/** The default cap: a 512 MiB netstat output is ~6.5 million rows, far beyond any real host. */
export const DEFAULT_MAX_IMPORT_BYTES = 512 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export type OpenOutcome = { ok: true; input: ImportInput } | { ok: false; error: string };

export interface ImportInput {
  /** The file's size when opened. */
  size: number;
  /** The next chunk of up to 1 MiB, or null at the end; throws ImportTooLarge past the cap. */
  read(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export class ImportTooLarge extends Error {}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function tooLargeMessage(path: string, size: number | null, maxBytes: number): string {
  const what = size === null ? `grew past` : `is ${formatBytes(size)}, over`;
  return `cannot read ${path}: it ${what} the import limit of ${formatBytes(maxBytes)} (raise it with --max-size)`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return (error as Error)?.message ?? String(error);
}

async function notRegular(path: string, stats: Stats): Promise<string> {
  // Only a path that is itself a link names its target: realpath of a plain relative path differs from it too.
  const isLink = await lstat(path).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  const target = isLink ? await realpath(path).catch(() => null) : null;
  const via = target === null ? '' : ` (a link to ${target})`;
  return `cannot read ${path}${via}: it is ${kindOf(stats)}, not a regular file; import reads saved command output`;
}

export async function openImportFile(path: string, maxBytes = DEFAULT_MAX_IMPORT_BYTES): Promise<OpenOutcome> {
  let before: Stats;
  try {
    before = await stat(path);
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${errnoReason(error)}` };
  }
  if (!before.isFile()) return { ok: false, error: await notRegular(path, before) };
  if (before.size > maxBytes) return { ok: false, error: tooLargeMessage(path, before.size, maxBytes) };
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${errnoReason(error)}` };
  }
  // The path may have been replaced between stat and open: check what was really opened.
  const opened = await handle.stat().catch(() => null);
  if (!opened?.isFile()) {
    await handle.close().catch(() => undefined);
    return { ok: false, error: opened ? await notRegular(path, opened) : `cannot read ${path}: stat failed` };
  }
  if (opened.size > maxBytes) {
    await handle.close().catch(() => undefined);
    return { ok: false, error: tooLargeMessage(path, opened.size, maxBytes) };
  }
  return { ok: true, input: fileInput(handle, opened.size, maxBytes) };
}

function fileInput(handle: FileHandle, size: number, maxBytes: number): ImportInput {
  let total = 0;
  return {
    size,
    async read() {
      // A fresh buffer per chunk: the consumer may keep a chunk while we read the next.
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return null;
      total += bytesRead;
      // A file that grows while we read it (a log still being written) stops at the cap.
      if (total > maxBytes) throw new ImportTooLarge(`grew past the import limit of ${formatBytes(maxBytes)}`);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

/** The rest of the file (up to the cap) in one buffer, after the chunks already read. */
export async function readRest(input: ImportInput, already: readonly Uint8Array[] = []): Promise<Uint8Array> {
  const parts = already.slice();
  for (let chunk = await input.read(); chunk !== null; chunk = await input.read()) parts.push(chunk);
  return Buffer.concat(parts);
}
