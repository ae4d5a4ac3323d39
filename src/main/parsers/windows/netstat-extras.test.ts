/**
 * Windows `netstat -t` (offload state) and `-y` (TCP template), alone and with -o, written from the format
 * Microsoft's netstat page documents (the column after the state, and after the PID with -o), in English and in
 * German (translated headers and states; the column's values are enum names in every language).
 */
import { describe, expect, it } from 'vitest';
import { importBytes } from '../../import';
import { parseWindowsNetstat } from './netstat-connections';
import { takeTrailingColumns } from './netstat-extras';

const NETSTAT_ANT = `
Active Connections

  Proto  Local Address          Foreign Address        State           Offload State

  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       InHost
  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       InHost
  TCP    192.168.1.20:49721     52.96.165.2:443        ESTABLISHED     InHost
  TCP    10.0.0.5:445           10.0.0.9:50112         ESTABLISHED     Offloaded
  TCP    10.0.0.5:445           10.0.0.9:50113         TIME_WAIT       Uploading
  TCP    [::]:135               [::]:0                 LISTENING       InHost
  TCP    [fe80::1c2b:3a4d:5e6f:7081%12]:49800  [fe80::99%12]:445  ESTABLISHED     Offloading
  UDP    0.0.0.0:123            *:*                    
`;

const NETSTAT_ANOT_DE = `
Aktive Verbindungen

  Proto  Lokale Adresse         Remoteadresse          Status           PID      Auslagerungszustand

  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN          1108     InHost
  TCP    192.168.1.20:49721     52.96.165.2:443        HERGESTELLT      7312     InHost
  TCP    10.0.0.5:445           10.0.0.9:50112         HERGESTELLT      4        Offloaded
`;

const NETSTAT_ANY = `
Active Connections

  Proto  Local Address          Foreign Address        State           Template

  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       Not Applicable
  TCP    192.168.1.20:49721     52.96.165.2:443        ESTABLISHED     Internet
  TCP    10.0.0.5:445           10.0.0.9:50112         ESTABLISHED     Datacenter
  TCP    10.0.0.5:5985          10.0.0.9:50200         ESTABLISHED     DatacenterCustom
  TCP    [::1]:49670            [::1]:49671            ESTABLISHED     Compat
`;

const NETSTAT_ANOY = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID      Template

  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1108     Not Applicable
  TCP    192.168.1.20:49721     52.96.165.2:443        ESTABLISHED     7312     InternetCustom
`;

describe('netstat -t: the offload state column', () => {
  it('reads each row with its offload state, state and addresses as in -an', () => {
    const result = parseWindowsNetstat(NETSTAT_ANT);
    const rows = result.data.connections ?? [];
    expect(result.skippedCount).toBe(0);
    expect(result.extraColumns).toEqual(['t']);
    expect(rows.map((r) => [r.localPort, r.remotePort, r.state, r.offloadState])).toEqual([
      [135, 0, 'LISTEN', 'InHost'],
      [445, 0, 'LISTEN', 'InHost'],
      [49721, 443, 'ESTABLISHED', 'InHost'],
      [445, 50112, 'ESTABLISHED', 'Offloaded'],
      [445, 50113, 'TIME_WAIT', 'Uploading'],
      [135, 0, 'LISTEN', 'InHost'],
      [49800, 445, 'ESTABLISHED', 'Offloading'],
      [123, 0, 'NONE', undefined],
    ]);
    expect(rows[6]?.localAddress).toBe('fe80::1c2b:3a4d:5e6f:7081%12');
  });

  it('keeps the PID of -anot (the PID column comes before the offload state) in another language', () => {
    const rows = parseWindowsNetstat(NETSTAT_ANOT_DE).data.connections ?? [];
    expect(rows.map((r) => [r.pid, r.state, r.offloadState])).toEqual([
      [1108, 'LISTEN', 'InHost'],
      [7312, 'ESTABLISHED', 'InHost'],
      [4, 'ESTABLISHED', 'Offloaded'],
    ]);
  });
});

describe('netstat -y: the TCP template column', () => {
  it('reads each template; "Not Applicable" (a listener) is no template', () => {
    const result = parseWindowsNetstat(NETSTAT_ANY);
    const rows = result.data.connections ?? [];
    expect(result.skippedCount).toBe(0);
    expect(result.extraColumns).toEqual(['y']);
    expect(rows.map((r) => [r.state, r.template])).toEqual([
      ['LISTEN', undefined],
      ['ESTABLISHED', 'Internet'],
      ['ESTABLISHED', 'Datacenter'],
      ['ESTABLISHED', 'DatacenterCustom'],
      ['ESTABLISHED', 'Compat'],
    ]);
  });

  it('keeps the PID of -anoy', () => {
    const rows = parseWindowsNetstat(NETSTAT_ANOY).data.connections ?? [];
    expect(rows.map((r) => [r.pid, r.state, r.template])).toEqual([
      [1108, 'LISTEN', undefined],
      [7312, 'ESTABLISHED', 'InternetCustom'],
    ]);
  });

  it('takes only exact names off the end of a line: a state or a PID stays where it is', () => {
    const words = ['ESTABLISHED', '1234'];
    expect(takeTrailingColumns(words)).toEqual({ templateColumn: false });
    expect(words).toEqual(['ESTABLISHED', '1234']);
    const lower = ['ESTABLISHED', 'internet'];
    expect(takeTrailingColumns(lower)).toEqual({ templateColumn: false });
    expect(lower).toHaveLength(2);
    const applicable = ['LISTENING', 'Applicable'];
    expect(takeTrailingColumns(applicable)).toEqual({ templateColumn: false });
    expect(takeTrailingColumns([])).toEqual({ templateColumn: false });
  });
});

describe('netscope import of netstat -t / -y files', () => {
  const load = (text: string) => importBytes(new TextEncoder().encode(text), 'customer.txt');

  it('recognises them as Windows netstat and says which column they had', () => {
    for (const [text, label] of [
      [NETSTAT_ANT, 'netstat -an -t'],
      [NETSTAT_ANOT_DE, 'netstat -ano -t'],
      [NETSTAT_ANY, 'netstat -an -y'],
      [NETSTAT_ANOY, 'netstat -ano -y'],
    ] as const) {
      const out = load(text);
      if (!out.ok) throw new Error(out.error);
      expect(out.format.id).toBe('windows-netstat-an');
      expect(out.snapshot.platform).toBe('win32');
      expect(out.format.label).toBe(`Windows ${label}`);
      // A clean file warns of nothing (the flavour was a warning: "⚠ 1 warning" on every Windows netstat file).
      expect(out.snapshot.collectors.flatMap((c) => c.warnings)).toEqual([]);
    }
  });

  it('carries the offload states and templates into the snapshot rows', () => {
    const t = load(NETSTAT_ANT);
    const y = load(NETSTAT_ANY);
    if (!t.ok || !y.ok) throw new Error('not imported');
    expect(t.snapshot.connections.filter((c) => c.offloadState === 'Offloaded')).toHaveLength(1);
    expect(y.snapshot.connections.map((c) => c.template ?? '-')).toEqual([
      '-',
      'Internet',
      'Datacenter',
      'DatacenterCustom',
      'Compat',
    ]);
  });
});
