/** Prints one snapshot for a show/import command in the chosen format. */
import { snapshotWarnings, type Snapshot } from '../../shared/model';
import type { OutputFormat, View } from './args';
import { selectConnections, type Selection } from './select';
import { jsonForViews, renderView, VIEW_TITLES } from './views';

export interface PrintOptions extends Selection {
  views: View[];
  format: OutputFormat;
  /** Repeating output: JSON becomes one line per refresh. */
  repeating: boolean;
  names?: ReadonlyMap<string, string | null>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function printSnapshot(snapshot: Snapshot, options: PrintOptions): void {
  const connections = selectConnections(snapshot.connections, options);
  if (options.format === 'json') {
    const json = jsonForViews(snapshot, options.views, connections);
    options.out(options.repeating ? JSON.stringify(json) : JSON.stringify(json, null, 2));
    return;
  }
  for (const view of options.views) {
    const body = renderView(view, snapshot, connections, { format: options.format, names: options.names });
    if (options.format === 'csv') options.out(body.replace(/\r\n$/, ''));
    else options.out(`${VIEW_TITLES[view]}${view === 'connections' ? ` (${connections.length})` : ''}\n\n${body}\n`);
  }
  // Warnings to stderr keep stdout clean for pipes; JSON carries them inline instead.
  for (const warning of snapshotWarnings(snapshot)) options.err(`netscope: warning: ${warning}`);
}
