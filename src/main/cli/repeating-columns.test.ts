/**
 * Repeating output (`netscope -tan 1`, `netscope -i 1`): every frame has the same columns, the rates '-' until a
 * second refresh has them, so `awk '{print $N}'` and `cut` read the same field in every frame.
 */
import { describe, expect, it } from 'vitest';
import {
  blankConnection,
  emptySnapshot,
  type Connection,
  type NetInterface,
  type Snapshot,
  type SocketEngineStatus,
} from '../../shared/model';
import { parseArgs, type ShowCommand } from './args';
import { printSnapshot } from './output';

const netlink: SocketEngineStatus = {
  name: 'netlink',
  requested: 'netlink',
  fallbackReason: null,
  traffic: true,
  trafficNote: null,
};

function tcp(localPort: number, rates: number | null, state: Connection['state'] = 'ESTABLISHED'): Connection {
  const c = blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort,
    remoteAddress: state === 'LISTEN' ? '0.0.0.0' : '127.0.0.1',
    remotePort: state === 'LISTEN' ? 0 : 6000,
    state,
    pid: 42,
    processName: 'scp',
  });
  if (state === 'LISTEN') return c;
  const traffic = {
    bytesSent: 2_000_000,
    bytesReceived: 300,
    segmentsSent: 10,
    segmentsReceived: 5,
    retransmissions: 1,
    rttMs: 0.25,
    rttVarianceMs: 0.1,
    sendRate: rates,
    receiveRate: rates,
    segmentSendRate: rates,
    segmentReceiveRate: rates,
    retransmissionRate: rates,
  };
  return { ...c, traffic: traffic as Connection['traffic'] };
}

const frame = (connections: Connection[]): Snapshot =>
  emptySnapshot({
    connections,
    collectors: [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine: netlink }],
  });

/** The table lines `netscope ARGV` prints for each frame (title and blank lines left out). */
function frames(argv: string[], snapshots: Snapshot[]): string[][] {
  const command = parseArgs(argv) as ShowCommand;
  return snapshots.map((snapshot) => {
    const out: string[] = [];
    printSnapshot(snapshot, {
      ...command,
      repeating: command.intervalMs !== null,
      out: (t) => out.push(t),
      err: () => undefined,
    });
    return out
      .join('\n')
      .split('\n')
      .slice(2)
      .filter((line) => line !== '');
  });
}

const fields = (line: string | undefined): number => (line ?? '').trim().split(/\s+/).length;
/** A header's column names (widths follow the cells, so the padding may differ between frames). */
const names = (header: string | undefined): string[] => (header ?? '').trim().split(/\s{2,}/);

