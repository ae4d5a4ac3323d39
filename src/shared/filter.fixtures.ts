/**
 * Rows that filter.test.ts and filter.edges.test.ts both match filters against, and the helper that runs a
 * filter over a list of rows. Test data only: the mutation runs leave *.fixtures.ts out (stryker.config.mjs).
 * Each row is built fresh on every call, since assignConnectionIds writes the ids into the rows it is given.
 */
import fc from 'fast-check';
import { compileFilter } from './filter';
import { blankConnection, type Connection } from './model';
import { tcpRow, trafficCounters } from './test-helpers';

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

/**
 * Random rows for the filter's property tests: few process names, states and ports, so random filter texts often
 * match some rows and not others; with `rates`, some rows carry a send rate (the others have no counters).
 */
export function arbFilterRow(
  names: readonly (string | null)[],
  rates: readonly number[] = [],
): fc.Arbitrary<Connection> {
  return fc
    .record({
      name: fc.constantFrom(...names),
      state: fc.constantFrom<Connection['state']>('ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'CLOSE_WAIT'),
      port: fc.constantFrom(1, 12, 22, 443, 8443),
      rate: rates.length > 0 ? fc.option(fc.constantFrom(...rates)) : fc.constant(null),
    })
    .map((r) =>
      tcpRow('10.0.0.1', r.port, `10.1.2.${r.port % 7}`, 443, r.state, {
        pid: r.name === null ? null : r.port,
        processName: r.name,
        ...(r.rate === null
          ? {}
          : {
              traffic: trafficCounters({
                sendRate: r.rate,
                receiveRate: 0,
                segmentSendRate: 0,
                segmentReceiveRate: 0,
                retransmissionRate: 0,
              }),
            }),
      }),
    );
}
