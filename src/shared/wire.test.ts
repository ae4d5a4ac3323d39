import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { blankConnection, emptySnapshot, type Connection } from './model';
import { arbRequiredRow } from './wire-rows.fixtures';
import { isPackedSnapshot, packConnections, packSnapshot, unpackConnections, unpackSnapshot } from './wire';

const arbConnection: fc.Arbitrary<Connection> = fc
  .tuple(
    arbRequiredRow({
      id: fc.string(),
      protocols: ['tcp', 'udp', 'raw'],
      localAddress: fc.constantFrom('0.0.0.0', '127.0.0.1', '::1', 'fe80::1%eth0'),
      remoteAddress: fc.string(),
      count: fc.nat(),
      processName: fc.constantFrom('sshd', 'chrome', 'Google Chrome', '名前', ''),
      exePath: fc.string(),
      commandLine: fc.string(),
      user: fc.constantFrom('root', 'me'),
    }),
    fc.option(fc.array(fc.constantFrom('Dnscache', 'LanmanServer')), { nil: undefined }),
  )
  .map(([required, components]) => ({ ...required, components }))
  .map((r) => {
    const c = blankConnection(r as Parameters<typeof blankConnection>[0]);
    if (r.components === undefined) delete c.components;
    return c;
  });

/** What the other end gets: the packed form through JSON, then unpacked. */
const viaWire = (cs: Connection[]): Connection[] => unpackConnections(JSON.parse(JSON.stringify(packConnections(cs))));

describe('packed snapshots', () => {
  it('round-trip any connections through JSON, including absent optional fields', () => {
    fc.assert(
      fc.property(fc.array(arbConnection, { maxLength: 60 }), (cs) => {
        const back = viaWire(cs);
        expect(back).toEqual(cs);
        back.forEach((c, i) => expect('components' in c).toBe('components' in (cs[i] as Connection)));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a whole snapshot and says which payloads are packed', () => {
    const snap = emptySnapshot({
      seq: 7,
      host: 'h',
      connections: [
        blankConnection({
          id: 'a',
          protocol: 'tcp',
          family: 4,
          localAddress: '1.1.1.1',
          localPort: 1,
          remoteAddress: '2.2.2.2',
          remotePort: 2,
          state: 'LISTEN',
        }),
      ],
    });
    const packed = JSON.parse(JSON.stringify(packSnapshot(snap))) as unknown;
    expect(isPackedSnapshot(packed)).toBe(true);
    expect(isPackedSnapshot(snap)).toBe(false);
    expect(isPackedSnapshot({ packed: { fields: [] } })).toBe(false);
    if (!isPackedSnapshot(packed)) throw new Error('not packed');
    expect(unpackSnapshot(packed)).toEqual(snap);
  });

  it('sends repeated values once: 10k similar rows are several times smaller than as objects', () => {
    const cs: Connection[] = [];
    for (let n = 0; n < 10_000; n++) {
      cs.push(
        blankConnection({
          id: `tcp4 10.0.0.1:${n} 10.0.${n >> 8}.${n & 255}:443`,
          protocol: 'tcp',
          family: 4,
          localAddress: '10.0.0.1',
          localPort: n,
          remoteAddress: `10.0.${n >> 8}.${n & 255}`,
          remotePort: 443,
          state: 'ESTABLISHED',
          pid: 1000 + (n % 50),
          processName: `worker-${n % 50}`,
          exePath: `/opt/bin/worker-${n % 50}`,
          user: 'bench',
        }),
      );
    }
    const plain = JSON.stringify(cs).length;
    const packed = JSON.stringify(packConnections(cs)).length;
    expect(packed).toBeLessThan(plain / 2.5);
    expect(viaWire(cs)).toEqual(cs);
  });
});
