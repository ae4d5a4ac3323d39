/**
 * What `netscope import` (and File > Open Saved Output..., which calls the same
 * importFile) agrees to read: a regular file, after links, within the size cap,
 * opened without blocking; and big files streamed line by line with the same
 * result as reading them whole.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importBytes, importFile } from '../src/main/import';
import { completeUtf8Length, LineSplitter, streamDecoderFor } from '../src/main/import/decode-stream';
import { ImportTooLarge, openImportFile, readRest } from '../src/main/import/read-input';
import type { Connection, Snapshot } from '../src/shared/model';
import { fixturesPath, fixturesPresent } from './helpers/fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'netscope-import-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'netscope.js');
const built = existsSync(path.join(ROOT, 'out', 'cli', 'index.js'));
const hasFixtures = fixturesPresent('', 'streaming equivalence over fixtures');
/** Every captured socket listing of a format that streams (Windows netstat, Linux ss and net-tools netstat). */
function streamableFixtures(): string[] {
  const pick = (os: string, re: RegExp) =>
    readdirSync(fixturesPath(os))
      .filter((f) => re.test(f))
      .map((f) => fixturesPath(os, f));
  return [
    ...pick('windows', /^netstat-/),
    ...pick('linux', /^(ss-|netstat-(?!i-|s-|r)|netstat--)/),
    ...pick('macos', /^netstat-(?!i|s-|r)|^netstat--|^lsof-/),
    ...pick('linux', /^lsof-/),
  ];
}

const ANO_HEAD =
  '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n';
function anoRows(from: number, count: number): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    lines.push(
      `  TCP    10.0.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)}     172.16.0.1:443         ESTABLISHED     ${i}`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

describe('importFile refuses what is not a regular file', () => {
  it('refuses /dev/zero and a link to it, naming the target', async () => {
    const zero = await importFile('/dev/zero');
    expect(zero).toEqual({
      ok: false,
      error: expect.stringMatching(/\/dev\/zero: it is a character device, not a regular file/),
    });
    const link = path.join(dir, 'customer.txt');
    symlinkSync('/dev/zero', link);
    const viaLink = await importFile(link);
    expect(viaLink).toEqual({
      ok: false,
      error: expect.stringMatching(/customer\.txt \(a link to \/dev\/zero\): it is a character device/),
    });
  });

  it('refuses a FIFO with no writer at once instead of hanging on open', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // If the import opened the FIFO blocking, this await would never settle (no writer) and the test would time out.
    expect(await importFile(fifo)).toEqual({ ok: false, error: expect.stringMatching(/it is a FIFO \(named pipe\)/) });
  });

  it('refuses a directory', async () => {
    expect(await importFile(dir)).toEqual({
      ok: false,
      error: expect.stringMatching(/it is a directory, not a regular file/),
    });
  });

  it('refuses a file over the cap, and one that grows past it while being read', async () => {
    const file = path.join(dir, 'big.txt');
    writeFileSync(file, ANO_HEAD + anoRows(0, 100));
    expect(await importFile(file, { maxBytes: 1000 })).toEqual({
      ok: false,
      error: expect.stringMatching(
        /big\.txt: it is \d\.\d KiB, over the import limit of 1000 bytes \(raise it with --max-size\)/,
      ),
    });
    const growing = path.join(dir, 'growing.txt');
    writeFileSync(growing, 'x'.repeat(1000));
    const opened = await openImportFile(growing, 1500);
    if (!opened.ok) throw new Error(opened.error);
    appendFileSync(growing, 'y'.repeat(1000));
    await expect(readRest(opened.input)).rejects.toBeInstanceOf(ImportTooLarge);
    await opened.input.close();
  });

  it.skipIf(!built)('the CLI exits 2 with the message for /dev/zero, a FIFO and a file over --max-size', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, 'import', ...args], { encoding: 'utf8', timeout: 20_000 });
    const zero = run('/dev/zero');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/character device, not a regular file/);
    const fifo = path.join(dir, 'cli-pipe');
    execFileSync('mkfifo', [fifo]);
    const pipe = run(fifo);
    expect(pipe.status).toBe(2);
    expect(pipe.stderr).toMatch(/FIFO/);
    const file = path.join(dir, 'cli-big.txt');
    writeFileSync(file, ANO_HEAD + anoRows(0, 100));
    const big = run(file, '--max-size', '1K');
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/over the import limit of 1\.0 KiB/);
    expect(run(file, '--max-size', 'lots').status).toBe(2);
    expect(run(file, '--max-size', '1M').status).toBe(0);
  });
});

