/**
 * `netscope import`: a saved netstat / ss / lsof / route / /proc/net output
 * becomes a read-only snapshot. The format is recognised from the content
 * (the file name is only used in messages).
 */
import type { FormatSpec } from '../parsers/format';
import { LINUX_PROC_FORMATS } from '../parsers/linux/formats';
import { LINUX_COMMAND_FORMATS } from '../parsers/linux-commands/formats';
import { MACOS_FORMATS } from '../parsers/macos/formats';
import { decodeConsoleOutput } from '../parsers/windows/codepage';
import { WINDOWS_FORMATS } from '../parsers/windows/formats';
import type { Connection } from '../../shared/model';
import { LineSplitter, streamDecoderFor } from './decode-stream';
import { buildSnapshot, importBytesWith, streamableFormat, type ImportOutcome } from './import-core';
import {
  DEFAULT_MAX_IMPORT_BYTES,
  ImportTooLarge,
  openImportFile,
  readRest,
  tooLargeMessage,
  type ImportInput,
} from './read-input';

export type { ImportOutcome } from './import-core';

/** Every format `netscope import` knows, all platforms. */
export function allFormats(): FormatSpec[] {
  return [...WINDOWS_FORMATS, ...MACOS_FORMATS, ...LINUX_COMMAND_FORMATS, ...LINUX_PROC_FORMATS];
}

export function importBytes(bytes: Uint8Array, fileName: string, formats: FormatSpec[] = allFormats()): ImportOutcome {
  return importBytesWith(bytes, fileName, { formats, decode: (b) => decodeConsoleOutput(b) });
}

export interface ImportFileOptions {
  formats?: FormatSpec[];
  /** Files larger than this are refused; default DEFAULT_MAX_IMPORT_BYTES (512 MiB). */
  maxBytes?: number;
  /** Files larger than this are streamed line by line when their format allows it; default 8 MiB. */
  streamAboveBytes?: number;
  /**
   * Streamed rows go here instead of into the snapshot (the CLI prints them as they come,
   * so a 200 MB file never sits in memory as rows). Rows given here carry no id.
   */
  onRow?: (row: Connection) => void;
}

export const DEFAULT_STREAM_ABOVE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a saved output from disk: a regular file only (links followed), at most
 * maxBytes, streamed line by line when it is big and its format reads lines.
 */
export async function importFile(path: string, options: ImportFileOptions = {}): Promise<ImportOutcome> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const opened = await openImportFile(path, maxBytes);
  if (!opened.ok) return opened;
  const { input } = opened;
  try {
    if (input.size <= (options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES)) {
      return importBytes(await readRest(input), path, options.formats);
    }
    return await streamImport(input, path, options);
  } catch (error) {
    if (error instanceof ImportTooLarge) return { ok: false, error: tooLargeMessage(path, null, maxBytes) };
    return { ok: false, error: `cannot read ${path}: ${(error as Error)?.message ?? String(error)}` };
  } finally {
    await input.close().catch(() => undefined);
  }
}

async function streamImport(input: ImportInput, path: string, options: ImportFileOptions): Promise<ImportOutcome> {
  const formats = options.formats ?? allFormats();
  const head = await input.read();
  if (head === null) return importBytes(new Uint8Array(0), path, formats);
  const decoder = streamDecoderFor(head);
  const headText = decoder.write(head);
  const spec = streamableFormat(headText.replace(/^\uFEFF/, ''), formats);
  // Not a line format (JSON, route print, several formats in one file...): read it whole, within the cap.
  if (!spec?.stream) return importBytes(await readRest(input, [head]), path, formats);
  let rows = 0;
  const onRow = options.onRow;
  const reader = spec.stream(
    onRow
      ? (row) => {
          rows++;
          onRow(row);
        }
      : undefined,
  );
  const lines = new LineSplitter((line) => reader.line(line));
  lines.write(headText.replace(/^\uFEFF/, ''));
  for (let chunk = await input.read(); chunk !== null; chunk = await input.read()) lines.write(decoder.write(chunk));
  lines.write(decoder.end());
  lines.end();
  const built = buildSnapshot([{ spec, result: reader.finish() }], path, Date.now());
  return { ok: true, ...built, ...(onRow ? { streamedRows: rows } : {}) };
}
