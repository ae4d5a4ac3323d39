/**
 * The main process's own question before a process is ended: a native dialog
 * naming it (name, PID, executable path), so a compromised or buggy page can
 * never end a process by itself. Cancel is the default button and what Escape
 * or closing the dialog means.
 */
import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';

export interface EndProcessTarget {
  pid: number;
  name: string | null;
  path: string | null;
}

const END = 0;
const CANCEL = 1;

export function endProcessQuestion(target: EndProcessTarget): MessageBoxOptions {
  const name = target.name ?? 'an unnamed process';
  return {
    type: 'warning',
    title: 'End process',
    message: `End ${name} (PID ${target.pid})?`,
    detail: `${target.path ?? 'Executable path unknown'}\n\nIt is ended at once: anything unsaved in it is lost.`,
    buttons: ['End Process', 'Cancel'],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
  };
}

/** Resolves true only when the user pressed End Process. */
export async function confirmEndProcess(parent: BrowserWindow | null, target: EndProcessTarget): Promise<boolean> {
  const question = endProcessQuestion(target);
  const { response } = parent ? await dialog.showMessageBox(parent, question) : await dialog.showMessageBox(question);
  return response === END;
}
