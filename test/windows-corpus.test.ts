/**
 * Every captured Windows output in ../shared/fixtures/windows: the right format
 * wins detection, and the parser's row counts match counts taken here
 * independently from the raw lines. Linux and macOS captures must not be claimed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FormatSpec } from '../src/main/parsers/format';
import type { Connection } from '../src/shared/model';
import { decodeConsoleOutput, decodeWith } from '../src/main/parsers/windows/codepage';
import { WINDOWS_FORMATS } from '../src/main/parsers/windows/formats';
import { WINDOWS_KERNEL_NAMES } from '../src/main/parsers/windows/kernel-pids';
import { fixturesPath, fixturesPresent } from './helpers/fixtures';

const fixtures = fixturesPath();
const windowsDir = path.join(fixtures, 'windows');
const present = fixturesPresent('windows', 'Windows corpus tests');

function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

function best(text: string): FormatSpec {
  const ranked = [...WINDOWS_FORMATS].sort((a, b) => b.detect(text) - a.detect(text));
  return ranked[0] as FormatSpec;
}

function expectedFormat(file: string): string {
  if (file.startsWith('route-print')) return 'windows-route-print';
  if (file.startsWith('netstat-e-s')) return 'windows-netstat-s';
  if (file.startsWith('netstat-e-')) return 'windows-netstat-e';
  if (file.startsWith('get-nettcpconnection')) return 'windows-get-nettcpconnection';
  return 'windows-netstat-an';
}

const files = present ? readdirSync(windowsDir).sort() : [];

describe.skipIf(!present)('Windows corpus', () => {
  it('has the fixture files this suite was written against', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s: the right format wins detection', (file) => {
    const text = read(windowsDir, file);
    const winner = best(text);
    expect(winner.id).toBe(expectedFormat(file));
    expect(winner.detect(text)).toBeGreaterThanOrEqual(0.5);
  });

  const netstatFiles = files.filter((f) => expectedFormat(f) === 'windows-netstat-an');
  it.each(netstatFiles)('%s: one connection per TCP/UDP line, owners as -b printed them', (file) => {
    const text = read(windowsDir, file);
    const result = best(text).parse(text);
    const rows = result.data.connections ?? [];
    const dataLines = lines(text).filter((l) => /^\s*(TCP|UDP)\s/.test(l));
    expect(rows).toHaveLength(dataLines.length);
    expect(result.skipped).toEqual([]);
    expect(rows.filter((c) => c.protocol === 'udp')).toHaveLength(dataLines.filter((l) => /^\s*UDP\s/.test(l)).length);
    expect(rows.filter((c) => c.state === 'UNKNOWN')).toEqual([]);
    // PID 4 and 0 are named where -b names no owner (parsers/windows/kernel-pids.ts); every other name is -b's. A
    // kernel PID's row is left out of both counts, whether -b printed its name ([System] under PID 4) or the parser
    // gave it; an [exe] line belongs to the TCP/UDP line above it.
    let pidAbove: number | null = null;
    const exeLines = lines(text).filter((l) => {
      const data = /^\s*(?:TCP|UDP)\s.*\s(\d+)\s*$/.exec(l);
      if (data) pidAbove = Number(data[1]);
      const name = /^\s*\[(.+)\]\s*$/.exec(l)?.[1];
      return name !== undefined && !(pidAbove !== null && WINDOWS_KERNEL_NAMES.get(pidAbove) === name);
    }).length;
    const kernelNamed = (c: Connection): boolean => c.pid !== null && WINDOWS_KERNEL_NAMES.get(c.pid) === c.processName;
    expect(rows.filter((c) => c.processName !== null && !kernelNamed(c))).toHaveLength(exeLines);
    const componentLines = lines(text).filter((l) => /^\s+[^\s[\]]+\s*$/.test(l) && !/^\s*(TCP|UDP)\s/.test(l)).length;
    expect(rows.reduce((n, c) => n + (c.components?.length ?? 0), 0)).toBe(componentLines);
    const pidLines = dataLines.filter((l) => /\s\d+\s*$/.test(l)).length;
    expect(rows.filter((c) => c.pid !== null)).toHaveLength(pidLines);
  });

  const routeFiles = files.filter((f) => expectedFormat(f) === 'windows-route-print');
  it.each(routeFiles)('%s: one route per row of route-table shape', (file) => {
    const text = read(windowsDir, file);
    const routes = best(text).parse(text).data.routes ?? [];
    const v4 = lines(text).filter((l) => /^\s*\d+\.\d+\.\d+\.\d+\s+\d+\.\d+\.\d+\.\d+\s+\S/.test(l)).length;
    const v6 = lines(text).filter((l) => /^\s*\d+\s+\d+\s+[0-9a-f:]+\/\d+/i.test(l)).length;
    expect(routes.filter((r) => r.family === 4)).toHaveLength(v4);
    expect(routes.filter((r) => r.family === 6)).toHaveLength(v6);
    expect(routes.filter((r) => r.gateway === null).length).toBeGreaterThan(0);
    expect(routes.every((r) => r.family === 6 || r.table === 'persistent' || r.interface.length > 0)).toBe(true);
  });

  it.each(files.filter((f) => expectedFormat(f) === 'windows-netstat-e'))(
    '%s: totals from the last Bytes row',
    (file) => {
      const text = read(windowsDir, file);
      const [iface, ...more] = best(text).parse(text).data.interfaces ?? [];
      expect(more).toEqual([]);
      const bytes =
        lines(text)
          .filter((l) => /^Bytes\s/.test(l))
          .pop()
          ?.trim()
          .split(/\s+/) ?? [];
      expect(iface?.counters.rxBytes).toBe(Number(bytes[1]));
      expect(iface?.counters.txBytes).toBe(Number(bytes[2]));
    },
  );

  it('netstat -e -s: eight groups, every counter, and the interface', () => {
    const file = files.find((f) => f.startsWith('netstat-e-s'));
    if (!file) return;
    const text = read(windowsDir, file);
    const result = best(text).parse(text);
    const stats = result.data.protocolStats ?? {};
    expect(Object.keys(stats).sort()).toEqual(['Icmp', 'Icmp6', 'Ip', 'Ip6', 'Tcp', 'Tcp6', 'Udp', 'Udp6']);
    const all = lines(text);
    const firstEquals = all.findIndex((l) => l.includes('='));
    const equalsRows = all.filter((l) => /=\s*\d+\s*$/.test(l)).length;
    const twoColumnRows = all.slice(firstEquals).filter((l) => /^\S.*\s\d+\s+\d+\s*$/.test(l)).length;
    const total = Object.values(stats).reduce((n, group) => n + Object.keys(group).length, 0);
    expect(total).toBe(equalsRows + 2 * twoColumnRows);
    expect(stats.Tcp?.['Active Opens']).toBe(64644);
    expect(stats.Icmp6?.['Router Advertisements Received']).toBe(1500);
    expect(result.data.interfaces?.[0]?.counters.rxBytes).toBe(1279913096);
  });

  it('Get-NetTCPConnection JSON: every complete object', () => {
    const file = files.find((f) => f.startsWith('get-nettcpconnection'));
    if (!file) return;
    const text = read(windowsDir, file);
    const rows = best(text).parse(text).data.connections ?? [];
    expect(rows).toHaveLength(text.match(/\{[^{}]*\}/g)?.length ?? -1);
    expect(rows.every((c) => c.state === 'ESTABLISHED' && c.processName !== null)).toBe(true);
  });

  it.each([
    ['netstat-anb-fr-FR--fonct_reseaux_Dany--1.txt', 'cp850'],
    ['netstat-ano-es-ES--unknown-es-w11-hardening-course--1.txt', 'cp850'],
    ['netstat-ano-zh-CN--unknown-zh-port-blog--1.txt', 'gbk'],
  ])('%s survives being written in %s or UTF-16LE', (file, encoding) => {
    if (!files.includes(file)) return;
    const text = read(windowsDir, file);
    const bytes = iconv.encode(text, encoding);
    const decoded = decodeConsoleOutput(bytes);
    expect(decoded.text).toBe(decodeWith(bytes, encoding));
    expect(decodeConsoleOutput(iconv.encode(text, 'utf16le')).text).toBe(text);
    const rows = best(decoded.text).parse(decoded.text).data.connections ?? [];
    expect(rows).toHaveLength(lines(text).filter((l) => /^\s*(TCP|UDP)\s/.test(l)).length);
  });
});

describe.skipIf(!present)('other systems are not claimed', () => {
  const others = ['linux', 'macos'].flatMap((os) =>
    existsSync(path.join(fixtures, os)) ? readdirSync(path.join(fixtures, os)).map((f) => [os, f] as const) : [],
  );
  it('has Linux and macOS captures to check', () => {
    expect(others.length).toBeGreaterThan(10);
  });
  it.each(others)('%s/%s', (os, file) => {
    const text = read(path.join(fixtures, os), file);
    for (const spec of WINDOWS_FORMATS)
      expect({ id: spec.id, score: spec.detect(text) }).toEqual({ id: spec.id, score: 0 });
  });
});