/** A snapshot without the fields that differ between two reads of one file. */
function comparable(outcome: Awaited<ReturnType<typeof importFile>>): unknown {
  if (!outcome.ok) return outcome;
  const snapshot: Snapshot = { ...outcome.snapshot, takenAt: 0 };
  return { ...outcome, snapshot };
}

describe('big files are streamed line by line with the result of a whole read', () => {
  it('reads a file of several chunks (lines cut at chunk ends, CRLF split across them) as a whole read does', async () => {
    const file = path.join(dir, 'chunks.txt');
    // ~3.4 MiB: several 1 MiB chunks; a trailing word and a bad row must be counted the same way.
    writeFileSync(file, `${ANO_HEAD}${anoRows(0, 20_000)}  TCP    nonsense\r\n${anoRows(20_000, 20_000)}trailer\r\n`);
    const whole = importBytes(readFileSync(file), file);
    const streamed = await importFile(file, { streamAboveBytes: 0 });
    expect(comparable(streamed)).toEqual(comparable(whole));
    if (!streamed.ok) throw new Error(streamed.error);
    expect(streamed.snapshot.connections).toHaveLength(40_000);
    expect(streamed.skipped).toBe(2);
  });

  it('hands rows to onRow instead of keeping them, with the count', async () => {
    const file = path.join(dir, 'sink.txt');
    writeFileSync(file, ANO_HEAD + anoRows(0, 5000));
    const rows: Connection[] = [];
    const outcome = await importFile(file, { streamAboveBytes: 0, onRow: (row) => rows.push(row) });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.streamedRows).toBe(5000);
    expect(outcome.snapshot.connections).toEqual([]);
    expect(rows[4999]).toMatchObject({ localPort: 1024 + 4999, pid: 4999 });
  });

  it('streams UTF-16LE (PowerShell >) the same as a whole read', async () => {
    const file = path.join(dir, 'utf16.txt');
    const text = ANO_HEAD + anoRows(0, 8000);
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(comparable(await importFile(file, { streamAboveBytes: 0 }))).toEqual(
      comparable(importBytes(readFileSync(file), file)),
    );
  });

  it.skipIf(!hasFixtures)('gives the same snapshot for every captured netstat and ss output', async () => {
    const files = streamableFixtures();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const whole = importBytes(readFileSync(file), file);
      expect(comparable(await importFile(file, { streamAboveBytes: 0 })), file).toEqual(comparable(whole));
    }
  });

  it('streams a multi-chunk Linux ss -tanp and net-tools netstat file as a whole read does', async () => {
    const ss = ['State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process'];
    const netstat = [
      'Active Internet connections (servers and established)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name',
    ];
    for (let i = 0; i < 30_000; i++) {
      const local = `10.0.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)}`;
      ss.push(`ESTAB  0      0      ${local}  172.16.0.1:443 users:(("nginx",pid=${i},fd=${i % 100}))`);
      netstat.push(`tcp        0      0 ${local.padEnd(23)} 172.16.0.1:443          ESTABLISHED ${i}/nginx: worker`);
    }
    ss.push('garbage line here');
    for (const [name, lines] of [
      ['ss.txt', ss],
      ['netstat.txt', netstat],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const streamed = await importFile(file, { streamAboveBytes: 0 });
      expect(comparable(streamed), name).toEqual(comparable(importBytes(readFileSync(file), file)));
      if (!streamed.ok) throw new Error(streamed.error);
      expect(streamed.snapshot.connections).toHaveLength(30_000);
      expect(streamed.format.id).toBe(name === 'ss.txt' ? 'linux-ss' : 'linux-netstat');
    }
  });

  it('streams multi-chunk lsof field output (-F, and -F0 with NULs) and columns as whole reads do', async () => {
    const fields: string[] = [];
    const columns = ['COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME'];
    for (let i = 0; i < 30_000; i++) {
      const name = `10.0.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)}->172.16.0.1:443`;
      if (i % 100 === 0) fields.push(`p${1000 + i / 100}`, 'cnginx', 'u0', 'Lroot');
      fields.push(`f${10 + (i % 100)}`, 'tIPv4', 'PTCP', `n${name}`, 'TST=ESTABLISHED');
      columns.push(
        `nginx   ${1000 + Math.floor(i / 100)} root ${10 + (i % 100)}u  IPv4 0x1      0t0  TCP ${name} (ESTABLISHED)`,
      );
    }
    for (const [name, text] of [
      ['lsof-F.txt', `${fields.join('\n')}\n`],
      ['lsof-F0.txt', `${fields.join('\0')}\0\n`],
      ['lsof-columns.txt', `${columns.join('\n')}\n`],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const streamed = await importFile(file, { streamAboveBytes: 0 });
      expect(comparable(streamed), name).toEqual(comparable(importBytes(readFileSync(file), file)));
      if (!streamed.ok) throw new Error(streamed.error);
      expect(streamed.snapshot.connections, name).toHaveLength(30_000);
    }
  });

  it('falls back to a whole read for formats that are not line tables', async () => {
    const file = path.join(dir, 'route.txt');
    writeFileSync(
      file,
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0\n',
    );
    const outcome = await importFile(file, { streamAboveBytes: 0, onRow: () => undefined });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.streamedRows).toBeUndefined();
    expect(outcome.snapshot.routes).toHaveLength(1);
  });
});

