/**
 * File > Open Saved Output...: a support engineer's customer sent `netstat
 * -anob > file.txt`; pick it, recognise the format, show it read-only. A file
 * that matches no format gets one message box naming the known formats.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { Snapshot } from '../../shared/model';
import { importFile } from '../import';

export interface OpenSavedOptions {
  getWindow: () => BrowserWindow | null;
  show: (snapshot: Snapshot) => Promise<void>;
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
  const outcome = await importFile(file);
  if (!outcome.ok) {
    const box = {
      type: 'warning' as const,
      title: 'Not a known output',
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
