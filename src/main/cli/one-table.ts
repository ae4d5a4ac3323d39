/**
 * CSV is one table: a header line, then rows of that header's columns. Two views in one CSV stream (26 columns of
 * connections, then `Type,State,Inode,...` UNIX rows) read as one broken table in a spreadsheet or pandas, so
 * --csv writes one view. Several views asked for explicitly are a usage error naming them and the one command per
 * table; JSON holds several views in one document and keeps them.
 */
import type { SocketKind, View } from './args';

/** What each view is called in messages. */
export const VIEW_NAMES: Readonly<Record<View, string>> = {
  connections: 'connections',
  routes: 'routes',
  interfaces: 'interface statistics',
  stats: 'protocol statistics',
  unix: 'UNIX domain sockets',
};

/** -p's protocols for connections (each with its family); -s takes these and more (ip, icmp ...). */
const CONNECTION_PROTOCOLS: Readonly<Record<string, SocketKind>> = {
  tcp: { protocol: 'tcp', family: 4 },
  udp: { protocol: 'udp', family: 4 },
  tcp6: { protocol: 'tcp', family: 6 },
  udp6: { protocol: 'udp', family: 6 },
  tcpv6: { protocol: 'tcp', family: 6 },
  udpv6: { protocol: 'udp', family: 6 },
};

/** -p NAME's socket kind, if NAME is a connection protocol (own keys only: `-p constructor` is no protocol). */
export function connectionProtocol(name: string): SocketKind | undefined {
  return Object.hasOwn(CONNECTION_PROTOCOLS, name) ? CONNECTION_PROTOCOLS[name] : undefined;
}

/** The switch letter of each socket protocol (-t, -u, -w). */
export const PROTOCOL_LETTERS: Readonly<Record<string, string>> = { tcp: 't', udp: 'u', raw: 'w' };

/** The selection switches given (-t -u -w, -4 -6, -l, -p PROTO): each view's own command keeps those it reads. */
export interface SocketSwitches {
  /** 't', 'u', 'w' as given. */
  types: string;
  /** '4', '6' as given. */
  families: string;
  listening: boolean;
  protoNames: readonly string[];
}

/**
 * A file name as a shell word for the commands a message proposes: as it is when it needs no quoting, else in
 * double quotes (the message wraps each command in single ones), with " $ ` \\ escaped. WHY: a suggested
 * `netscope import my file.txt -r` run as shown opened "my" (review, session 28).
 */
export function shellWord(word: string): string {
  if (/^[\w./:@%+=,-]+$/.test(word)) return word;
  return `"${word.replace(/["$`\\]/g, '\\$&')}"`;
}

/** The command line that writes one view (as CSV by default): `netscope -r --csv`, `netscope import FILE -tu --csv`. */
export function commandForView(prefix: string, view: View, sockets: SocketSwitches, format = '--csv'): string {
  const l = sockets.listening ? 'l' : '';
  // Which selection each view reads: -s -t is the TCP section, -r -4 the IPv4 routes, -lx the listening UNIX sockets.
  const letters: Record<View, string> = {
    connections: `${sockets.types}${sockets.families}${l}`,
    stats: `s${sockets.types}${sockets.families}`,
    routes: `r${sockets.families}`,
    interfaces: 'i',
    unix: `x${l}`,
  };
  const words = [prefix];
  if (letters[view] !== '') words.push(`-${letters[view]}`);
  // -p NAME goes to the views that read it: -s every name, the connections only theirs (`-s -p icmp` proposing
  // connections with -p icmp would propose a usage error).
  const names = sockets.protoNames.filter(
    (n) => view === 'stats' || (view === 'connections' && connectionProtocol(n) !== undefined),
  );
  for (const name of names) words.push('-p', name);
  if (format !== '') words.push(format);
  return words.join(' ');
}

/** The usage error for --csv with several views: each view and the command that writes it. */
export function oneTableMessage(views: readonly View[], prefix: string, sockets: SocketSwitches): string {
  const commands = views.map((v) => `'${commandForView(prefix, v, sockets)}'`);
  return (
    `--csv writes one table, and these switches ask for ${views.length} (${views.map((v) => VIEW_NAMES[v]).join(', ')}): ` +
    `run one command per table (${commands.join(', ')}), or use --json, one document with every table`
  );
}
