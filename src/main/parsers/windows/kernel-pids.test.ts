/**
 * PID 4 and PID 0 in imported Windows listings are named as TCPView and `netstat -b` name them ("System", "System
 * Idle Process"), where the file names no owner; checked on the real captures in ../shared/fixtures/windows
 * (skipped with a message where that folder is absent), read whole and streamed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';
import { importBytes, importFile } from '../../import';
import { parseWindowsNetstat } from './netstat-connections';

const present = fixturesPresent('windows', 'Windows kernel PID naming tests');

/** The rows `netscope import` (and File > Open Saved Output…) read from a capture's bytes. */
function rowsOf(file: string): Connection[] {
  const out = importBytes(readFileSync(fixturesPath('windows', file)), file);
  if (!out.ok) throw new Error(out.error);
  return out.snapshot.connections;
}

const namesOf = (rows: Connection[], pid: number): Set<string | null> =>
  new Set(rows.filter((r) => r.pid === pid).map((r) => r.processName));

describe.skipIf(!present)('kernel PIDs in captured Windows netstat output', () => {
  it.each([
    // [file, rows of PID 4, rows of PID 0]: the counts pin that every such row was seen, not only one.
    ['netstat-ano--jc--1.txt', 23, 0],
    ['netstat-ano-fr-FR--unknown-fr-tp1--1.txt', 23, 6],
    ['netstat-ano-es-ES--unknown-es-w11-hardening-course--1.txt', 4, 1],
    ['netstat-ano-zh-CN--unknown-zh-port-blog--1.txt', 1, 0],
  ])('%s (-ano: PIDs, no names): PID 4 is System, PID 0 System Idle Process, others stay unnamed', (file, n4, n0) => {
    const rows = rowsOf(file);
    expect(rows.filter((r) => r.pid === 4)).toHaveLength(n4);
    expect(rows.filter((r) => r.pid === 0)).toHaveLength(n0);
    if (n4 > 0) expect(namesOf(rows, 4)).toEqual(new Set(['System']));
    if (n0 > 0) expect(namesOf(rows, 0)).toEqual(new Set(['System Idle Process']));
    expect(rows.filter((r) => r.pid !== 0 && r.pid !== 4 && r.processName !== null)).toEqual([]);
  });

  it('-anob: PID 4\'s "Can not obtain ownership information" rows are System; named rows keep their [exe]', () => {
    const rows = rowsOf('netstat-anob--jc--1.txt');
    expect(rows.find((r) => r.localPort === 445 && r.localAddress === '0.0.0.0')).toMatchObject({
      pid: 4,
      processName: 'System',
    });
    expect(namesOf(rows, 4)).toEqual(new Set(['System']));
    expect(namesOf(rows, 0)).toEqual(new Set(['System Idle Process']));
    expect(rows.find((r) => r.pid === 9396)?.processName).toBe('vmware-hostd.exe');
  });

  it('names them in a file streamed line by line too (a big file never passes through the whole-file parse)', async () => {
    const streamed: Connection[] = [];
    const out = await importFile(fixturesPath('windows', 'netstat-anob--jc--1.txt'), {
      streamAboveBytes: 0,
      onRow: (row) => streamed.push(row),
    });
    expect(out).toMatchObject({ ok: true, streamedRows: streamed.length });
    expect(namesOf(streamed, 4)).toEqual(new Set(['System']));
    expect(namesOf(streamed, 0)).toEqual(new Set(['System Idle Process']));
  });

  it("the live collectors' parse is left as netstat printed it (there an empty name means a failed lookup)", () => {
    const text = readFileSync(fixturesPath('windows', 'netstat-anob--jc--1.txt'), 'utf8');
    const rows = parseWindowsNetstat(text).data.connections ?? [];
    expect(namesOf(rows, 4)).toEqual(new Set([null]));
  });

  it('-b without PIDs: nothing to name by (no row gets a kernel name)', () => {
    const rows = rowsOf('netstat-b-es-ES--unknown-es-p2-comandos--1.txt');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.processName === 'System' || r.processName === 'System Idle Process')).toEqual([]);
  });
});

describe('kernel PIDs in Get-NetTCPConnection JSON', () => {
  it('names PID 4 and 0 where the object has no ProcessName, and keeps a name the file gives', () => {
    const json = JSON.stringify([
      { LocalAddress: '0.0.0.0', LocalPort: 445, RemoteAddress: '0.0.0.0', RemotePort: 0, State: 2, OwningProcess: 4 },
      {
        LocalAddress: '10.0.0.5',
        LocalPort: 50000,
        RemoteAddress: '10.0.0.9',
        RemotePort: 443,
        State: 11,
        OwningProcess: 0,
      },
      { LocalAddress: '0.0.0.0', LocalPort: 139, State: 2, OwningProcess: 4, ProcessName: 'ntoskrnl' },
      { LocalAddress: '0.0.0.0', LocalPort: 135, State: 2, OwningProcess: 1712 },
    ]);
    const out = importBytes(new TextEncoder().encode(json), 'get-nettcpconnection.json');
    if (!out.ok) throw new Error(out.error);
    const rows = out.snapshot.connections;
    expect(rows.map((r) => [r.pid, r.processName])).toEqual([
      [4, 'System'],
      [0, 'System Idle Process'],
      [4, 'ntoskrnl'],
      [1712, null],
    ]);
  });
});