describe.skipIf(!built)('the built CLI on a file big enough to stream (over 8 MiB)', () => {
  const file = path.join(dir, 'big-ano.txt');
  const ROWS = 130_000;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'import', file, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 120_000,
    });

  it('prints every row as a table, CSV (CRLF records) and JSON, and filters while streaming', () => {
    writeFileSync(file, ANO_HEAD + anoRows(0, ROWS) + 'trailing words\r\n');
    const table = run();
    expect(table.status).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('Active connections');
    expect(lines.filter((l) => l.startsWith('tcp ')).length).toBe(ROWS);
    expect(table.stderr).toMatch(new RegExp(`netscope: ${ROWS} connections`));
    expect(table.stderr).toMatch(/1 line could not be read, e\.g\. 'trailing words'/);
    const csv = run('--csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.endsWith('\r\n')).toBe(true);
    expect(csv.stdout.split('\r\n')).toHaveLength(ROWS + 2);
    const filtered = run('--filter', 'pid:77');
    expect(filtered.stdout.split('\n').filter((l) => l.startsWith('tcp '))).toHaveLength(1);
    const json = run('--json');
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as { connections: Connection[] };
    expect(parsed.connections).toHaveLength(ROWS);
    expect(new Set(parsed.connections.map((c) => c.id)).size).toBe(ROWS);
  });
});

describe('stream decoding and line splitting', () => {
  it('splits at CRLF, CR and LF across chunk boundaries like splitLines', () => {
    const text = 'a\r\nb\rc\nd\r\n\r\ne';
    for (let cut = 0; cut <= text.length; cut++) {
      const lines: string[] = [];
      const splitter = new LineSplitter((l) => lines.push(l));
      splitter.write(text.slice(0, cut));
      splitter.write(text.slice(cut));
      splitter.end();
      expect(lines, `cut at ${cut}`).toEqual(text.split(/\r\n|\r|\n/));
    }
  });

  it('keeps a UTF-8 character cut between chunks whole', () => {
    const bytes = Buffer.from('état €', 'utf8');
    expect(completeUtf8Length(bytes.subarray(0, 1))).toBe(0);
    expect(completeUtf8Length(bytes.subarray(0, 2))).toBe(2);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = streamDecoderFor(bytes.subarray(0, Math.max(cut, 1)));
      const text = decoder.write(bytes.subarray(0, cut)) + decoder.write(bytes.subarray(cut)) + decoder.end();
      expect(text, `cut at ${cut}`).toBe('état €');
    }
  });

  it('switches to the OEM code page where the bytes stop being UTF-8', () => {
    // 'ÉCOUTE' in cp850 (É = 0x90) after an ASCII head: the head stays, the rest reads as cp850.
    const head = Buffer.from('  TCP    0.0.0.0:80     0.0.0.0:0     LISTENING\r\n', 'latin1');
    const tail = Buffer.from([0x20, 0x20, 0x90, 0x43, 0x4f, 0x55, 0x54, 0x45, 0x0d, 0x0a]);
    const decoder = streamDecoderFor(head);
    const text = decoder.write(head) + decoder.write(tail) + decoder.end();
    expect(text).toBe(`${head.toString('latin1')}  ÉCOUTE\r\n`);
    expect(decoder.encoding).not.toBe('utf8');
  });
});
