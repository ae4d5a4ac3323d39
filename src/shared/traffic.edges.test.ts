// Edge cases of the traffic cells, units and quantities (issue 9: the rules a surviving mutant showed untested).
import { describe, expect, it } from 'vitest';
import {
  blankConnection,
  type Connection,
  type ConnectionTraffic,
  type Snapshot,
  type SocketEngineStatus,
} from './model';
import {
  describeSocketEngine,
  formatBytes,
  formatRate,
  formatRtt,
  isSocketEngineChoice,
  isTrafficColumnId,
  parseByteQuantity,
  parseDurationMs,
  rowWithoutCounters,
  socketEngineOf,
  totalRate,
  TRAFFIC_COLUMN_IDS,
  trafficAbsentReason,
  trafficDisplayText,
  trafficRawText,
  trafficValue,
} from './traffic';

// Every counter a different value, so a column reading the wrong field shows.
const counters = (over: Partial<ConnectionTraffic> = {}): ConnectionTraffic => ({
  bytesSent: 1_500_000,
  bytesReceived: 2_500,
  segmentsSent: 11,
  segmentsReceived: 12,
  retransmissions: 7,
  rttMs: 12.3456,
  rttVarianceMs: 0.5,
  sendRate: 64_000.6,
  receiveRate: 1_500_000_000,
  segmentSendRate: null,
  segmentReceiveRate: null,
  retransmissionRate: null,
  ...over,
});

const row = (traffic?: ConnectionTraffic): Pick<Connection, 'traffic'> => (traffic ? { traffic } : {});

describe('traffic columns', () => {
  it('reads each column from its own counter', () => {
    const c = row(counters());
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficValue(id, c))).toEqual([
      1_500_000, 2_500, 64_000.6, 1_500_000_000, 12.3456, 7,
    ]);
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficValue(id, row()))).toEqual([null, null, null, null, null, null]);
  });

  it('knows its column ids, and no inherited property is one', () => {
    for (const id of TRAFFIC_COLUMN_IDS) expect(isTrafficColumnId(id)).toBe(true);
    for (const id of ['toString', 'constructor', '__proto__', 'rttMs', '', 'local'])
      expect(isTrafficColumnId(id)).toBe(false);
  });

  it('gives CSV numbers whole, and RTT to the microsecond', () => {
    const c = row(counters());
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficRawText(id, c))).toEqual([
      '1500000',
      '2500',
      '64001',
      '1500000000',
      '12.346',
      '7',
    ]);
    expect(trafficRawText('rtt', row(counters({ rttMs: 250 })))).toBe('250');
    expect(trafficRawText('rtt', row(counters({ rttMs: 0.0004 })))).toBe('0');
    // 0 is a value, not an absence.
    expect(trafficRawText('retransmissions', row(counters({ retransmissions: 0 })))).toBe('0');
    expect(trafficRawText('sendRate', row(counters({ sendRate: null })))).toBe('');
  });

  it('shows each column in its unit', () => {
    const c = row(counters());
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficDisplayText(id, c))).toEqual([
      '1.50 MB',
      '2.50 kB',
      '64.0 kB/s',
      '1.50 GB/s',
      '12.3 ms',
      '7',
    ]);
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficDisplayText(id, row()))).toEqual(['', '', '', '', '', '']);
    expect(trafficDisplayText('retransmissions', row(counters({ retransmissions: 0 })))).toBe('0');
  });

  it('has a total rate only when both directions have one', () => {
    expect(totalRate(row(counters({ sendRate: 300, receiveRate: 200 })))).toBe(500);
    expect(totalRate(row(counters({ sendRate: 0, receiveRate: 0 })))).toBe(0);
    expect(totalRate(row(counters({ sendRate: null, receiveRate: 200 })))).toBeNull();
    expect(totalRate(row(counters({ sendRate: 300, receiveRate: null })))).toBeNull();
    expect(totalRate(row())).toBeNull();
  });
});

