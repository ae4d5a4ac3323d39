/**
 * The stand-in's `dialog`: native dialogs answer what the test queued
 * (a path to save to, a file to open, a button to press). A dialog the test
 * did not expect is a problem, and is cancelled as Escape would.
 */
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Problems } from './problems';

export interface ShownDialog {
  kind: 'save' | 'open' | 'message' | 'error';
  options: SaveDialogOptions | OpenDialogOptions | MessageBoxOptions | { title: string; content: string };
  /** True when it was given a parent window (a modal sheet), as NetScope's dialogs should be. */
  modal: boolean;
}

type MessageAnswer = (options: MessageBoxOptions) => number;

export class StandInDialog {
  readonly shown: ShownDialog[] = [];
  private readonly saveAnswers: (string | null)[] = [];
  private readonly openAnswers: (string | null)[] = [];
  private readonly messageAnswers: MessageAnswer[] = [];

  constructor(private readonly problems: Problems) {}

  /** The next save dialog returns this path (null: the user cancels). */
  answerSave(path: string | null): void {
    this.saveAnswers.push(path);
  }
  answerOpen(path: string | null): void {
    this.openAnswers.push(path);
  }
  /** The next message box: the index of the button the user presses, chosen from its options. */
  answerMessage(answer: MessageAnswer): void {
    this.messageAnswers.push(answer);
  }

  // Electron's signatures: an optional parent window first.
  showSaveDialog = async (...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> => {
    const options = this.record('save', args) as SaveDialogOptions;
    const answer = this.saveAnswers.length > 0 ? this.saveAnswers.shift() : this.unexpected('save', options.title);
    return answer ? { canceled: false, filePath: answer } : { canceled: true, filePath: '' };
  };

  showOpenDialog = async (...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => {
    const options = this.record('open', args) as OpenDialogOptions;
    const answer = this.openAnswers.length > 0 ? this.openAnswers.shift() : this.unexpected('open', options.title);
    return answer ? { canceled: false, filePaths: [answer] } : { canceled: true, filePaths: [] };
  };

  showMessageBox = async (...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> => {
    const options = this.record('message', args) as MessageBoxOptions;
    const answer = this.messageAnswers.shift();
    if (!answer) {
      this.unexpected('message box', `${options.title ?? ''}: ${options.message}`);
      return { response: options.cancelId ?? 0, checkboxChecked: false };
    }
    return { response: answer(options), checkboxChecked: false };
  };

  showErrorBox = (title: string, content: string): void => {
    this.shown.push({ kind: 'error', options: { title, content }, modal: false });
    this.problems.add(`error box: ${title}: ${content}`);
  };

  private record(kind: ShownDialog['kind'], args: unknown[]): unknown {
    const options = args.at(-1) ?? {};
    this.shown.push({ kind, options: options as ShownDialog['options'], modal: args.length > 1 });
    return options;
  }

  private unexpected(kind: string, what: string | undefined): null {
    this.problems.add(`unexpected ${kind} dialog: ${what ?? '(no title)'}`);
    return null;
  }
}
