/**
 * Every captured /proc/net file in ../shared/fixtures/linux (proc-net-*) through
 * the parser its name calls for, with counts checked by a plain line test that
 * shares no code with the parsers; and the import formats must pick the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../src/main/parsers/format';
import { LINUX_PROC_FORMATS } from '../src/main/parsers/linux/formats';
import { parseProcNetDev } from '../src/main/parsers/linux/proc-net-dev';
import { parseProcNetIpv6Route, parseProcNetRoute } from '../src/main/parsers/linux/proc-net-route';
import { parseProcNetSnmp, parseProcNetSnmp6 } from '../src/main/parsers/linux/proc-net-snmp';
import { parseProcNetSockets } from '../src/main/parsers/linux/proc-net-sockets';
import { fixturesPath, fixturesPresent } from './helpers/fixtures';

const dir = fixturesPath('linux');
const present = fixturesPresent('linux', 'the /proc/net corpus');

/** /proc/net files we capture but do not parse (nothing in the snapshot model needs them). */
const NOT_PARSED = [
  'arp',
  'dev-mcast',
  'if-inet6',
  'igmp',
  'igmp6',
  'netlink',
  'packet',
  'protocols',
  'sockstat',
  'sockstat6',
  'softnet-stat',
  'unix',
];

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
const socketRows = (text: string): number => lines(text).filter((l) => /^\d+:/.test(l)).length;

interface Case {
  formatId: string;
  parse: (text: string) => ParseResult;
  /** How many records the text holds, counted without the parsers. */
  expected: (text: string) => number;
  count: (result: ParseResult) => number;
}

const connections = (r: ParseResult): number => r.data.connections?.length ?? 0;
const counters = (r: ParseResult): number =>
  Object.values(r.data.protocolStats ?? {}).reduce((n, g) => n + Object.keys(g).length, 0);

function caseFor(kind: string, bigEndian: boolean): Case | null {
  const endianness = bigEndian ? 'be' : 'le';
  switch (kind) {
    case 'tcp':
    case 'tcp6':
      return {
        formatId: 'linux-proc-net-tcp',
        parse: (t) => parseProcNetSockets(t, { protocol: 'tcp', endianness }),
        expected: socketRows,
        count: connections,
      };
    case 'udp':
    case 'udp6':
      return {
        formatId: 'linux-proc-net-udp',
        parse: (t) => parseProcNetSockets(t, { protocol: 'udp', endianness }),
        expected: socketRows,
        count: connections,
      };
    case 'route':
      return {
        formatId: 'linux-proc-net-route',
        parse: (t) => parseProcNetRoute(t, { endianness }),
        expected: (t) => lines(t).filter((l) => !l.startsWith('Iface')).length,
        count: (r) => r.data.routes?.length ?? 0,
      };
    case 'ipv6-route':
      return {
        formatId: 'linux-proc-net-ipv6-route',
        parse: parseProcNetIpv6Route,
        expected: (t) => lines(t).length,
        count: (r) => r.data.routes?.length ?? 0,
      };
    case 'dev':
      return {
        formatId: 'linux-proc-net-dev',
        parse: parseProcNetDev,
        expected: (t) => lines(t).filter((l) => /^[^\s|]+:/.test(l)).length,
        count: (r) => r.data.interfaces?.length ?? 0,
      };
    case 'snmp':
    case 'netstat':
      return {
        formatId: `linux-proc-net-${kind}`,
        parse: parseProcNetSnmp,
        // Names are every word after the prefix of each header (odd) line.
        expected: (t) =>
          lines(t)
            .filter((_, i) => i % 2 === 0)
            .reduce((n, l) => n + l.split(/\s+/).length - 1, 0),
        count: counters,
      };
    case 'snmp6':
    case 'dev-snmp6-eth0':
      return {
        formatId: 'linux-proc-net-snmp6',
        parse: parseProcNetSnmp6,
        expected: (t) => lines(t).length,
        count: counters,
      };
    default:
      return null;
  }
}

/** Files whose content is not what the name says (hand-edited upstream fixtures), so detection may differ. */
const DETECTS_AS: Record<string, string> = {
  // prometheus/procfs copied its tcp fixture into udp, header and all.
  'proc-net-udp--procfs--1.txt': 'linux-proc-net-tcp',
};

/** Lines that are not /proc content and must be skipped. */
const EXPECTED_SKIPPED: Record<string, string[]> = {
  // A leftover of prometheus/procfs' ttar archive format.
  'proc-net-snmp6--procfs--1.txt': ['Mode: 644'],
};

describe.skipIf(!present)('/proc/net corpus', () => {
  const files = present
    ? readdirSync(dir)
        .filter((f) => f.startsWith('proc-net-'))
        .sort()
    : [];

  it('has fixtures to run', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    const kindMatch = /^proc-net-(.+?)(-bigendian)?--/.exec(file);
    const kind = kindMatch?.[1] ?? '';
    const bigEndian = kindMatch?.[2] !== undefined;
    const test = caseFor(kind, bigEndian);
    if (!test) {
      it(`${file}: not parsed (${kind} is not part of the snapshot model)`, () => {
        expect(NOT_PARSED).toContain(kind);
      });
      continue;
    }
    it(`${file}: every record parsed, nothing skipped, and detected as ${DETECTS_AS[file] ?? test.formatId}`, () => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const result = test.parse(text);
      const junk = EXPECTED_SKIPPED[file] ?? [];
      expect(result.skipped).toEqual(junk);
      expect(test.count(result)).toBe(test.expected(text) - junk.length);
      expect(test.count(result)).toBeGreaterThan(0);
      const scores = LINUX_PROC_FORMATS.map((f) => ({ id: f.id, score: f.detect(text) })).sort(
        (a, b) => b.score - a.score,
      );
      expect(scores[0]?.id).toBe(DETECTS_AS[file] ?? test.formatId);
      expect(scores[0]?.score).toBeGreaterThanOrEqual(0.8);
      // The import path guesses the byte order; it must agree with the file name.
      const spec = LINUX_PROC_FORMATS.find((f) => f.id === test.formatId);
      expect(spec?.parse(text).data).toEqual(result.data);
    });
  }

  it('decodes the big-endian captures to the addresses they hold', () => {
    const addresses = (file: string, protocol: 'tcp' | 'udp'): string[] =>
      (
        parseProcNetSockets(readFileSync(path.join(dir, file), 'utf8'), { protocol, endianness: 'be' }).data
          .connections ?? []
      ).map((c) => c.localAddress);
    expect(addresses('proc-net-tcp-bigendian--dotnet-runtime--1.txt', 'tcp')).toContain('127.0.0.1');
    expect(addresses('proc-net-udp-bigendian--dotnet-runtime--1.txt', 'udp')).toContain('10.105.131.255');
    expect(addresses('proc-net-tcp6-bigendian--dotnet-runtime--1.txt', 'tcp')).toEqual(
      expect.arrayContaining(['::1', 'fec0::aa64:0:0:1']),
    );
  });
});