describe('units as people read them (SI, k = 1000)', () => {
  it('switches unit at 1000 and keeps three significant digits', () => {
    expect(formatBytes(5)).toBe('5 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(9_994)).toBe('9.99 kB');
    expect(formatBytes(10_000)).toBe('10.0 kB');
    expect(formatBytes(99_940)).toBe('99.9 kB');
    expect(formatBytes(100_000)).toBe('100 kB');
    expect(formatBytes(999_000)).toBe('999 kB');
    expect(formatBytes(1_000_000)).toBe('1.00 MB');
    expect(formatBytes(2 ** 32 - 1)).toBe('4.29 GB');
    expect(formatBytes(2 ** 53)).toBe('9.01 PB');
    expect(formatBytes(3e12)).toBe('3.00 TB');
  });

  it('stops at petabytes rather than run out of units', () => {
    expect(formatBytes(1e18)).toBe('1000 PB');
    expect(formatBytes(1e21)).toBe('1000000 PB');
  });

  it('scales a negative difference as a positive one', () => {
    expect(formatBytes(-1500)).toBe('-1.50 kB');
    expect(formatBytes(-999)).toBe('-999 B');
  });

  it('writes rates per second', () => {
    expect(formatRate(0)).toBe('0 B/s');
    expect(formatRate(1_500_000)).toBe('1.50 MB/s');
  });

  it('writes RTT in ms below a second and in seconds from one', () => {
    expect(formatRtt(0.05)).toBe('0.05 ms');
    expect(formatRtt(9.999)).toBe('10.00 ms');
    expect(formatRtt(10)).toBe('10.0 ms');
    expect(formatRtt(99.94)).toBe('99.9 ms');
    expect(formatRtt(100)).toBe('100 ms');
    expect(formatRtt(999)).toBe('999 ms');
    expect(formatRtt(1000)).toBe('1.00 s');
    expect(formatRtt(12_500)).toBe('12.50 s');
  });
});

describe('quantities of the filter', () => {
  it('reads sizes with every prefix, in any case, with or without a space and a unit', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['42', 42],
      ['12.25', 12.25],
      ['.5k', 500],
      ['.25k', 250],
      ['2k', 2000],
      ['2K', 2000],
      ['3m', 3e6],
      ['4G', 4e9],
      ['5t', 5e12],
      ['1Ki', 1024],
      ['1kib', 1024],
      ['3Gi', 3 * 1024 ** 3],
      ['1 M', 1e6],
      ['1   M', 1e6],
      [' 7k ', 7000],
      ['15MB', 15e6],
      ['15mbps', 15e6],
      ['15Mb/s', 15e6],
      ['15M/s', 15e6],
      ['64KiB/s', 65_536],
      ['300b', 300],
      ['300/s', 300],
      ['300 B/s', 300],
    ];
    for (const [text, bytes] of cases) expect([text, parseByteQuantity(text)]).toEqual([text, bytes]);
  });

  it('refuses anything else, with no partial match at either end', () => {
    const bad = [
      '',
      ' ',
      'k',
      '.',
      '1.',
      '1.2.3',
      'x1M',
      '1Mx',
      '1M!',
      'M1',
      '1Ti',
      '1Pi',
      '1P',
      '1Mbit',
      '1 /',
      '1e6',
      '+1',
      '1,5M',
      '1 2',
    ];
    for (const text of bad) expect([text, parseByteQuantity(text)]).toEqual([text, null]);
  });

  it('reads durations in ms, s, us and µs (any case), a bare number being milliseconds', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['12', 12],
      ['12ms', 12],
      ['12MS', 12],
      ['1.25s', 1250],
      ['2S', 2000],
      ['.5s', 500],
      ['.25s', 250],
      ['1 s', 1000],
      ['1  ms', 1],
      [' 3ms ', 3],
      ['500us', 0.5],
      ['500US', 0.5],
      ['500µs', 0.5],
      ['123.5', 123.5],
    ];
    for (const [text, ms] of cases) expect([text, parseDurationMs(text)]).toEqual([text, ms]);
  });

  it('refuses a duration in any other unit or form', () => {
    const bad = ['', 's', '1.', 'x1ms', '1msx', '1 ms x', '1m', '1min', '1ns', '-5ms', '1h', '1.2.3s', '2 3'];
    for (const text of bad) expect([text, parseDurationMs(text)]).toEqual([text, null]);
  });
});

