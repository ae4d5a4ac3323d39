/** For the CLI printers' tests: not imported by the app. */
import type { View } from './args';
import type { PrintOptions } from './output';

/**
 * printSnapshot's options for one listing of `views` as a table (every socket, no filter), keeping each text it
 * prints in `out` and each warning in `err`; `extra` changes any option.
 */
export function capturePrint(views: View[], extra: Partial<PrintOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const options: PrintOptions = {
    views,
    format: 'table',
    repeating: false,
    sockets: null,
    listeningOnly: false,
    filter: null,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    ...extra,
  };
  return { options, out, err };
}
