/**
 * File > Open Saved Output...: a support engineer's customer sent `netstat
 * -anob > file.txt`; pick it, recognise the format, show it read-only. A file
 * that matches no format gets one message box naming the known formats.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { Snapshot } from '../../shared/model';
import { importFile } from '../import';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/read-input';

export interface OpenSavedOptions {
  getWindow: () => BrowserWindow | null;
  show: (snapshot: Snapshot) => Promise<void>;
  /** Larger files are refused (default 512 MiB, as `netscope import`). */
  maxBytes?: number;
}

export async function openSavedOutput(options: OpenSavedOptions): Promise<void> {
  const win = options.getWindow();
  const request = {
    title: 'Open saved netstat, ss, lsof or route output',
    properties: ['openFile' as const],
    filters: [
      { name: 'Text output', extensions: ['txt', 'log', 'out', 'json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const picked = win ? await dialog.showOpenDialog(win, request) : await dialog.showOpenDialog(request);
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  // The same rules as `netscope import`: a regular file only (a FIFO, a device or a link to
  // one is refused without blocking), within the size cap, streamed when it is big.
  const outcome = await importFile(file, { maxBytes: options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES });
  if (!outcome.ok) {
    const box = {
      type: 'warning' as const,
      title: 'Cannot open this file',
      message: 'NetScope could not read this file',
      detail: outcome.error,
      buttons: ['OK'],
    };
    if (win) await dialog.showMessageBox(win, box);
    else await dialog.showMessageBox(box);
    return;
  }
  await options.show(outcome.snapshot);
}
