/**
 * Properties of the nettop join on random rows from a small address and port
 * space (so that keys collide, sockets are shared and PIDs repeat): it never
 * throws, never gives a listener or TIME_WAIT row counters, uses each nettop
 * row at most once (a shared socket is never counted twice), and every row's
 * counters come from a nettop row with the same protocol and local port.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection, type SocketState } from '../../../shared/model';
import type { NettopConnection } from '../../parsers/macos/nettop';
import { joinNettop } from './traffic-join';

const address = fc.constantFrom('0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1%en0', 'FE80:4::1', '::1');
const port = fc.constantFrom(0, 53, 443, 5000);
const protocol = fc.constantFrom('tcp' as const, 'udp' as const);
const pid = fc.constantFrom(1, 2, 3);
const state = fc.constantFrom<SocketState>('ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'NONE', 'CLOSE_WAIT');
const family = fc.constantFrom(4 as const, 6 as const);

/** The fields a listed row and a nettop row both have, drawn from the same small spaces. */
const endpoints = {
  protocol,
  family,
  localAddress: address,
  localPort: port,
  remoteAddress: address,
  remotePort: port,
};

const listedRow = fc
  .record({
    ...endpoints,
    state,
    pid: fc.option(pid, { nil: null }),
  })
  // A UDP socket has no TCP state.
  .map((r) => blankConnection({ ...r, state: r.protocol === 'udp' ? 'NONE' : r.state }));

const bytes = fc.option(fc.nat({ max: 1e9 }), { nil: null });
const nettopRow: fc.Arbitrary<NettopConnection> = fc.record({
  pid,
  processName: fc.constant('p'),
  ...endpoints,
  interface: fc.constant(null),
  state: fc.option(state, { nil: null }),
  bytesIn: bytes,
  bytesOut: bytes,
  retransmittedBytes: fc.constant(null),
  rttMs: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
});

describe('joinNettop on random rows', () => {
  it('keeps its promises', () => {
    fc.assert(
      fc.property(
        fc.array(listedRow, { maxLength: 30 }),
        fc.array(nettopRow, { maxLength: 30 }),
        (generated, nettop) => {
          // joinNettop writes into the rows: fresh copies, since fast-check hands the same values again while shrinking.
          const rows = generated.map((r) => ({ ...r }));
          // Each nettop row gets distinct counters, so a row's counters name the nettop row they came from.
          const distinct = nettop.map((n, i) => ({ ...n, bytesIn: n.bytesIn === null ? null : i }));
          const result = joinNettop(rows, distinct);
          const withTraffic = rows.filter((r): r is Connection & Required<Pick<Connection, 'traffic'>> =>
            Boolean(r.traffic),
          );
          expect(result.joined).toBe(withTraffic.length);
          const sources = withTraffic.map((r) => r.traffic.bytesReceived);
          expect(new Set(sources).size).toBe(sources.length);
          for (const row of withTraffic) {
            expect(row.state === 'LISTEN' || row.state === 'TIME_WAIT').toBe(false);
            const from = distinct[row.traffic.bytesReceived] as NettopConnection;
            expect(from.protocol).toBe(row.protocol);
            expect(from.localPort).toBe(row.localPort);
            expect(from.state).not.toBe('LISTEN');
            expect(row.traffic.bytesSent).toBe(from.bytesOut);
            expect(row.traffic.segmentsSent).toBeNull();
          }
          expect(result.unmatched).toBe(
            distinct.filter((n) => n.bytesIn !== null && n.bytesOut !== null && n.state !== 'LISTEN').length -
              result.joined,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
