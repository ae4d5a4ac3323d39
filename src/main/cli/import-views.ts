/**
 * Which views `netscope import FILE` prints. Without a view switch (-r -i -e -s -x) the file decides: the user asked
 * for the file, so a route print shows its routes, a netstat -s file its statistics, a netstat -a file its
 * connections and UNIX sockets (an "Active connections (0)" for a route file hid everything it held). --json carries
 * the same views; CSV, one table (one-table.ts), writes the first and says how to get each other one.
 */
import type { Snapshot } from '../../shared/model';
import type { ImportCommand, View } from './args';
import { viewsOfFormats } from './format-views';
import { commandForView, shellWord, VIEW_NAMES } from './one-table';

/** The views a file's snapshot has rows for, in the order they print. `streamedRows`: connections printed as read. */
export function viewsHeld(snapshot: Snapshot, streamedRows = 0): View[] {
  const held: View[] = [];
  if (snapshot.connections.length > 0 || streamedRows > 0) held.push('connections');
  if (snapshot.routes.length > 0) held.push('routes');
  if (snapshot.interfaces.length > 0) held.push('interfaces');
  if (Object.keys(snapshot.protocolStats).length > 0) held.push('stats');
  // A Windows netstat -x file (NetworkDirect) is shown in the UNIX view's place, even with none listed.
  if ((snapshot.unixSockets?.length ?? 0) > 0 || snapshot.networkDirect !== undefined) held.push('unix');
  return held;
}

/**
 * The views to print: those asked for, or without a view switch what the file holds. A protocol or family switch
 * (-t, -4) asks for inet sockets: the connections only (netstat -t lists no UNIX ones); -l for listening sockets:
 * the connections and UNIX sockets it holds; for a file without them planImport says what it holds. WHY: `import
 * routes.txt -t --csv` wrote the routes' CSV with exit 0, and a script expecting connection columns got route
 * columns (review N). A file holding nothing: the empty view of its format (format-views.ts).
 */
export function viewsOfImport(
  command: Pick<ImportCommand, 'views' | 'sockets'> & Partial<Pick<ImportCommand, 'listeningOnly'>>,
  snapshot: Snapshot,
  streamedRows = 0,
): View[] {
  const noViewSwitch = command.views.length === 1 && command.views[0] === 'connections';
  if (!noViewSwitch) return command.views;
  if (command.sockets !== null) return ['connections'];
  const held = viewsHeld(snapshot, streamedRows);
  // A file without a single row shows the (empty) view its format holds: a route -n header is an empty routing
  // table, not "Active connections (0)".
  const shown = (held.length > 0 ? held : viewsOfFormats(snapshot)).filter(
    (v) => command.listeningOnly !== true || v === 'connections' || v === 'unix',
  );
  return shown.length > 0 ? shown : ['connections'];
}

function rowCount(view: View, snapshot: Snapshot): string {
  const counts: Partial<Record<View, number | undefined>> = {
    routes: snapshot.routes.length,
    interfaces: snapshot.interfaces.length,
    unix: snapshot.networkDirect?.length ?? snapshot.unixSockets?.length,
  };
  const n = counts[view];
  return n === undefined ? '' : ` (${n})`;
}

export interface ImportPlan {
  /** The views printed. */
  views: View[];
  /** Notes for stderr: views the CSV left out, views asked for that the file does not hold. */
  notes: string[];
}

/** The views printed and what to tell about the rest (quoting the command that shows each). */
export function planImport(
  command: Pick<ImportCommand, 'views' | 'sockets' | 'format' | 'file' | 'switches'> &
    Partial<Pick<ImportCommand, 'listeningOnly'>>,
  snapshot: Snapshot,
  streamedRows = 0,
): ImportPlan {
  const chosen = viewsOfImport(command, snapshot, streamedRows);
  const held = viewsHeld(snapshot, streamedRows);
  const prefix = `netscope import ${shellWord(command.file)}`;
  // The commands proposed keep the user's selection switches as given: `-l --csv` on a netstat -a file proposes
  // '... -xl --csv' (review N), `-r -p icmp` on a netstat -s file '... -s -p icmp' (it proposed plain -s; and
  // `-p tcp` came back as -t4, which also narrowed the routes it proposed to -r4).
  const switches = command.switches;
  const format = command.format === 'table' ? '' : `--${command.format}`;
  const how = (v: View) => `'${commandForView(prefix, v, switches, format)}'`;
  const views = command.format === 'csv' ? chosen.slice(0, 1) : chosen;
  const notes = chosen
    .slice(views.length)
    .map(
      (v) =>
        `note: the file also holds ${VIEW_NAMES[v]}${rowCount(v, snapshot)}, left out: a CSV is one table (${how(v)} writes them)`,
    );
  const missing = views.filter((v) => !held.includes(v));
  const others = held.filter((v) => !views.includes(v));
  if (missing.length > 0 && others.length > 0) {
    const holds = others.map((v) => `${VIEW_NAMES[v]} (${how(v)})`).join(', ');
    notes.push(`note: the file holds no ${missing.map((v) => VIEW_NAMES[v]).join(' or ')}; it holds ${holds}`);
  }
  // Said plainly: an empty table on stdout alone reads as "nothing matched", or as a reader that lost the rows.
  if (held.length === 0) {
    const none = [...new Set([...views, ...viewsOfFormats(snapshot)])].map((v) => VIEW_NAMES[v]);
    notes.push(`note: the file has no rows: it holds no ${none.join(' or ')}`);
  }
  return { views, notes };
}
