import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection, type ConnectionTraffic, type Snapshot } from './model';
import {
  formatBytes,
  formatRate,
  formatRtt,
  parseByteQuantity,
  parseDurationMs,
  rowWithoutCounters,
  totalRate,
  trafficAbsentReason,
  trafficDisplayText,
  trafficRawText,
} from './traffic';

const counters = (over: Partial<ConnectionTraffic> = {}): ConnectionTraffic => ({
  bytesSent: 1_234_567,
  bytesReceived: 999,
  segmentsSent: 10,
  segmentsReceived: 9,
  retransmissions: 2,
  rttMs: 0.0456,
  rttVarianceMs: 0.01,
  sendRate: 350_000.4,
  receiveRate: null,
  segmentSendRate: null,
  segmentReceiveRate: null,
  retransmissionRate: null,
  ...over,
});

const tcp = (traffic?: ConnectionTraffic): Connection => ({
  ...blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1,
    remoteAddress: '127.0.0.1',
    remotePort: 2,
    state: 'ESTABLISHED',
  }),
  ...(traffic ? { traffic } : {}),
});

describe('traffic cells', () => {
  it('are plain numbers for CSV and JSON, empty (not 0) without counters or without a rate yet', () => {
    const c = tcp(counters());
    expect(trafficRawText('bytesSent', c)).toBe('1234567');
    expect(trafficRawText('sendRate', c)).toBe('350000');
    expect(trafficRawText('receiveRate', c)).toBe('');
    expect(trafficRawText('rtt', c)).toBe('0.046');
    expect(trafficRawText('retransmissions', c)).toBe('2');
    expect(trafficRawText('bytesSent', tcp())).toBe('');
  });

  it('read as people read them in the grid', () => {
    const c = tcp(counters());
    expect(trafficDisplayText('bytesSent', c)).toBe('1.23 MB');
    expect(trafficDisplayText('bytesReceived', c)).toBe('999 B');
    expect(trafficDisplayText('sendRate', c)).toBe('350 kB/s');
    expect(trafficDisplayText('rtt', c)).toBe('0.05 ms');
    expect(trafficDisplayText('receiveRate', c)).toBe('');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(12_345_678_901)).toBe('12.3 GB');
    expect(formatRate(1500)).toBe('1.50 kB/s');
    expect(formatRtt(150)).toBe('150 ms');
    expect(formatRtt(2500)).toBe('2.50 s');
  });

  it('sum send and receive rates only where both exist', () => {
    expect(totalRate(tcp(counters({ receiveRate: 50 })))).toBeCloseTo(350_050.4);
    expect(totalRate(tcp(counters()))).toBeNull();
    expect(totalRate(tcp())).toBeNull();
  });
});

describe('filter quantities', () => {
  it('parse bytes with SI and binary prefixes, and units', () => {
    expect(parseByteQuantity('1M')).toBe(1e6);
    expect(parseByteQuantity('1.5k')).toBe(1500);
    expect(parseByteQuantity('2Mi')).toBe(2 * 1024 * 1024);
    expect(parseByteQuantity('200kB/s')).toBe(200_000);
    expect(parseByteQuantity('10MBps')).toBe(1e7);
    expect(parseByteQuantity('500')).toBe(500);
    for (const bad of ['', 'M', '1X', '1..2', '-1', 'fast']) expect(parseByteQuantity(bad)).toBeNull();
  });

  it('parse durations into milliseconds (a bare number is milliseconds)', () => {
    expect(parseDurationMs('100ms')).toBe(100);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('250us')).toBeCloseTo(0.25);
    expect(parseDurationMs('250µs')).toBeCloseTo(0.25);
    expect(parseDurationMs('40')).toBe(40);
    for (const bad of ['', 'ms', '1h', 'soon', '1 2']) expect(parseDurationMs(bad)).toBeNull();
  });
});

describe('why the traffic columns are empty', () => {
  const snap = (
    engine?: NonNullable<Snapshot['collectors'][number]['engine']>,
  ): Pick<Snapshot, 'collectors' | 'source'> => ({
    source: { kind: 'live' },
    collectors: [
      { name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], ...(engine ? { engine } : {}) },
    ],
  });

  it('says nothing when the engine reads counters, and its note when it does not', () => {
    const netlink = { name: 'netlink', requested: 'netlink', fallbackReason: null, traffic: true, trafficNote: null };
    expect(trafficAbsentReason(snap(netlink))).toBeNull();
    const procfs = { ...netlink, name: 'procfs', traffic: false, trafficNote: 'counters need the netlink engine' };
    expect(trafficAbsentReason(snap(procfs))).toBe('counters need the netlink engine');
    expect(trafficAbsentReason(snap())).toBe('no counters from this source');
    expect(trafficAbsentReason({ ...snap(netlink), source: { kind: 'import', file: 'x', formats: [] } })).toBe(
      'an imported listing has no counters',
    );
  });

  it('names why a row has none while others do', () => {
    expect(rowWithoutCounters({ protocol: 'udp', state: 'NONE' })).toMatch(/UDP/);
    expect(rowWithoutCounters({ protocol: 'tcp', state: 'LISTEN' })).toMatch(/listening/);
    expect(rowWithoutCounters({ protocol: 'tcp', state: 'TIME_WAIT' })).toMatch(/state/);
  });
});
