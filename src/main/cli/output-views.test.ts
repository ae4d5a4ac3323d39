/** What the CLI prints for -e and the warnings: totals without empty rate columns, each warning once. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, type CollectorReport, type NetInterface, type Snapshot } from '../../shared/model';
import type { View } from './args';
import { printSnapshot, printWarnings } from './output';
import { capturePrint as capture } from './test-helpers';

const counters = {
  rxBytes: 1000,
  rxPackets: 10,
  rxErrors: 0,
  rxDrops: 0,
  rxMulticast: 0,
  txBytes: 2000,
  txPackets: 20,
  txErrors: 0,
  txDrops: 0,
  txMulticast: 0,
};

function eth0(rates: NetInterface['rates']): NetInterface {
  return { name: 'eth0', mac: '02:00:00:00:00:01', mtu: 1500, up: true, speedMbps: null, counters, rates };
}

function report(name: string, warnings: string[]): CollectorReport {
  return { name, ok: true, tookMs: 1, error: null, warnings };
}

describe('-e', () => {
  it('prints totals without rate columns on a single run', () => {
    const { options, out } = capture(['interfaces']);
    printSnapshot(emptySnapshot({ interfaces: [eth0(null)] }), options);
    const text = out.join('\n');
    expect(text).toMatch(/Interface\s+State\s+MTU\s+RX bytes/);
    expect(text).not.toContain('B/s');
    expect(text).toMatch(/eth0\s+up\s+1500\s+1000\s+10/);
  });

  it('adds the rates once a refresh has them', () => {
    const { options, out } = capture(['interfaces']);
    const rates = { rxBytesPerSec: 125, txBytesPerSec: 250, rxPacketsPerSec: 1, txPacketsPerSec: 2 };
    printSnapshot(emptySnapshot({ interfaces: [eth0(rates)] }), options);
    expect(out.join('\n')).toMatch(/RX B\/s\s+TX B\/s\s+MAC[\s\S]*125\s+250\s+02:00/);
  });
});

describe('warnings', () => {
  const owners = (count: number): Snapshot =>
    emptySnapshot({
      collectors: [
        report('connections', [`${count} sockets have no owning process that /proc shows`]),
        report('routes', []),
        report('interfaces', []),
        report('protocol-stats', []),
      ],
    });

  it('says nothing of sockets when the view shows none', () => {
    for (const views of [['routes'], ['interfaces'], ['stats']] as View[][]) {
      const { options, err } = capture(views);
      printSnapshot(owners(20), options);
      expect(err, views.join()).toEqual([]);
    }
    const { options, err } = capture(['connections']);
    printSnapshot(owners(20), options);
    expect(err).toEqual(['netscope: warning: connections: 20 sockets have no owning process that /proc shows']);
  });

  it('prints a warning once across refreshes, whatever its count', () => {
    const seenWarnings = new Set<string>();
    const { options, err } = capture(['connections'], { seenWarnings, repeating: true });
    for (const count of [20, 3, 20, 7]) printWarnings(owners(count), options);
    expect(err).toHaveLength(1);
    // A new kind of warning is still said.
    printWarnings(emptySnapshot({ collectors: [report('connections', ['tcp6 table unreadable'])] }), options);
    expect(err).toHaveLength(2);
  });

  it('notes chosen -s sections this OS lacks, except TCPv6/UDPv6 beside TCP/UDP on Linux', () => {
    const stats = emptySnapshot({ platform: 'linux', protocolStats: { Tcp: { ActiveOpens: 1 }, TcpExt: {} } });
    const both = capture(['stats'], { statsProtocols: ['TCP', 'TCPv6'] });
    printSnapshot(stats, both.options);
    expect(both.err).toEqual([]);
    expect(both.out.join('\n')).toContain('ActiveOpens');
    const v6 = capture(['stats'], { statsProtocols: ['TCPv6'] });
    printSnapshot(stats, v6.options);
    expect(v6.err.join('\n')).toMatch(/no TCPv6 statistics here \(Linux counts TCP and UDP over IPv6/);
    expect(v6.out.join('\n')).not.toContain('ActiveOpens');
  });
});
