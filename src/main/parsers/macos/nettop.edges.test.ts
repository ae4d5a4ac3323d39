/**
 * Edges of nettop's logging mode (man nettop: -L samples as CSV, -x raw numbers, -J picks the columns, -P per
 * process only): quoted cells, size and time units as printed without -x, endpoint spellings and port bounds,
 * several samples, lines it cannot read. Written from the documented format; no Mac here.
 */
import { describe, expect, it } from 'vitest';
import { nettopBytes, nettopEndpoint, nettopMs, parseNettop } from './nettop';

const HEADER = 'time,,interface,state,bytes_in,bytes_out,re-tx,rtt_avg,';
const sample = (...rows: string[]): string => [HEADER, ...rows].join('\n');

describe('nettopBytes (sizes as nettop prints them, with or without -x)', () => {
  it.each([
    ['52340', 52340],
    ['0', 0],
    ['300 B', 300],
    ['300B', 300],
    ['1.25 KiB', 1280],
    ['1.5 kib', 1536],
    ['2 MiB', 2 * 1024 ** 2],
    ['3 GiB', 3 * 1024 ** 3],
    ['1 TiB', 1024 ** 4],
    ['2 KB', 2000],
    ['2.5 MB', 2.5e6],
    ['4 TB', 4e12],
    ['  5 KiB  ', 5120],
    // A 64-bit counter at its top: as near as a double gets.
    ['18446744073709551615', 2 ** 64],
  ])('%j -> %d', (text, bytes) => {
    expect(nettopBytes(text)).toBe(bytes);
  });

  it.each(['', ' ', '-', 'x12', '12x', '12 KiBs', '1.', '.5', '5 ib', '5 PiB', '-1', undefined])(
    '%j is not a size',
    (text) => {
      expect(nettopBytes(text)).toBeNull();
    },
  );
});

