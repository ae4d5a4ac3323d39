/**
 * Rows that filter.test.ts and filter.edges.test.ts both match filters against, and the helper that runs a
 * filter over a list of rows. Test data only: the mutation runs leave *.fixtures.ts out (stryker.config.mjs).
 * Each row is built fresh on every call, since assignConnectionIds writes the ids into the rows it is given.
 */
import { compileFilter } from './filter';
import { blankConnection, type Connection } from './model';

/** A root-owned sshd listening on every IPv4 address. */
export function sshListener(): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '0.0.0.0',
    localPort: 22,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    pid: 812,
    processName: 'sshd',
    exePath: '/usr/sbin/sshd',
    user: 'root',
  });
}

/** A browser connected to a web server over HTTPS. */
export function browserToWebServer(): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '192.168.1.20',
    localPort: 51544,
    remoteAddress: '142.250.74.14',
    remotePort: 443,
    state: 'ESTABLISHED',
    pid: 1234,
    processName: 'Google Chrome',
    exePath: '/opt/google/chrome/chrome',
    user: 'alice',
  });
}

/** A DHCPv6 client socket with no owner at all: what a socket of another user looks like without privileges. */
export function unownedLinkLocalUdp6(): Connection {
  return blankConnection({
    protocol: 'udp',
    family: 6,
    localAddress: 'fe80::1%eth0',
    localPort: 546,
    remoteAddress: '::',
    remotePort: 0,
    state: 'NONE',
  });
}

/** The indexes of the rows that a filter keeps (all of them for an empty filter). */
export function matchingIndexes(rows: readonly Connection[], filter: string): number[] {
  const p = compileFilter(filter);
  return rows.flatMap((c, i) => (p === null || p(c) ? [i] : []));
}
