/**
 * 500k rows through the paths that spread arrays into calls before (push(...rows),
 * Math.max(...widths)): V8 puts every spread argument on the stack, which throws
 * RangeError above ~120k elements. A saved `netstat -ano` of a busy server, a
 * macOS host with a huge socket table and the CLI's table printer must all hold.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable } from '../src/main/cli/table';
import { createMacosCollectors } from '../src/main/collectors/macos';
import type { CommandRunner } from '../src/main/collectors/run-command';
import { importFile } from '../src/main/import';

const ROWS = 500_000;
const dir = mkdtempSync(path.join(tmpdir(), 'netscope-import-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Distinct sockets: a local port and a remote address/port per row, as a busy server has. */
function endpoints(i: number): { local: string; remote: string } {
  const remote = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return { local: `192.168.1.10:${1024 + (i % 60_000)}`, remote: `${remote}:${443 + (i % 7)}` };
}

function windowsNetstatAno(rows: number): string {
  const lines = [
    '',
    'Active Connections',
    '',
    '  Proto  Local Address          Foreign Address        State           PID',
  ];
  for (let i = 0; i < rows; i++) {
    const { local, remote } = endpoints(i);
    lines.push(`  TCP    ${local.padEnd(23)}${remote.padEnd(23)}ESTABLISHED     ${1000 + (i % 5000)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

function macosNetstatAnv(rows: number): string {
  const lines = [
    'Active Internet connections (including servers)',
    'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options',
  ];
  for (let i = 0; i < rows; i++) {
    const { local, remote } = endpoints(i);
    const dotted = (e: string) => e.replace(/:(\d+)$/, '.$1');
    lines.push(
      `tcp4       0      0  ${dotted(local).padEnd(23)}${dotted(remote).padEnd(23)}ESTABLISHED 131072 131072  ${1000 + (i % 5000)}      0 0x0000 0x00000006`,
    );
  }
  return lines.join('\n') + '\n';
}

function macosLsofFields(rows: number): string {
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const { local, remote } = endpoints(i);
    if (i % 1000 === 0) parts.push(`p${1000 + i / 1000}\ncnginx\nu0\nLroot\n`);
    parts.push(`f${10 + (i % 1000)}\ntIPv4\nPTCP\nn${local}->${remote}\nTST=ESTABLISHED\n`);
  }
  return parts.join('');
}

// Generous timeouts: the CPU is shared and 500k rows take seconds; the failure this guards against is a RangeError.
describe('500k rows (no spread of an unbounded array)', { timeout: 120_000 }, () => {
  it('imports a 500k-row Windows netstat -ano file', async () => {
    const file = path.join(dir, 'netstat-ano.txt');
    writeFileSync(file, windowsNetstatAno(ROWS));
    const outcome = await importFile(file);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.snapshot.connections).toHaveLength(ROWS);
    expect(outcome.snapshot.connections[ROWS - 1]).toMatchObject({ localPort: 1024 + ((ROWS - 1) % 60_000) });
    expect(new Set(outcome.snapshot.connections.map((c) => c.id)).size).toBe(ROWS);
  });

  it('imports a 500k-row macOS netstat -anv file', async () => {
    const file = path.join(dir, 'netstat-anv.txt');
    writeFileSync(file, macosNetstatAnv(ROWS));
    const outcome = await importFile(file);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.format.id).toMatch(/^macos-/);
    expect(outcome.snapshot.connections).toHaveLength(ROWS);
  });

  it('collects 500k macOS sockets from lsof and, when lsof fails, from netstat -anv', async () => {
    const enc = new TextEncoder();
    const tcp = macosNetstatAnv(ROWS);
    const outputs: Record<string, string> = {
      'lsof -nP -iTCP -iUDP -Tqs -F pcuLfnPtT': macosLsofFields(ROWS),
      'netstat -anv -p tcp': tcp,
      'netstat -anv -p udp': tcp.split('\n').slice(0, 2).join('\n'),
    };
    let lsofWorks = true;
    const run: CommandRunner = async (cmd, args) => {
      const key = [cmd, ...args].join(' ');
      const out = outputs[key];
      if (out === undefined || (cmd === 'lsof' && !lsofWorks)) throw new Error(`${cmd} failed`);
      return { stdout: enc.encode(out), stderr: new Uint8Array(), code: 0 };
    };
    const signal = new AbortController().signal;
    const fromLsof = await createMacosCollectors({ run, isRoot: () => true }).connections.collect({ signal });
    expect(fromLsof.data).toHaveLength(ROWS);
    lsofWorks = false;
    const fromNetstat = await createMacosCollectors({ run, isRoot: () => true }).connections.collect({ signal });
    expect(fromNetstat.data).toHaveLength(ROWS);
    expect(fromNetstat.warnings.join()).toMatch(/lsof failed/);
  });

  it('imports 100k identical rows as fast as unique ones would go (no one-by-one .2, .3 ... probing)', async () => {
    // 68.7k identical rows once took 51 s: each twin tried every earlier ordinal. With a quadratic
    // disambiguation this test does not finish within its timeout.
    const file = path.join(dir, 'twins.txt');
    const row = '  TCP    10.0.0.1:80            10.0.0.2:5000          TIME_WAIT       0';
    writeFileSync(file, windowsNetstatAno(0) + `${row}\r\n`.repeat(100_000));
    const outcome = await importFile(file);
    if (!outcome.ok) throw new Error(outcome.error);
    const ids = outcome.snapshot.connections.map((c) => c.id);
    expect(ids).toHaveLength(100_000);
    expect(new Set(ids).size).toBe(100_000);
    expect(ids[0]).toBe('tcp4 10.0.0.1:80 10.0.0.2:5000#p0');
    expect(ids[99_999]).toBe('tcp4 10.0.0.1:80 10.0.0.2:5000#0.100000');
  });

  it("prints a 500k-row table (the CLI's column widths)", () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ['tcp', endpoints(i).local, i === 7 ? 'x'.repeat(40) : 'y']);
    const text = formatTable(['Proto', 'Local Address', 'Foreign Address'], rows);
    const lines = text.split('\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[0]).toBe(`Proto  ${'Local Address'.padEnd(18)}  Foreign Address`);
    expect(lines[8]).toBe(`tcp    ${endpoints(7).local.padEnd(18)}  ${'x'.repeat(40)}`);
  });
});
