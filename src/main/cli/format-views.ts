/**
 * The view each import format's rows belong to, by format id (parsers/<os>/formats.ts). WHY: a file of that format
 * with zero rows (a route -n of its header only, an `ss` header, an empty Windows netstat -x) left the snapshot empty,
 * and the import printed "Active connections (0)" for a routing table; the file's format says what it would hold.
 * A format missing here reads as connections; format-views.test.ts checks that every format is named.
 */
import type { Snapshot } from '../../shared/model';
import type { View } from './args';

export const FORMAT_VIEWS: Readonly<Record<string, readonly View[]>> = {
  'windows-netstat-an': ['connections'],
  'windows-route-print': ['routes'],
  'windows-netstat-x': ['unix'],
  'windows-netstat-e': ['interfaces'],
  'windows-netstat-s': ['stats'],
  'windows-get-nettcpconnection': ['connections'],
  'macos-lsof': ['connections'],
  'macos-netstat-anv': ['connections'],
  'macos-netstat-rn': ['routes'],
  'macos-netstat-ibn': ['interfaces'],
  'macos-netstat-s': ['stats'],
  'linux-ss': ['connections'],
  'linux-netstat': ['connections'],
  'linux-route-n': ['routes'],
  'linux-ip-route': ['routes'],
  'linux-ip-route-json': ['routes'],
  'linux-netstat-i': ['interfaces'],
  'linux-netstat-s': ['stats'],
  'linux-proc-net-tcp': ['connections'],
  'linux-proc-net-udp': ['connections'],
  'linux-proc-net-raw': ['connections'],
  'linux-proc-net-route': ['routes'],
  'linux-proc-net-ipv6-route': ['routes'],
  'linux-proc-net-unix': ['unix'],
  'linux-proc-net-dev': ['interfaces'],
  'linux-proc-net-snmp': ['stats'],
  'linux-proc-net-netstat': ['stats'],
  'linux-proc-net-snmp6': ['stats'],
};

/** The views the formats a file was read as hold rows of, in the order views print (none for a live snapshot). */
export function viewsOfFormats(snapshot: Pick<Snapshot, 'source'>): View[] {
  if (snapshot.source.kind !== 'import') return [];
  const named = new Set<View>();
  for (const id of snapshot.source.formats) {
    for (const view of Object.hasOwn(FORMAT_VIEWS, id) ? (FORMAT_VIEWS[id] ?? []) : ['connections' as const]) {
      named.add(view);
    }
  }
  return VIEW_ORDER.filter((v) => named.has(v));
}

const VIEW_ORDER: readonly View[] = ['connections', 'routes', 'interfaces', 'stats', 'unix'];