describe('nettopMs (rtt_avg)', () => {
  it.each([
    ['23.44 ms', 23.44],
    ['23.44', 23.44],
    ['12ms', 12],
    ['1.5 s', 1500],
    ['250 us', 0.25],
    ['250 µs', 0.25],
    ['7 MS', 7],
    [' 8 ms ', 8],
  ])('%j -> %d ms', (text, ms) => {
    expect(nettopMs(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', 'n/a', 'x5 ms', '5 msx', '5 min', '5 ns', '.5', undefined])('%j is no time', (text) => {
    expect(nettopMs(text)).toBeNull();
  });
});

describe('nettopEndpoint', () => {
  it.each([
    ['*', 4, '0.0.0.0', 0],
    ['*', 6, '::', 0],
    ['*:*', 4, '0.0.0.0', 0],
    ['*.*', 4, '0.0.0.0', 0],
    ['*.*', 6, '::', 0],
    ['*:*', 6, '::', 0],
    ['*.443', 6, '::', 443],
    ['*.443', 4, '0.0.0.0', 443],
    ['1.2.3.4:*', 4, '1.2.3.4', 0],
    ['1.2.3.4.0', 4, '1.2.3.4', 0],
    ['1.2.3.4:65535', 4, '1.2.3.4', 65535],
    [' 10.0.0.1:22 ', 4, '10.0.0.1', 22],
    ['[fe80::1%en0]:5353', 6, 'fe80::1%en0', 5353],
    ['[::1].8080', 6, '::1', 8080],
    ['[::1]:*', 6, '::1', 0],
    ['::ffff:10.0.0.1.443', 6, '::ffff:10.0.0.1', 443],
  ] as const)('%j (IPv%d) -> %s port %d', (text, family, address, port) => {
    expect(nettopEndpoint(text, family)).toEqual({ address, port });
  });

  it.each([
    ['1.2.3.4:65536', 4],
    ['1.2.3.4:123456', 4],
    ['1.2.3.4:a80', 4],
    ['1.2.3.4:80a', 4],
    ['1.2.3.4:', 4],
    ['.80', 6],
    [':80', 4],
    ['noport', 4],
    ['x[::1]:80', 6],
    ['[::1]:80x', 6],
    ['[::1]', 6],
  ] as const)('%j (IPv%d) is not an endpoint', (text, family) => {
    expect(nettopEndpoint(text, family)).toBeNull();
  });
});

describe('parseNettop edges', () => {
  it('reads a quoted process name holding commas and doubled quotes', () => {
    const text = sample(
      '09:00:00.1,"Foo, Inc. ""Helper"".55",,,10,20,,,',
      '09:00:00.2,tcp4 10.0.0.2:5000<->10.0.0.3:80,en0,Established,"1,5",2,0,1 ms,',
    );
    const result = parseNettop(text);
    expect(result.processes).toEqual([{ name: 'Foo, Inc. "Helper"', pid: 55, bytesIn: 10, bytesOut: 20 }]);
    // "1,5" is one cell (and not a size): the columns after it stay in place.
    expect(result.connections).toEqual([
      expect.objectContaining({ processName: 'Foo, Inc. "Helper"', bytesIn: null, bytesOut: 2, rttMs: 1 }),
    ]);
  });

  it('reads quoted cells in the header and in the last column', () => {
    const text = ['"time",,"bytes_in",bytes_out', '1,"Foo, Inc.5",3,"4"', '2,"tcp4 1.1.1.1:1<->2.2.2.2:2",5,"6"'].join(
      '\n',
    );
    const result = parseNettop(text);
    expect(result.processes).toEqual([{ name: 'Foo, Inc', pid: 5, bytesIn: 3, bytesOut: 4 }]);
    expect(result.connections[0]).toMatchObject({ bytesIn: 5, bytesOut: 6 });
  });

  it("reads nothing before the first header, not even a line of a process row's shape", () => {
    const text = ['1,early.5,,,1,2,,,', HEADER, '2,late.6,,,3,4,,,'].join('\n');
    expect(parseNettop(text)).toEqual({
      processes: [{ name: 'late', pid: 6, bytesIn: 3, bytesOut: 4 }],
      connections: [],
      skipped: 1,
    });
  });

  it('reads a process whose name holds dots, and trims the cells it reads', () => {
    const text = sample(
      '09:00:00.1, com.apple.WebKit.Networking.1234 ,,,1,2,,,',
      '09:00:00.2, tcp6 ::1.49152<->::1.631 , lo0 , CloseWait ,3,4,5,0.5 ms,',
    );
    const result = parseNettop(text);
    expect(result.processes).toEqual([{ name: 'com.apple.WebKit.Networking', pid: 1234, bytesIn: 1, bytesOut: 2 }]);
    expect(result.connections).toEqual([
      {
        pid: 1234,
        processName: 'com.apple.WebKit.Networking',
        protocol: 'tcp',
        family: 6,
        localAddress: '::1',
        localPort: 49152,
        remoteAddress: '::1',
        remotePort: 631,
        interface: 'lo0',
        state: 'CLOSE_WAIT',
        bytesIn: 3,
        bytesOut: 4,
        retransmittedBytes: 5,
        rttMs: 0.5,
      },
    ]);
  });

  it.each([
    ['Listen', 'LISTEN'],
    ['SynSent', 'SYN_SENT'],
    ['SynReceived', 'SYN_RECV'],
    ['Established', 'ESTABLISHED'],
    ['FinWait1', 'FIN_WAIT1'],
    ['FinWait2', 'FIN_WAIT2'],
    ['CloseWait', 'CLOSE_WAIT'],
    ['Closing', 'CLOSING'],
    ['LastAck', 'LAST_ACK'],
    ['TimeWait', 'TIME_WAIT'],
    ['Closed', 'CLOSED'],
    ['Time Wait', 'TIME_WAIT'],
    ['', null],
    ['Bogus', null],
  ])('state %j -> %s', (word, state) => {
    const text = sample('1,a.1,,,,,,,', `2,tcp4 1.1.1.1:1<->2.2.2.2:2,en0,${word},,,,,`);
    expect(parseNettop(text).connections[0]?.state).toBe(state);
  });

  it('reads udp and tcp46 rows; a dual-stack (46) socket is an IPv6 one, as in netstat', () => {
    const text = sample('1,a.1,,,,,,,', '2,udp4 *:5353<->*:*,,,,,,,', '3,tcp46 *.443<->*.*,,Listen,,,,,');
    expect(parseNettop(text).connections.map((c) => [c.protocol, c.family, c.localAddress, c.localPort])).toEqual([
      ['udp', 4, '0.0.0.0', 5353],
      ['tcp', 6, '::', 443],
    ]);
  });

  it('counts, not keeps, connections whose local or remote endpoint is unreadable, and bad identities', () => {
    const text = sample(
      '1,a.1,,,,,,,',
      '2,tcp4 1.1.1.1:x<->2.2.2.2:2,,,,,,,',
      '3,tcp4 1.1.1.1:1<->2.2.2.2:x,,,,,,,',
      '4,tcp4 1.1.1.1:1 <-> 2.2.2.2:2,,,,,,,',
      '5,.42,,,,,,,',
      '6,icmp4 1.1.1.1:1<->2.2.2.2:2,,,,,,,',
      '7,tcp4<->2.2.2.2:2,,,,,,,',
      '8,tcp4 1.1.1.1:1<->2.2.2.2:2,,,,,,,',
    );
    const result = parseNettop(text);
    expect(result.skipped).toBe(5);
    expect(result.connections.map((c) => [c.localPort, c.remotePort])).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('skips blank lines silently, counts lines before the first header, and adds up skips over samples', () => {
    const text = [
      'nettop: warming up',
      '',
      '   ',
      HEADER,
      'garbage one',
      HEADER,
      '\t',
      'garbage two',
      '09:00,ssh.7,,,1,2,,,',
      '',
    ].join('\n');
    const result = parseNettop(text);
    expect(result.skipped).toBe(3);
    expect(result.processes).toEqual([{ name: 'ssh', pid: 7, bytesIn: 1, bytesOut: 2 }]);
  });

  it('a new sample forgets the owner: a connection right after the header has none', () => {
    const text = sample(
      '1,a.1,,,,,,,',
      '2,tcp4 1.1.1.1:1<->2.2.2.2:2,,,,,,,',
      HEADER,
      '3,tcp4 1.1.1.1:1<->2.2.2.2:2,,,,,,,',
    );
    const result = parseNettop(text);
    expect(result.connections).toEqual([]);
    expect(result.processes).toEqual([]);
    expect(result.skipped).toBe(1);
  });

  it('finds columns whatever the case and padding of their names, and reads absent ones as unknown', () => {
    const text = ['time,, Bytes_In ,STATE', '1,a.9,7', '2,tcp4 1.1.1.1:1<->2.2.2.2:2,8,TimeWait'].join('\n');
    const result = parseNettop(text);
    expect(result.processes).toEqual([{ name: 'a', pid: 9, bytesIn: 7, bytesOut: null }]);
    expect(result.connections[0]).toMatchObject({
      bytesIn: 8,
      bytesOut: null,
      retransmittedBytes: null,
      rttMs: null,
      interface: null,
      state: 'TIME_WAIT',
    });
  });

  it('reads a header-only or empty output as an empty sample', () => {
    expect(parseNettop('')).toEqual({ processes: [], connections: [], skipped: 0 });
    expect(parseNettop(`${HEADER}\n`)).toEqual({ processes: [], connections: [], skipped: 0 });
  });
});
