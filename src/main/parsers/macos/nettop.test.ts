/**
 * nettop's logging mode, on outputs written from its documented format (man
 * nettop: -L samples, -x raw numbers, -J columns, -P per process). Not
 * recorded on a Mac: none is here (see the note in the report).
 */
import { describe, expect, it } from 'vitest';
import { nettopArgs, nettopBytes, nettopEndpoint, nettopMs, parseNettop } from './nettop';

const FULL = [
  'time,,interface,state,bytes_in,bytes_out,rx_dupe,rx_ooo,re-tx,rtt_avg,rcvsize,tx_win,tc_class,tc_mgt,cc_algo,P,C,R,W,arch,',
  '12:00:01.100000,launchd.1,,,0,0,0,0,0,,,,,,,,,,,,',
  '12:00:01.100100,tcp4 127.0.0.1:631<->*:*,lo0,Listen,0,0,0,0,0,,,,,,,,,,,,',
  '12:00:01.200000,Google Chrome H.812,,,52340,7731,0,0,120,,,,,,,,,,,,',
  '12:00:01.200100,tcp4 192.168.1.20:52011<->17.253.144.10:443,en0,Established,52340,7731,0,0,120,23.44 ms,131072,131072,BE,-,cubic,,,,,so,',
  '12:00:01.200200,tcp6 fe80::1%en0.52012<->2a00:1450:4001:80b::200e.443,en0,SynSent,0,0,0,0,0,,,,,,,,,,,,',
  '12:00:01.200300,udp4 *:5353<->*:*,,,1024,0,0,0,0,,,,,,,,,,,,',
  '',
].join('\n');

describe('nettop -L 1 -x (per process and per connection)', () => {
  const sample = parseNettop(FULL);

  it('reads the processes with their totals', () => {
    expect(sample.processes).toEqual([
      { name: 'launchd', pid: 1, bytesIn: 0, bytesOut: 0 },
      { name: 'Google Chrome H', pid: 812, bytesIn: 52340, bytesOut: 7731 },
    ]);
  });

  it('reads each connection under the process listed before it', () => {
    expect(sample.connections).toHaveLength(4);
    expect(sample.connections[1]).toEqual({
      pid: 812,
      processName: 'Google Chrome H',
      protocol: 'tcp',
      family: 4,
      localAddress: '192.168.1.20',
      localPort: 52011,
      remoteAddress: '17.253.144.10',
      remotePort: 443,
      interface: 'en0',
      state: 'ESTABLISHED',
      bytesIn: 52340,
      bytesOut: 7731,
      retransmittedBytes: 120,
      rttMs: 23.44,
    });
    expect(sample.connections[0]).toMatchObject({ pid: 1, state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 });
    expect(sample.connections[2]).toMatchObject({
      family: 6,
      localAddress: 'fe80::1%en0',
      localPort: 52012,
      remoteAddress: '2a00:1450:4001:80b::200e',
      remotePort: 443,
      state: 'SYN_SENT',
    });
    expect(sample.connections[3]).toMatchObject({ protocol: 'udp', localPort: 5353, state: null, interface: null });
    expect(sample.skipped).toBe(0);
  });
});

describe('nettop output variants', () => {
  it('finds columns by name when -J picks and orders them', () => {
    const text = [
      'time,,bytes_out,bytes_in,rtt_avg,',
      '09:00:00.000001,curl.4242,900,1200,,',
      '09:00:00.000002,tcp4 10.0.0.5:50000<->93.184.216.34:80,900,1200,1.50 ms,',
    ].join('\n');
    const { processes, connections } = parseNettop(text);
    expect(processes).toEqual([{ name: 'curl', pid: 4242, bytesIn: 1200, bytesOut: 900 }]);
    expect(connections[0]).toMatchObject({ bytesIn: 1200, bytesOut: 900, rttMs: 1.5, state: null, interface: null });
  });

  it('reads sizes as nettop prints them without -x, and keeps the last of several samples', () => {
    const header = 'time,,interface,state,bytes_in,bytes_out,';
    const text = [header, '09:00:00.1,ssh.77,,,1.5 KiB,300 B,', header, '09:00:01.1,ssh.77,,,2 MiB,1.5 KiB,'].join(
      '\r\n',
    );
    expect(parseNettop(text).processes).toEqual([{ name: 'ssh', pid: 77, bytesIn: 2 * 1024 * 1024, bytesOut: 1536 }]);
  });

  it('counts what it cannot read and never throws on garbage', () => {
    const text = [
      'nettop: not permitted',
      'time,,bytes_in,bytes_out,',
      '09:00:00.1,tcp4 1.2.3.4:1<->5.6.7.8:2,1,2,', // a connection before any process
      '09:00:00.2,mDNSResponder.199,1,2,',
      '09:00:00.3,tcp4 nonsense<->5.6.7.8:99999,1,2,',
      'junk line without commas',
    ].join('\n');
    const sample = parseNettop(text);
    expect(sample.processes).toHaveLength(1);
    expect(sample.connections).toEqual([]);
    expect(sample.skipped).toBe(4);
    for (let i = 0; i < 200; i++) {
      const bytes = Array.from({ length: 80 }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      expect(() => parseNettop(`time,,bytes_in,\n${bytes}`)).not.toThrow();
    }
  });

  it('reads endpoints of both families and both port spellings', () => {
    expect(nettopEndpoint('[::1]:8080', 6)).toEqual({ address: '::1', port: 8080 });
    expect(nettopEndpoint('::1.8080', 6)).toEqual({ address: '::1', port: 8080 });
    expect(nettopEndpoint('*.*', 6)).toEqual({ address: '::', port: 0 });
    expect(nettopEndpoint('127.0.0.1.631', 4)).toEqual({ address: '127.0.0.1', port: 631 });
    expect(nettopEndpoint('*:22', 4)).toEqual({ address: '0.0.0.0', port: 22 });
    expect(nettopEndpoint('10.0.0.1:70000', 4)).toBeNull();
    expect(nettopBytes('')).toBeNull();
    expect(nettopBytes('12 GB')).toBe(12e9);
    expect(nettopMs('2 s')).toBe(2000);
    expect(nettopMs('n/a')).toBeNull();
  });

  it('asks nettop for one sample, numeric, raw numbers and the columns it reads', () => {
    expect(nettopArgs()).toEqual(['-L', '1', '-n', '-x', '-J', 'bytes_in,bytes_out,re-tx,rtt_avg,interface,state']);
    expect(nettopArgs(true)).toContain('-P');
  });
});