describe('columns of repeating output', () => {
  it('-tan 1: the rate columns are there from the first frame, "-" until known', () => {
    const [first, second] = frames(['-tan', '1'], [frame([tcp(5000, null)]), frame([tcp(5000, 125_000)])]);
    expect(names(first?.[0])).toEqual(names(second?.[0]));
    expect(first?.[0]).toMatch(/Send\/s\s+Recv\/s/);
    const at = (first?.[0] ?? '').indexOf('Send/s');
    expect(first?.[1]?.slice(at)).toMatch(/^-\s+-\s+0.25ms/);
    expect(second?.[1]).toContain('125kB/s');
    expect(fields(first?.[1])).toBe(fields(second?.[1]));
  });

  it('-tan 1: a frame of listeners only keeps the counter columns of the frames around it', () => {
    const shown = frames(
      ['-tan', '1'],
      [frame([tcp(80, null, 'LISTEN')]), frame([tcp(80, null, 'LISTEN'), tcp(5000, 1)])],
    );
    expect(names(shown[0]?.[0])).toEqual(names(shown[1]?.[0]));
  });

  it("-tln 1 and -uan 1 keep netstat's columns in every frame (listeners and UDP sockets have no counters)", () => {
    for (const argv of [
      ['-tln', '1'],
      ['-uan', '1'],
    ]) {
      for (const shown of frames(argv, [frame([]), frame([tcp(80, null, 'LISTEN')])])) {
        expect(shown[0], argv.join(' ')).not.toContain('Sent');
      }
    }
  });

  it('a single listing still leaves out the rates it cannot have', () => {
    const [once] = frames(['-tan'], [frame([tcp(5000, null)])]);
    expect(once?.[0]).toMatch(/Sent\s+Received\s+RTT/);
    expect(once?.[0]).not.toContain('Send/s');
  });

  it('-i 1: the interface rates are there from the first frame, "-" until known', () => {
    const counters = { rxBytes: 1, rxPackets: 1, rxErrors: 0, rxDrops: 0, rxMulticast: 0 };
    const eth0 = (rates: NetInterface['rates']): NetInterface => ({
      name: 'eth0',
      mac: '02:00:00:00:00:01',
      mtu: 1500,
      up: true,
      speedMbps: null,
      counters: { ...counters, txBytes: 1, txPackets: 1, txErrors: 0, txDrops: 0, txMulticast: 0 },
      rates,
    });
    const rates = { rxBytesPerSec: 125, txBytesPerSec: 250, rxPacketsPerSec: 1, txPacketsPerSec: 2 };
    const [first, second] = frames(
      ['-i', '1'],
      [emptySnapshot({ interfaces: [eth0(null)] }), emptySnapshot({ interfaces: [eth0(rates)] })],
    );
    expect(names(first?.[0])).toEqual(names(second?.[0]));
    expect(first?.[0]).toMatch(/RX B\/s\s+TX B\/s\s+MAC/);
    expect(first?.[1]).toMatch(/\s-\s+-\s+02:00/);
    expect(fields(first?.[1])).toBe(fields(second?.[1]));
  });

  it('-i 1 --csv: the first frame leaves the rate cells empty, not "-" (a number parser would refuse it)', () => {
    const counters = { rxBytes: 1, rxPackets: 1, rxErrors: 0, rxDrops: 0, rxMulticast: 0 };
    const eth0: NetInterface = {
      name: 'eth0',
      mac: '02:00:00:00:00:01',
      mtu: 1500,
      up: true,
      speedMbps: null,
      counters: { ...counters, txBytes: 1, txPackets: 1, txErrors: 0, txDrops: 0, txMulticast: 0 },
      rates: null,
    };
    const command = parseArgs(['-i', '--csv', '1']) as ShowCommand;
    const out: string[] = [];
    printSnapshot(emptySnapshot({ interfaces: [eth0] }), {
      ...command,
      repeating: true,
      out: (t) => out.push(t),
      err: () => undefined,
    });
    const lines = out.join('\n').split('\n');
    const header = lines.find((l) => l.includes('RX B/s'))?.split(',') ?? [];
    const row = lines.find((l) => l.startsWith('eth0'))?.split(',') ?? [];
    expect(header.length).toBeGreaterThan(0);
    expect(row[header.indexOf('RX B/s')]).toBe('');
    expect(row[header.indexOf('TX B/s')]).toBe('');
  });

  it('every row of the connection table has the same fields, so awk reads one column on every line', () => {
    const udp = blankConnection({
      protocol: 'udp',
      family: 6,
      localAddress: '::1',
      localPort: 53,
      remoteAddress: '::',
      remotePort: 0,
      state: 'NONE',
    });
    const waiting = { ...tcp(5001, null, 'TIME_WAIT'), pid: null, processName: null, traffic: undefined };
    const rows = [tcp(80, null, 'LISTEN'), tcp(5000, 125_000), tcp(5002, null), waiting, udp];
    for (const argv of [['-tuan'], ['-tuan', '1'], ['-tuanW']]) {
      const [shown] = frames(argv, [frame(rows)]);
      const body = shown?.slice(1) ?? [];
      expect(body, argv.join(' ')).toHaveLength(rows.length);
      // 'Local Address' and 'Foreign Address' are two words each in the header only.
      const counts = body.map(fields);
      expect(new Set(counts), `${argv.join(' ')}\n${shown?.join('\n')}`).toEqual(new Set([fields(shown?.[0]) - 2]));
    }
  });
});
