/**
 * `-s -p PROTO` on the captured `netstat -s` outputs (Linux, Windows, macOS):
 * each seed protocol keeps exactly the sections of that protocol that the file
 * has, counted here from the imported groups by their own names, and nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBytes } from '../src/main/import';
import { selectStats, STATS_PROTOCOLS, statsProtocolOf } from '../src/shared/stats-sections';
import { fixturesPath, fixturesPresent } from './helpers/fixtures';

const ROOT = fixturesPath();
const present = fixturesPresent('', 'stats subsets corpus test');
const FILES = [
  'linux/netstat-s--insights-core--1.txt',
  'windows/netstat-e-s--net-process--1.txt',
  'macos/netstat-s-p-tcp--unknown-ruby-stripchart-example--1.txt',
];

/** The sections each protocol keeps, read off the files' headings (Linux 'Tcp:', 'TcpExt:'; Windows 'TCP Statistics for IPv6'). */
const EXPECTED: Record<string, Record<string, string[]>> = {
  'linux/netstat-s--insights-core--1.txt': {
    IP: ['Ip', 'IpExt'],
    ICMP: ['Icmp', 'IcmpMsg'],
    TCP: ['Tcp', 'TcpExt'],
    UDP: ['Udp', 'UdpLite'],
  },
  'windows/netstat-e-s--net-process--1.txt': {
    IP: ['Ip'],
    IPv6: ['Ip6'],
    ICMP: ['Icmp'],
    ICMPv6: ['Icmp6'],
    TCP: ['Tcp'],
    TCPv6: ['Tcp6'],
    UDP: ['Udp'],
    UDPv6: ['Udp6'],
  },
  'macos/netstat-s-p-tcp--unknown-ruby-stripchart-example--1.txt': { TCP: ['Tcp'] },
};

describe.skipIf(!present)('-s -p subsets on the corpus', () => {
  it.each(FILES)('%s: each protocol keeps its own sections only', (file) => {
    const outcome = importBytes(readFileSync(path.join(ROOT, file)), file);
    if (!outcome.ok) throw new Error(outcome.error);
    const stats = outcome.snapshot.protocolStats;
    const groups = Object.keys(stats);
    expect(groups.length).toBeGreaterThan(0);
    let kept = 0;
    for (const protocol of STATS_PROTOCOLS) {
      expect(Object.keys(selectStats(stats, [protocol])).sort(), `${file} -p ${protocol}`).toEqual(
        EXPECTED[file]?.[protocol] ?? [],
      );
      const chosen = Object.keys(selectStats(stats, [protocol]));
      expect(
        chosen.every((g) => statsProtocolOf(g) === protocol),
        `${file} -p ${protocol}: ${chosen.join()}`,
      ).toBe(true);
      expect(chosen.sort()).toEqual(groups.filter((g) => statsProtocolOf(g) === protocol).sort());
      kept += chosen.length;
    }
    // TCP is in every one of these files.
    expect(Object.keys(selectStats(stats, ['TCP'])).length).toBeGreaterThan(0);
    // Two protocols together are the union of each alone.
    expect(Object.keys(selectStats(stats, ['TCP', 'UDP'])).sort()).toEqual(
      [...Object.keys(selectStats(stats, ['TCP'])), ...Object.keys(selectStats(stats, ['UDP']))].sort(),
    );
    expect(kept).toBeLessThanOrEqual(groups.length);
  });
});