describe('socket engine and why counters are absent', () => {
  const netlink: SocketEngineStatus = {
    name: 'netlink',
    requested: 'auto',
    fallbackReason: null,
    traffic: true,
    trafficNote: null,
  };
  const procfs: SocketEngineStatus = {
    name: 'procfs',
    requested: 'netlink',
    fallbackReason: 'netlink refused: EACCES',
    traffic: false,
    trafficNote: 'counters need the netlink engine',
  };
  const report = (name: string, engine?: SocketEngineStatus): Snapshot['collectors'][number] => ({
    name,
    ok: true,
    tookMs: 1,
    error: null,
    warnings: [],
    ...(engine ? { engine } : {}),
  });

  it('takes the engine of the connections collector, not of another one', () => {
    expect(socketEngineOf({ collectors: [report('routes', procfs), report('connections', netlink)] })).toBe(netlink);
    expect(socketEngineOf({ collectors: [report('routes', procfs)] })).toBeNull();
    expect(socketEngineOf({ collectors: [report('connections')] })).toBeNull();
    expect(socketEngineOf({ collectors: [] })).toBeNull();
  });

  it('names the engine, with why it fell back', () => {
    expect(describeSocketEngine(netlink)).toBe('netlink');
    expect(describeSocketEngine(procfs)).toBe('procfs (netlink refused: EACCES)');
  });

  it('accepts only the engine choices the CLI and status bar offer', () => {
    for (const ok of ['procfs', 'netlink', 'auto']) expect(isSocketEngineChoice(ok)).toBe(true);
    for (const bad of ['', 'NETLINK', 'netlink ', 'iphlpapi', 1, null, undefined, ['auto']])
      expect(isSocketEngineChoice(bad)).toBe(false);
  });

  it('says why a whole snapshot has no counters, and nothing without one', () => {
    const live = (collectors: Snapshot['collectors']): Pick<Snapshot, 'collectors' | 'source'> => ({
      source: { kind: 'live' },
      collectors,
    });
    expect(trafficAbsentReason(null)).toBeNull();
    expect(trafficAbsentReason(live([report('connections', netlink)]))).toBeNull();
    expect(trafficAbsentReason(live([report('connections', procfs)]))).toBe('counters need the netlink engine');
    expect(trafficAbsentReason(live([report('routes', netlink)]))).toBe('no counters from this source');
    expect(trafficAbsentReason({ source: { kind: 'import', file: 'a.csv', formats: ['csv'] }, collectors: [] })).toBe(
      'an imported listing has no counters',
    );
  });

  it('says why one row has none while the engine reads them', () => {
    expect(rowWithoutCounters({ protocol: 'unix', state: 'CONNECTED' as Connection['state'] })).toBe(
      'no counters for UNIX sockets',
    );
    expect(rowWithoutCounters({ protocol: 'udp', state: 'NONE' })).toBe('no counters for UDP or raw sockets');
    expect(rowWithoutCounters({ protocol: 'raw', state: 'NONE' })).toBe('no counters for UDP or raw sockets');
    expect(rowWithoutCounters({ protocol: 'tcp', state: 'LISTEN' })).toBe('a listening socket carries no traffic');
    expect(rowWithoutCounters({ protocol: 'tcp', state: 'TIME_WAIT' })).toBe('no counters in this state');
    expect(rowWithoutCounters({ protocol: 'udp', state: 'LISTEN' })).toBe('no counters for UDP or raw sockets');
  });

  it('leaves a blank connection without counters (empty cells, not zeros)', () => {
    const c = blankConnection({
      protocol: 'udp',
      family: 6,
      localAddress: '::1',
      localPort: 53,
      remoteAddress: '::',
      remotePort: 0,
      state: 'NONE',
    });
    expect(TRAFFIC_COLUMN_IDS.map((id) => trafficRawText(id, c))).toEqual(['', '', '', '', '', '']);
  });
});
